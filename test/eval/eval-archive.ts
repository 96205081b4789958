/**
 * The archive every eval runs on: the shared sample (corpus `sample`) and the demo (corpus `demo`) ingested
 * into a temporary folder, with the given embedder. Removed by `close()`.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Embedder } from '../../core/models/embedder.ts';
import { Archive } from '../../core/store/archive.ts';
import { ingest } from '../../ingest/pipeline.ts';
import { corpusRoot, type EvalCorpus } from './question-set.ts';

export interface EvalArchive {
  archive: Archive;
  home: string;
  /** Absolute paths of the files ingested. */
  ingestedPaths: Set<string>;
  /** One line per corpus: files, passages, seconds. */
  summary: string[];
  close(): void;
}

/** Ingests the corpora that exist (the sample may be absent on a fresh clone: it is then left out and said). */
export async function openEvalArchive(embedder: Embedder | null, corpora: EvalCorpus[] = ['sample', 'demo']): Promise<EvalArchive> {
  const home = mkdtempSync(path.join(tmpdir(), 'darkroom-eval-'));
  const archive = await Archive.open({ home, followWrites: false });
  const ingestedPaths = new Set<string>();
  const summary: string[] = [];
  for (const corpus of corpora) {
    const root = corpusRoot(corpus);
    if (!existsSync(root)) {
      summary.push(`${corpus}: not found at ${root}; its questions are left out.`);
      continue;
    }
    const s = await ingest({ archive, corpus, inputs: [root], embedder });
    for (const r of s.results) if (r.status === 'ingested') ingestedPaths.add(path.resolve(r.path));
    summary.push(`${corpus}: ${s.ingested} files (${s.failed} failed), ${s.passages} passages, ${s.seconds.toFixed(1)} s`);
  }
  return {
    archive,
    home,
    ingestedPaths,
    summary,
    close() {
      archive.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
