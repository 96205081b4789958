/** Walks the given files and folders and yields the files Darkroom can ingest, in a stable order. */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { DarkroomError } from '../../core/errors.ts';

export interface DiscoverOptions {
  /** Returns true for files to keep (by extension). Files named explicitly are always kept. */
  accept: (file: string) => boolean;
}

export async function* discoverFiles(inputs: string[], options: DiscoverOptions): AsyncGenerator<string> {
  for (const input of inputs) {
    const abs = path.resolve(input);
    let info;
    try {
      info = await stat(abs);
    } catch (cause) {
      throw new DarkroomError('INPUT_INVALID', `${abs} does not exist. Check the path given to \`darkroom ingest\`.`, { cause });
    }
    if (info.isFile()) {
      yield abs;
    } else if (info.isDirectory()) {
      yield* walk(abs, options);
    }
  }
}

async function* walk(dir: string, options: DiscoverOptions): AsyncGenerator<string> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full, options);
    else if (entry.isFile() && options.accept(full)) yield full;
  }
}
