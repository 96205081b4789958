/**
 * How the `darkroom` command starts: it runs a compiled build that is never older than the sources (a copy of
 * the project is edited between two runs), and each command loads only the packages it uses (a module hook
 * records every package the process imports). No timing is asserted here: `npm run bench:cli` measures.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { repoRoot, tempDir } from '../helpers/env.ts';

const heavy = ['@lancedb/lancedb', 'apache-arrow', 'node-llama-cpp', '@huggingface/transformers', 'express', 'socket.io', 'tsx', 'tsx/esm/api', 'fluent-ffmpeg', 'pdf-parse', 'mammoth', 'tesseract.js', 'lowdb', 'lowdb/node', 'cli-progress', 'fasttext.wasm.js'];

describe('darkroom start-up', { timeout: 240_000 }, () => {
  const tmp = tempDir('darkroom-cli-start-');
  const copy = path.join(tmp.dir, 'project');
  const home = path.join(tmp.dir, 'home');
  const hooks = path.join(tmp.dir, 'hooks.mjs');
  const register = path.join(tmp.dir, 'register.mjs');

  before(() => {
    const skip = new Set(['node_modules', '.build', '.git', 'data', 'test', 'web', 'bench', 'docs', 'examples', 'test-artifacts']);
    cpSync(repoRoot, copy, { recursive: true, filter: (src) => !skip.has(path.relative(repoRoot, src).split(path.sep)[0] ?? '') || src === repoRoot });
    symlinkSync(path.join(repoRoot, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
    // Records, on stderr, every package specifier the process resolves (ES-module imports, the ones our code makes).
    writeFileSync(hooks, "export async function resolve(s, c, n) { if (!/^(\\.|\\/|node:|file:|data:)/.test(s)) process.stderr.write(`IMPORT ${s}\\n`); return n(s, c); }\n");
    writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  });
  after(() => tmp.cleanup());

  const run = (args: string[], options: { trace?: boolean; env?: Record<string, string> } = {}) => {
    const r = spawnSync(process.execPath, [...(options.trace ? ['--import', pathToFileURL(register).href] : []), path.join(copy, 'bin', 'darkroom.js'), ...args], {
      encoding: 'utf8',
      env: { ...process.env, DARKROOM_HOME: home, DARKROOM_EMBED_MODEL: '', DARKROOM_LLM_MODEL: '', LANCEDB_LOG: 'error', ...options.env },
      timeout: 120_000,
    });
    const imports = new Set([...r.stderr.matchAll(/^IMPORT (.+)$/gm)].map((m) => m[1] ?? ''));
    return { ...r, imports };
  };
  const stamp = () => JSON.parse(readFileSync(path.join(copy, '.build', 'cli', 'stamp.json'), 'utf8')) as { id: string };

  it('builds the CLI at the first run, runs the build, and rebuilds after a source changes', () => {
    const first = run(['--help']);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /Usage: darkroom/);
    const built = stamp();
    assert.ok(existsSync(path.join(copy, '.build', 'cli', built.id, 'cli.js')));

    const again = run(['--help'], { trace: true });
    assert.equal(again.status, 0, again.stderr);
    assert.equal(stamp().id, built.id, 'an unchanged source tree is not rebuilt');
    assert.ok(!again.imports.has('esbuild') && !again.imports.has('tsx/esm/api'), `neither esbuild nor tsx runs: ${[...again.imports].join(', ')}`);

    const cli = path.join(copy, 'bin', 'cli.ts');
    writeFileSync(cli, readFileSync(cli, 'utf8').replace('Darkroom: a private archive assistant', 'Darkroom (edited): a private archive assistant'));
    const edited = run(['--help']);
    assert.equal(edited.status, 0, edited.stderr);
    assert.match(edited.stdout, /Darkroom \(edited\)/, 'the edit shows at once: the stale build did not run');
    assert.notEqual(stamp().id, built.id);
  });

  it('runs the sources through tsx with DARKROOM_CLI_BUILD=off', () => {
    const r = run(['--help'], { trace: true, env: { DARKROOM_CLI_BUILD: 'off' } });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(r.imports.has('tsx/esm/api'));
  });

  it('`darkroom --help` loads no archive, model, server or media package', () => {
    const r = run(['--help'], { trace: true });
    assert.equal(r.status, 0, r.stderr);
    const loaded = heavy.filter((p) => r.imports.has(p));
    assert.deepEqual(loaded, [], `--help imported ${loaded.join(', ')}`);
  });

  it('`darkroom search` loads the archive but no model, server or media package', () => {
    const demo = path.join(copy, 'corpora', 'demo', 'archive');
    const docs = path.join(tmp.dir, 'docs');
    cpSync(path.join(demo), docs, { recursive: true, filter: (src) => !/\.(mov|mp4|wav|png|jpe?g|pdf)$/i.test(src) });
    const ingest = run(['ingest', docs, '--corpus', 'demo']);
    assert.equal(ingest.status, 0, ingest.stderr);
    const r = run(['search', 'flood', '--corpus', 'demo'], { trace: true });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(r.imports.has('@lancedb/lancedb'), 'search reads the archive');
    // fasttext detects the query's language for the bilingual search (core/search/translate.ts).
    const loaded = heavy.filter((p) => p !== '@lancedb/lancedb' && p !== 'apache-arrow' && p !== 'fasttext.wasm.js' && r.imports.has(p));
    assert.deepEqual(loaded, [], `search imported ${loaded.join(', ')}`);
  });
});
