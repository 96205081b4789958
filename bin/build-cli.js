// The compiled CLI. esbuild bundles bin/cli.ts, with the modules its commands import lazily as separate chunks,
// into .build/cli/<id>/ and records in .build/cli/stamp.json the size and mtime of every source file it read.
// bin/darkroom.js runs that build only while the stamp matches the sources (a few hundred stat calls), and
// otherwise rebuilds; `npm ci` builds it through the `prepare` script (`node bin/build-cli.js`).
// Plain JavaScript: it runs before anything is compiled.
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const buildRoot = path.join(root, '.build', 'cli');
const stampFile = path.join(buildRoot, 'stamp.json');
/** Bumped whenever the build options below change, so that an older build is never taken for a fresh one. */
const FORMAT = 3;
/**
 * Pure-JavaScript ES-module packages bundled into the build: zod 4 is dozens of small files that Node would
 * otherwise resolve and read one by one at every start of a command that reads its config. Every other package
 * is imported from node_modules as usual (native modules, workers, data files, CommonJS).
 */
const BUNDLED_PACKAGES = ['zod'];
/** Builds no stamp points at are removed after this long: a server started from one may still import its chunks. */
const KEEP_OLD_BUILDS_MS = 24 * 3600 * 1000;

/**
 * The URL of the compiled CLI's entry when it was built from the sources as they are now, else null.
 * @returns {string | null}
 */
export function freshEntry() {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
  } catch {
    return null;
  }
  if (stamp.format !== FORMAT || stamp.root !== root || !Array.isArray(stamp.inputs)) return null;
  for (const [file, mtimeMs, size] of stamp.inputs) {
    try {
      const s = statSync(path.join(root, file));
      if (s.mtimeMs !== mtimeMs || s.size !== size) return null;
    } catch {
      return null;
    }
  }
  return pathToFileURL(path.join(buildRoot, stamp.id, 'cli.js')).href;
}

/**
 * Bundles the CLI and records its stamp. Resolves to the entry's URL, or null when esbuild is not installed
 * (`npm ci --omit=dev`) or a source changed while it built (the caller then runs the sources through tsx).
 * @returns {Promise<string | null>}
 */
export async function buildCli() {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    return null;
  }
  const started = Date.now();
  const id = `${started.toString(36)}-${process.pid}`;
  const outdir = path.join(buildRoot, id);
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [path.join(root, 'bin', 'cli.ts')],
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'silent',
    plugins: [externalPackagesPlugin, sourceLocationPlugin],
  });
  const inputs = [];
  const files = Object.keys(result.metafile.inputs).filter((f) => !f.includes('node_modules/'));
  files.push('bin/build-cli.js'); // the build options themselves
  // A bundled package counts as one input: its package.json (changed by any install of another version).
  for (const name of BUNDLED_PACKAGES) files.push(path.join('node_modules', name, 'package.json'));
  for (const file of files) {
    const s = statSync(path.join(root, file));
    // Edited while esbuild read it: this build may hold the old text. Use it for nothing.
    if (s.mtimeMs >= started) return null;
    inputs.push([file, s.mtimeMs, s.size]);
  }
  mkdirSync(buildRoot, { recursive: true });
  const tmp = `${stampFile}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ format: FORMAT, root, id, built: new Date(started).toISOString(), inputs }) + '\n');
  renameSync(tmp, stampFile);
  removeOldBuilds(id);
  return pathToFileURL(path.join(outdir, 'cli.js')).href;
}

/**
 * Each module keeps its own `import.meta.url` inside the bundle (the project root, createRequire and worker
 * paths are computed from it), as if it ran from its source file.
 */
/** Bare imports stay imports of node_modules, but for {@link BUNDLED_PACKAGES}. */
const externalPackagesPlugin = {
  name: 'external-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      const name = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0];
      return BUNDLED_PACKAGES.includes(name) ? undefined : { path: args.path, external: true };
    });
  },
};

const sourceLocationPlugin = {
  name: 'source-location',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.')) return { contents: text, loader: 'ts' };
      const url = pathToFileURL(args.path).href;
      return {
        contents: text
          .replaceAll('import.meta.url', JSON.stringify(url))
          .replaceAll('import.meta.dirname', JSON.stringify(path.dirname(args.path)))
          .replaceAll('import.meta.filename', JSON.stringify(args.path)),
        loader: 'ts',
      };
    });
  },
};

function removeOldBuilds(keep) {
  const now = Date.now();
  for (const entry of readdirSync(buildRoot, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === keep) continue;
    const dir = path.join(buildRoot, entry.name);
    try {
      if (now - statSync(dir).mtimeMs > KEEP_OLD_BUILDS_MS) rmSync(dir, { recursive: true, force: true });
    } catch {
      // Another process removed it first.
    }
  }
}

// `node bin/build-cli.js` (the `prepare` script): build unless the build is already fresh.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const entry = freshEntry() ?? (await buildCli());
  process.stdout.write(entry ? `darkroom CLI built: ${path.relative(root, fileURLToPath(entry))}\n` : 'darkroom CLI not built (esbuild is not installed): it will run through tsx\n');
}
