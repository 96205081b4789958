#!/usr/bin/env node
// The `darkroom` command. Runs the compiled CLI (.build/cli, built by `npm ci`'s prepare script, or here at the
// first run after a source changed); runs the TypeScript sources through tsx when esbuild is not installed,
// the build fails, or DARKROOM_CLI_BUILD=off.
import { buildCli, freshEntry } from './build-cli.js';

process.env.LANCEDB_LOG ??= 'error';
const debug = process.env.DARKROOM_LOG_LEVEL === 'debug' || process.argv.some((a, i, all) => a === '--log-level=debug' || (a === '--log-level' && all[i + 1] === 'debug'));

let entry = null;
if (process.env.DARKROOM_CLI_BUILD !== 'off') {
  entry = freshEntry();
  if (!entry) {
    entry = await buildCli().catch((err) => {
      if (debug) process.stderr.write(`darkroom: building the CLI failed, running the sources through tsx: ${err?.stack ?? err}\n`);
      return null;
    });
  }
}
if (entry) {
  if (debug) process.setSourceMapsEnabled(true);
  await import(entry);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./cli.ts');
}
