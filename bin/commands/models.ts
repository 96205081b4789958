/**
 * `darkroom models`: what Darkroom would use per role (embedder, whisper, llm, ocr, vad, and the ffmpeg and
 * ffprobe binaries with their versions), where it looks,
 * each file's sha256 and whether it verifies; `--recommended` lists real models worth fetching;
 * `darkroom models pull <url> --sha256 <hex> --to <path>` downloads one file, verified, for users with internet.
 */
import { Command } from 'commander';
import type { MediaToolStatus } from '../../core/media/tools.ts';
import type { ModelStatus } from '../../core/models/registry.ts';
import { configFrom, fail } from '../../core/cli-runtime.ts';

export function modelsCommand(): Command {
  const models = new Command('models')
    .description('List the models Darkroom would use, where it looks, their sha256 and whether they verify')
    .option('--json', 'print the list as JSON')
    .option('--no-hash', 'do not hash the files (hashing reads each file once: seconds per GB)')
    .option('--recommended', 'list recommended real models per role instead')
    .action(async (opts: { json?: boolean; hash: boolean; recommended?: boolean }, command: Command) => {
      try {
        const { describeModels, recommendedModels } = await import('../../core/models/registry.ts');
        if (opts.recommended) {
          if (opts.json) process.stdout.write(JSON.stringify(recommendedModels, null, 2) + '\n');
          else process.stdout.write(recommendedModels.map((m) => `${m.role.padEnd(9)} ${m.name}\n          ${m.url}\n          ${m.size}; sha256 ${m.sha256 ?? 'unknown'}\n          ${m.layout}\n          ${m.note}\n`).join('\n'));
          return;
        }
        const config = await configFrom(command);
        const status = await describeModels(config, { hash: opts.hash });
        const { mediaToolStatus } = await import('../../core/media/tools.ts');
        const media = mediaToolStatus(config);
        if (opts.json) process.stdout.write(JSON.stringify([...status, ...media], null, 2) + '\n');
        else process.stdout.write([...status, ...media].map(formatStatus).join('\n'));
        process.exitCode = status.some((s) => s.files.some((f) => f.verified === false)) ? 1 : 0;
      } catch (err) {
        fail(err);
      }
    });

  models
    .command('pull')
    .description('Download one model file (needs internet), verify its sha256, then move it into place')
    .argument('<url>', 'the file to download (http or https)')
    .requiredOption('--sha256 <hex>', 'expected sha256 of the file (from the model page)')
    .requiredOption('--to <path>', 'where to put the file')
    .option('--force', 'replace an existing file at --to')
    .action(async (url: string, opts: { sha256: string; to: string; force?: boolean }) => {
      const tty = process.stderr.isTTY;
      let last = 0;
      try {
        const { pullModel } = await import('../../core/models/pull.ts');
        const result = await pullModel({
          url,
          sha256: opts.sha256,
          to: opts.to,
          force: opts.force === true,
          onProgress: (received, total) => {
            if (!tty || Date.now() - last < 250) return;
            last = Date.now();
            const pct = total ? ` (${((received / total) * 100).toFixed(1)}%)` : '';
            process.stderr.write(`\r${(received / 1e6).toFixed(1)} MB${pct}   `);
          },
        });
        if (tty) process.stderr.write('\n');
        process.stdout.write(result.already ? `${result.path} is already there with sha256 ${result.sha256}.\n` : `${result.path}: ${result.bytes} bytes, sha256 ${result.sha256} verified.\n`);
      } catch (err) {
        if (tty) process.stderr.write('\n');
        fail(err);
      }
    });
  return models;
}

function formatStatus(s: ModelStatus | MediaToolStatus): string {
  const lines = [`${s.role.padEnd(9)} ${s.available ? 'ready' : 'off'}${s.variable ? `  (${s.variable})` : ''}`, `          looks in: ${s.looks_in}`];
  if ('origin' in s) {
    for (const f of s.files) lines.push(`          ${f.path}  ${(f.bytes / 1e6).toFixed(1)} MB`);
    lines.push(`          ${s.note}`);
    return lines.join('\n') + '\n';
  }
  for (const f of s.files) {
    const check = f.verified === true ? `verified: ${f.known_as}` : f.verified === false ? 'DOES NOT VERIFY against the recorded checksum' : f.sha256 ? 'no recorded checksum to verify against' : 'not hashed';
    lines.push(`          ${f.path}  ${(f.bytes / 1e6).toFixed(1)} MB`, `            sha256 ${f.sha256 ?? '-'}  ${check}`);
  }
  if (s.note) lines.push(`          ${s.note}`);
  return lines.join('\n') + '\n';
}
