/**
 * Builds the browser app into web/dist: web/src/main.ts (with socket.io-client and the pure timecode
 * module) bundled and minified by esbuild into app.js, plus index.html and styles.css. No CDN, no external
 * font: these three files are everything the page loads. Prints each file's size, raw and gzipped.
 *
 *   npm run build:web            (also run by `npm start` through prestart)
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { projectRoot } from '../core/config.ts';

export const webDist = path.join(projectRoot, 'web', 'dist');

export interface BuiltFile {
  name: string;
  bytes: number;
  gzip_bytes: number;
}

/** Writes a file through a temporary name, so that a server reading web/dist never sees half a file. */
function writeAtomic(file: string, data: Uint8Array | string): void {
  const partial = `${file}.part-${process.pid}`;
  writeFileSync(partial, data);
  renameSync(partial, file);
}

/** Builds the app into `outdir` (default web/dist) and returns what the browser downloads on first load. */
export async function buildWeb(outdir = webDist): Promise<BuiltFile[]> {
  mkdirSync(outdir, { recursive: true });
  const result = await build({
    entryPoints: [path.join(projectRoot, 'web', 'src', 'main.ts'), path.join(projectRoot, 'web', 'styles.css')],
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['chrome110', 'firefox115', 'safari16'],
    write: false,
    outdir,
    entryNames: '[name]',
    legalComments: 'none',
    logLevel: 'warning',
  });
  const files: Array<[string, Uint8Array | string]> = [['index.html', readFileSync(path.join(projectRoot, 'web', 'index.html'), 'utf8')]];
  for (const out of result.outputFiles) files.push([path.basename(out.path) === 'main.js' ? 'app.js' : path.basename(out.path), out.contents]);
  return files.map(([name, data]) => {
    writeAtomic(path.join(outdir, name), data);
    const bytes = typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
    return { name, bytes, gzip_bytes: gzipSync(data).byteLength };
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const files = await buildWeb();
  for (const f of files) console.log(`web/dist/${f.name.padEnd(11)} ${String(f.bytes).padStart(8)} B  (gzip ${f.gzip_bytes} B)`);
  const total = files.reduce((s, f) => s + f.bytes, 0);
  const gz = files.reduce((s, f) => s + f.gzip_bytes, 0);
  console.log(`first load: ${files.length} files, ${total} B (gzip ${gz} B)`);
}
