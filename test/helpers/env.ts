/**
 * Where tests find what they need from outside the repository, and how they skip when it is absent.
 * DARKROOM_TEST_MODELS defaults to ../shared/models, DARKROOM_TEST_CORPUS to ../shared/corpora/archive-sample.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { projectRoot } from '../../core/config.ts';
import { resolveMediaTools } from '../../core/media/tools.ts';

export const repoRoot = projectRoot;
export const testModels = path.resolve(process.env.DARKROOM_TEST_MODELS ?? path.join(repoRoot, '..', 'shared', 'models'));
export const sampleCorpus = path.resolve(process.env.DARKROOM_TEST_CORPUS ?? path.join(repoRoot, '..', 'shared', 'corpora', 'archive-sample'));

export const gloveModel = path.join(testModels, 'glove-100d-20k-onnx');
export const storiesModel = path.join(testModels, 'stories260k', 'stories260K.gguf');
export const sileroModel = path.join(testModels, 'silero-vad', 'silero_vad.onnx');

/**
 * Returns false (skip) with the reason printed when `file` is absent. Use as `{ skip: needs(x, 'why') }`.
 * node:test prints the returned string as the skip reason.
 */
export function needs(file: string, what: string): string | false {
  if (existsSync(file)) return false;
  const reason = `${what} not found at ${file}`;
  process.stderr.write(`skip: ${reason}\n`);
  return reason;
}

/** Skip reason when a command is not on PATH. */
export function needsCommand(command: string, installHint: string): string | false {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return false;
  } catch {
    const reason = `${command} is not installed (${installHint})`;
    process.stderr.write(`skip: ${reason}\n`);
    return reason;
  }
}

/** A fresh temporary folder, removed by the returned cleanup. */
export function tempDir(prefix = 'darkroom-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The ffmpeg tests build fixtures with: the one Darkroom itself would run (DARKROOM_FFMPEG, else the system's when at least as new as the npm-shipped build, else that),
 * so a machine without a system ffmpeg still runs every media test.
 */
export function testFfmpeg(): string {
  return resolveMediaTools({ ffmpegPath: process.env.DARKROOM_FFMPEG }).ffmpeg;
}

/** Skip reason when not even the npm-shipped ffmpeg is there (`npm ci` not run for this platform). */
export function needsFfmpeg(): string | false {
  try {
    testFfmpeg();
    return false;
  } catch (err) {
    const reason = (err as Error).message;
    process.stderr.write(`skip: ${reason}\n`);
    return reason;
  }
}
