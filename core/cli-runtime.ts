/**
 * Shared by every subcommand, wherever it lives (bin/, ingest/commands, server/commands): global flags -> Config
 * -> Runtime, and one way to report failure (the message names the thing and the fix; the exit code says it
 * failed). The config schema and the archive (LanceDB) are imported when a command runs, not when it is
 * registered, so that `darkroom --help` loads neither.
 */
import type { Command } from 'commander';
import type { Config, ConfigInput } from './config.ts';
import { isDarkroomError, type ErrorCode } from './errors.ts';
import type { Runtime } from './runtime.ts';

/** Global flags, mirrored by DARKROOM_* variables (flags win). */
export function addGlobalOptions(program: Command): Command {
  return program
    .option('--home <dir>', 'archive folder (DARKROOM_HOME; default: data/archive in the project)')
    .option('--embed-model <dir>', 'local transformers.js embedding model folder (DARKROOM_EMBED_MODEL)')
    .option('--llm-model <file>', 'local GGUF model for answers (DARKROOM_LLM_MODEL)')
    .option('--llm-url <url>', 'OpenAI-compatible server on the studio network (DARKROOM_LLM_URL)')
    .option('--llm-context <tokens>', 'context size for the local LLM (DARKROOM_LLM_CONTEXT; default: the model\'s, capped at 8192)')
    .option('--whisper-model <dir>', 'local Whisper model folder (DARKROOM_WHISPER_MODEL)')
    .option('--transcribe-cmd <template>', 'external transcriber command with {input} {output} (DARKROOM_TRANSCRIBE_CMD)')
    .option('--transcript-source <which>', 'sidecar (a clip.srt beside the rush wins) or transcribe (DARKROOM_TRANSCRIPT_SOURCE)')
    .option('--transcribe-lang <code>', 'force the spoken language of rushes, e.g. fr (DARKROOM_TRANSCRIBE_LANG; default: detected)')
    .option('--ffmpeg <file>', 'ffmpeg binary (DARKROOM_FFMPEG; default: the one shipped with Darkroom)')
    .option('--ffprobe <file>', 'ffprobe binary (DARKROOM_FFPROBE)')
    .option('--threads <n>', 'CPU threads for local inference (DARKROOM_THREADS)')
    .option('--log-level <level>', 'debug, info, warn, error or silent (DARKROOM_LOG_LEVEL)');
}

/** The Config of one run: DARKROOM_* variables, overridden by the command's flags. */
export async function configFrom(command: Command, extra: ConfigInput = {}): Promise<Config> {
  const o = command.optsWithGlobals<Record<string, string | undefined>>();
  const { loadConfig } = await import('./config.ts');
  return loadConfig(process.env, {
    home: o.home,
    embedModel: o.embedModel,
    llmModel: o.llmModel,
    llmUrl: o.llmUrl,
    llmContextSize: o.llmContext,
    whisperModel: o.whisperModel,
    transcribeCmd: o.transcribeCmd,
    transcriptSource: o.transcriptSource,
    transcribeLang: o.transcribeLang,
    ffmpegPath: o.ffmpeg,
    ffprobePath: o.ffprobe,
    threads: o.threads,
    logLevel: o.logLevel,
    ...extra,
  });
}

/** Runs `fn` with a runtime, closes it, and turns errors into a message and an exit code. */
export async function withRuntime(command: Command, fn: (rt: Runtime) => Promise<number | void>, options: { followWrites?: boolean; extra?: ConfigInput } = {}): Promise<void> {
  let rt: Runtime | null = null;
  try {
    const { openRuntime } = await import('./runtime.ts');
    rt = await openRuntime(await configFrom(command, options.extra ?? {}), { followWrites: options.followWrites ?? false });
    const code = await fn(rt);
    process.exitCode = code ?? 0;
  } catch (err) {
    fail(err);
  } finally {
    await rt?.close();
  }
}

/** Errors fixed by changing a flag, a variable or the input: exit code 2. */
const settingCodes = new Set<ErrorCode>(['INPUT_INVALID', 'CONFIG_INVALID', 'MODEL_NOT_FOUND', 'MODEL_INVALID', 'MODEL_MISMATCH']);

/** Whether this run asked for debug logs (`--log-level debug` or DARKROOM_LOG_LEVEL=debug): then failures print their stack. */
export function isDebugRun(argv: readonly string[] = process.argv, env: NodeJS.ProcessEnv = process.env): boolean {
  return env.DARKROOM_LOG_LEVEL === 'debug' || argv.some((a, i) => a === '--log-level=debug' || (a === '--log-level' && argv[i + 1] === 'debug'));
}

/**
 * Prints a failure as one line naming the thing and the fix, and sets the exit code: 2 when a flag, a variable
 * or the input must change (a bad value, a model path, a port in use, an archive folder this user cannot use),
 * 1 otherwise. The stack (with its causes) only with
 * `--log-level debug`.
 */
export function fail(err: unknown): void {
  if (isDarkroomError(err)) {
    process.stderr.write(`darkroom: ${err.message}\n`);
    process.exitCode = settingCodes.has(err.code) ? 2 : 1;
  } else {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`darkroom: unexpected error: ${message.split('\n')[0]}${isDebugRun() ? '' : ' (run again with --log-level debug for the details)'}\n`);
    process.exitCode = 1;
  }
  if (isDebugRun()) {
    for (let e: unknown = err; e instanceof Error; e = e.cause) process.stderr.write(`${e.stack ?? e.message}\n`);
  }
}
