/**
 * Configuration: one zod schema, read once from the environment and the CLI's flags (flags win),
 * validated with messages that name the variable and the fix, then frozen.
 * Only the entry points (bin/cli.ts, server main) call {@link loadConfig}; everything else receives a Config.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { DarkroomError } from './errors.ts';

/** The repository root (the folder holding package.json). */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const optionalPath = z
  .string()
  .trim()
  .transform((s) => (s === '' ? undefined : path.resolve(s)))
  .optional();
const optionalString = z
  .string()
  .trim()
  .transform((s) => (s === '' ? undefined : s))
  .optional();

/** One entry of DARKROOM_ALLOWED_HOSTS: a DNS name, an IPv4 address or a bracketed IPv6 address, with an optional port. */
const allowedHostPattern = /^(\[[0-9a-f:.]+\]|[a-z0-9_]([a-z0-9_.-]*[a-z0-9_.])?)(:\d{1,5})?$/;

const configSchema = z.object({
  /** Where the archive lives (LanceDB tables, lowdb state, proxies). */
  home: z.string().trim().min(1).transform((s) => path.resolve(s)),
  /** A local transformers.js model folder (config.json, tokenizer.json, onnx/). Unset: full-text only. */
  embedModel: optionalPath,
  /** A local GGUF file for node-llama-cpp. Unset (and no llmUrl): extractive answers. */
  llmModel: optionalPath,
  /** An OpenAI-compatible server the studio runs (llama-server, vLLM, Ollama). */
  llmUrl: z.url({ message: 'must be a URL such as http://gpu-1.studio.lan:8080/v1' }).optional().or(z.literal('').transform(() => undefined)),
  /** Model name sent to the OpenAI-compatible server. */
  llmApiModel: optionalString,
  /** Context size in tokens for the local LLM. Default: the model's training context, capped at 8192. */
  llmContextSize: z.coerce.number().int().min(512).max(1048576).optional(),
  /** A local Whisper model folder in transformers.js layout. */
  whisperModel: optionalPath,
  /** A local Silero VAD ONNX file (speech segments before transcription). Unset: no VAD. */
  vadModel: optionalPath,
  /**
   * Weight of vector ranks in hybrid search for passages BM25 also found (BM25 has weight 1). Default 0.01:
   * measured on the sample archive with the GloVe test embedder; raise it for a strong multilingual embedder
   * after measuring with `npm run eval:search`.
   */
  vectorWeight: z.coerce.number().min(0).max(10).default(0.01),
  /** External transcriber command template with {input} and {output} (and optional {outdir}, {lang}). */
  transcribeCmd: optionalString,
  /** Seconds before an external transcriber is killed. */
  transcribeTimeoutS: z.coerce.number().positive().default(3600),
  /** Where a rush's transcript comes from: a sidecar (clip.srt next to clip.mov) first, or always transcribe. */
  transcriptSource: z.enum(['sidecar', 'transcribe']).default('sidecar'),
  /** Language forced on transcription (ISO 639-1, e.g. "fr"); unset: detected. */
  transcribeLang: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^([a-z]{2})?$/, { message: 'must be a two-letter language code such as en or fr' })
    .transform((s) => (s === '' ? undefined : s))
    .optional(),
  /** ffmpeg / ffprobe binaries; default: the ones shipped in the npm packages. */
  ffmpegPath: optionalPath,
  ffprobePath: optionalPath,
  /**
   * Seconds one ffmpeg run (a browser proxy, a rush's audio) may take before it is killed. Unset: 10 minutes
   * plus 4 s per second of media.
   */
  ffmpegTimeoutS: z.coerce.number().positive().max(1e6).optional(),
  host: z.string().trim().min(1).default('127.0.0.1'),
  /**
   * Host names (and addresses) the server answers to, besides loopback and the bind host: a comma-separated
   * list, each `name` or `name:port`. Unset: the machine's host name and interface addresses when bound to
   * 0.0.0.0 or ::. A Host or Origin naming anything else is refused (DNS rebinding, cross-site requests).
   */
  allowedHosts: z
    .string()
    .transform((s) => s.split(',').map((h) => h.trim().toLowerCase()).filter((h) => h !== ''))
    .refine((list) => list.every((h) => allowedHostPattern.test(h)))
    .optional(),
  port: z.coerce.number().int().min(0).max(65535).default(4317),
  /** CPU threads for local inference. Default: all cores but one, at least one. */
  threads: z.coerce.number().int().min(1).max(256).default(Math.max(1, availableParallelism() - 1)),
  /** GPU for node-llama-cpp: auto (CUDA/Vulkan/Metal if present), or false for CPU only. */
  gpu: z.enum(['auto', 'false', 'cuda', 'vulkan', 'metal']).default('auto'),
  logLevel: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('warn'),
  /**
   * Sign-in (docs/access.md): `auto` asks for it when bound beyond loopback or once a user exists; `on`
   * asks for it on loopback too, even before any user exists.
   */
  auth: z.enum(['auto', 'on']).default('auto'),
  /** How long a sign-in lasts, in hours. */
  sessionHours: z.coerce.number().min(0.05).max(24 * 90).default(12),
});

export type Config = Readonly<z.output<typeof configSchema>>;
export type ConfigInput = Partial<Record<keyof z.input<typeof configSchema>, string | number | undefined>>;

/** Environment variable for each setting; also the names the README documents. */
export const envNames: Record<keyof Config, string> = {
  home: 'DARKROOM_HOME',
  embedModel: 'DARKROOM_EMBED_MODEL',
  llmModel: 'DARKROOM_LLM_MODEL',
  llmUrl: 'DARKROOM_LLM_URL',
  llmApiModel: 'DARKROOM_LLM_API_MODEL',
  llmContextSize: 'DARKROOM_LLM_CONTEXT',
  whisperModel: 'DARKROOM_WHISPER_MODEL',
  vadModel: 'DARKROOM_VAD_MODEL',
  vectorWeight: 'DARKROOM_VECTOR_WEIGHT',
  transcribeCmd: 'DARKROOM_TRANSCRIBE_CMD',
  transcribeTimeoutS: 'DARKROOM_TRANSCRIBE_TIMEOUT',
  transcriptSource: 'DARKROOM_TRANSCRIPT_SOURCE',
  transcribeLang: 'DARKROOM_TRANSCRIBE_LANG',
  ffmpegPath: 'DARKROOM_FFMPEG',
  ffprobePath: 'DARKROOM_FFPROBE',
  ffmpegTimeoutS: 'DARKROOM_FFMPEG_TIMEOUT',
  host: 'DARKROOM_HOST',
  allowedHosts: 'DARKROOM_ALLOWED_HOSTS',
  port: 'DARKROOM_PORT',
  threads: 'DARKROOM_THREADS',
  gpu: 'DARKROOM_GPU',
  logLevel: 'DARKROOM_LOG_LEVEL',
  auth: 'DARKROOM_AUTH',
  sessionHours: 'DARKROOM_SESSION_HOURS',
};

/** The command-line flag of each setting that has one (see core/cli-runtime.ts). */
export const flagNames: Partial<Record<keyof Config, string>> = {
  home: '--home',
  embedModel: '--embed-model',
  llmModel: '--llm-model',
  llmUrl: '--llm-url',
  llmContextSize: '--llm-context',
  whisperModel: '--whisper-model',
  transcribeCmd: '--transcribe-cmd',
  transcriptSource: '--transcript-source',
  transcribeLang: '--transcribe-lang',
  ffmpegPath: '--ffmpeg',
  ffprobePath: '--ffprobe',
  host: '--host',
  allowedHosts: '--allowed-hosts',
  port: '--port',
  threads: '--threads',
  logLevel: '--log-level',
};

/** What a valid value looks like, said as the fix. */
const expectations: Partial<Record<keyof Config, string>> = {
  llmUrl: 'must be the URL of an OpenAI-compatible server, such as http://gpu-1.studio.lan:8080/v1',
  llmContextSize: 'must be a whole number of tokens from 512 up, such as 4096',
  vectorWeight: 'must be a number from 0 to 10, such as 0.01 (the measured default) or 0.5',
  transcribeTimeoutS: 'must be a number of seconds above 0, such as 3600',
  ffmpegTimeoutS: 'must be a number of seconds above 0, such as 1800',
  transcriptSource: 'must be "sidecar" (use clip.srt next to clip.mov when present) or "transcribe"',
  transcribeLang: 'must be a two-letter language code such as en or fr',
  allowedHosts: 'must be comma-separated host names or addresses, each optionally with :port, such as archive.studio.lan,192.168.1.20:4317',
  port: 'must be a whole number from 0 to 65535, such as 4317 (0 picks a free port)',
  threads: 'must be a whole number of CPU threads from 1 to 256, such as 2',
  gpu: 'must be one of auto, false, cuda, vulkan, metal',
  logLevel: 'must be one of debug, info, warn, error, silent',
  auth: 'must be auto (sign-in beyond loopback or once a user exists) or on (always)',
  sessionHours: 'must be a number of hours from 0.05 to 2160, such as 12',
  home: 'must be a folder path',
};

/** The default archive folder: `data/archive` inside the project (git-ignored). */
export const defaultHome = path.join(projectRoot, 'data', 'archive');

/**
 * Reads the settings from `env` and `overrides` (CLI flags; a defined value wins), validates, freezes.
 * @throws DarkroomError CONFIG_INVALID naming each bad variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: ConfigInput = {}): Config {
  const raw: Record<string, unknown> = {};
  for (const [key, envName] of Object.entries(envNames)) {
    const flag = overrides[key as keyof Config];
    const value = flag !== undefined ? flag : env[envName];
    if (value !== undefined) raw[key] = value;
  }
  raw.home ??= defaultHome;
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? '');
      const name = envNames[key as keyof Config] ?? key;
      const flag = flagNames[key as keyof Config];
      const given = raw[key] === undefined ? '' : ` (got "${String(raw[key])}")`;
      const expected = expectations[key as keyof Config];
      return `${name}${flag ? ` / ${flag}` : ''}${given}: ${expected ?? issue.message}.`;
    });
    throw new DarkroomError('CONFIG_INVALID', `Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const config = parsed.data;
  for (const key of ['embedModel', 'llmModel', 'whisperModel', 'vadModel'] as const) {
    const p = config[key];
    if (p !== undefined && !existsSync(p)) {
      throw new DarkroomError(
        'MODEL_NOT_FOUND',
        `${envNames[key]} points at ${p}, which does not exist. Fix the path, or unset it to run without that model (see \`darkroom models\`).`,
      );
    }
  }
  return Object.freeze(config);
}
