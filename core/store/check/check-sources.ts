/**
 * The source-file half of `darkroom check`: each ingested file is still where it was, with the bytes that were
 * ingested (sha256) and the identity /media checks before serving it (core/files/file-identity.ts).
 */
import path from 'node:path';
import { stat } from 'node:fs/promises';
import { hashFileWithIdentity, recordedIdentity, sameIdentity } from '../../files/file-identity.ts';
import type { Finding } from './findings.ts';

export interface SourceRow {
  id: string;
  corpus: string;
  path: string;
  hash: string;
  bytes: number;
  details_json: string | null;
}

/** Checks every source's file. `quick`: size and identity only, no re-hashing of the bytes. */
export async function checkSources(sources: readonly SourceRow[], options: { quick?: boolean } = {}): Promise<{ checked: number; missing: number; changed: number; findings: Finding[] }> {
  const findings: Finding[] = [];
  let missing = 0;
  let changed = 0;
  for (const s of sources) {
    const reingest = `darkroom ingest ${quote(path.dirname(s.path))} --corpus ${quote(s.corpus)}`;
    try {
      await stat(s.path);
    } catch {
      missing++;
      findings.push({
        code: 'source-missing',
        severity: 'warning',
        subject: s.path,
        problem: `The file of source ${s.id} (corpus ${s.corpus}) is gone.`,
        means: 'Its passages are still found and quoted, but it cannot be played or opened.',
        fix: `put the file back; or, if it moved, ${`darkroom ingest <its new folder> --corpus ${quote(s.corpus)}`} then \`darkroom remove ${s.id}\`; or \`darkroom remove ${s.id}\` to take it out of the archive`,
      });
      continue;
    }
    const recorded = recordedIdentity(s);
    let reason: string | null = null;
    let sameBytes = true;
    try {
      if (options.quick) {
        const st = await stat(s.path);
        if (st.size !== s.bytes) reason = `its size is ${st.size} bytes, not the ${s.bytes} ingested`;
      } else {
        const now = await hashFileWithIdentity(s.path);
        sameBytes = now.sha256 === s.hash;
        if (!sameBytes) reason = 'its content is not the content that was ingested (sha256 differs)';
        else if (recorded && !sameIdentity(recorded, now.identity)) reason = 'same content, but it is another file now (copied, touched or moved): the server refuses to play it until it is ingested again';
      }
    } catch (err) {
      reason = `it cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`;
    }
    if (reason === null) continue;
    changed++;
    findings.push({
      code: 'source-changed',
      severity: 'warning',
      subject: s.path,
      problem: `Source ${s.id} (corpus ${s.corpus}) changed on disk: ${reason}.`,
      means: sameBytes ? 'Search still quotes it; playback of this file is refused (409 SOURCE_CHANGED).' : 'Search quotes the old text; playback is refused (409 SOURCE_CHANGED) until it is ingested again.',
      fix: reingest,
    });
  }
  return { checked: sources.length, missing, changed, findings };
}

/** Quotes an argument for a shell command line when it needs it. */
function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
