/**
 * What a withdrawal or removal takes out, resolved from what the user typed: source ids or file paths, or every
 * passage of one speaker in one corpus. Reads only; nothing is changed here.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { DarkroomError } from '../errors.ts';
import type { Archive } from '../store/archive.ts';
import { sqlString } from '../store/schema.ts';
import type { StateStore } from '../store/state/open-state.ts';
import type { SourceRecord } from '../types.ts';

export interface PurgePlan {
  action: 'withdraw' | 'remove';
  /** The corpus of a speaker withdrawal (or of `--corpus`), else null. */
  corpus: string | null;
  /** Whole sources, or (false) only `passageIds` of them. */
  wholeSources: boolean;
  sourceIds: string[];
  passageIds: string[];
  /** The sources as stored (for their paths), when still in the archive. */
  sources: SourceRecord[];
  /** Refs that were already withdrawn (nothing left to do for them), with when. */
  alreadyWithdrawn: Array<{ ref: string; at: string }>;
  speaker: string | null;
}

/** A source's id: sha256(corpus + "\0" + absolute path), first 24 hex characters (as ingestion computes it). */
export function sourceIdOf(corpus: string, absolutePath: string): string {
  return createHash('sha256').update(corpus).update('\0').update(absolutePath).digest('hex').slice(0, 24);
}

/** Resolves source ids or paths. Unknown refs (not in the archive, never withdrawn) are an error naming them. */
export async function planSources(archive: Archive, state: StateStore, refs: string[], options: { action: 'withdraw' | 'remove'; corpus?: string | undefined }): Promise<PurgePlan> {
  const all = await archive.listSources({ corpus: options.corpus });
  const withdrawn = state.db.prepare('SELECT source_id, corpus, withdrawn_at FROM withdrawn_sources').all() as Array<{ source_id: string; corpus: string; withdrawn_at: string }>;
  const sources = new Map<string, SourceRecord>();
  const alreadyWithdrawn: PurgePlan['alreadyWithdrawn'] = [];
  for (const ref of refs) {
    const abs = path.resolve(ref);
    const matches = all.filter((s) => s.id === ref || s.path === abs);
    if (matches.length > 0) {
      for (const m of matches) sources.set(m.id, m);
      continue;
    }
    const gone = withdrawn.find((w) => (options.corpus === undefined || w.corpus === options.corpus) && (w.source_id === ref || w.source_id === sourceIdOf(w.corpus, abs)));
    if (gone) {
      alreadyWithdrawn.push({ ref, at: gone.withdrawn_at });
      continue;
    }
    throw new DarkroomError('SOURCE_UNKNOWN', `No source "${ref}" in the archive${options.corpus ? ` (corpus ${options.corpus})` : ''}. \`darkroom sources\` lists the corpora and \`darkroom sources --corpus <name>\` their sources, with their paths.`);
  }
  return { action: options.action, corpus: options.corpus ?? null, wholeSources: true, sourceIds: [...sources.keys()], passageIds: [], sources: [...sources.values()], alreadyWithdrawn, speaker: null };
}

/** Resolves every passage of `speaker` in `corpus`. An unknown corpus or speaker is an error listing what exists. */
export async function planSpeaker(archive: Archive, speaker: string, corpus: string): Promise<PurgePlan> {
  const corpora = await archive.listCorpora();
  if (!corpora.some((c) => c.corpus === corpus)) {
    throw new DarkroomError('CORPUS_UNKNOWN', `No corpus named "${corpus}". \`darkroom sources\` lists the corpora.`);
  }
  const table = await archive.passages();
  const rows = table ? ((await archive.readLatest(() => table.query().where(`corpus = ${sqlString(corpus)} AND speaker = ${sqlString(speaker)}`).select(['id', 'source_id']).toArray())) as Array<{ id: string; source_id: string }>) : [];
  if (rows.length === 0) {
    const known = await listSpeakers(archive, corpus);
    throw new DarkroomError(
      'SPEAKER_UNKNOWN',
      `No passage of a speaker named "${speaker}" in corpus ${corpus}. ${known.length ? `Speakers there (spelled as stored): ${known.slice(0, 30).map((s) => `"${s}"`).join(', ')}${known.length > 30 ? ', …' : ''}.` : 'No passage there has a speaker.'} \`darkroom search "<words>" --corpus ${corpus} --json\` shows each passage's speaker.`,
    );
  }
  const sourceIds = [...new Set(rows.map((r) => String(r.source_id)))];
  const sources = (await archive.listSources({ corpus })).filter((s) => sourceIds.includes(s.id));
  return { action: 'withdraw', corpus, wholeSources: false, sourceIds, passageIds: rows.map((r) => String(r.id)), sources, alreadyWithdrawn: [], speaker };
}

/** The distinct speakers of a corpus, sorted. */
export async function listSpeakers(archive: Archive, corpus: string): Promise<string[]> {
  const table = await archive.passages();
  if (!table) return [];
  const names = new Set<string>();
  for await (const batch of table.query().where(`corpus = ${sqlString(corpus)} AND speaker IS NOT NULL`).select(['speaker'])) {
    for (const row of batch.toArray() as unknown as Array<{ speaker: unknown }>) names.add(String(row.speaker));
  }
  return [...names].sort((a, b) => a.localeCompare(b));
}

/** The texts of the passages a plan erases (what is still in the archive), for finding their quotations. */
export async function textsOf(archive: Archive, plan: Pick<PurgePlan, 'wholeSources' | 'sourceIds' | 'passageIds'>): Promise<string[]> {
  const table = await archive.passages();
  const ids = plan.wholeSources ? plan.sourceIds : plan.passageIds;
  if (!table || ids.length === 0) return [];
  const texts: string[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const list = ids.slice(i, i + 500).map(sqlString).join(', ');
    const rows = (await archive.readLatest(() => table.query().where(`${plan.wholeSources ? 'source_id' : 'id'} IN (${list})`).select(['text']).toArray())) as Array<{ text: unknown }>;
    for (const r of rows) texts.push(String(r.text));
  }
  return texts;
}
