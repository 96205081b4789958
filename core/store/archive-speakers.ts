/**
 * The corpus's speakers as the passages name them (SRT/VTT voices, `Name:` lines, diarization labels), and renaming
 * them in place: the passages' `speaker` column and their full-text columns (which carry the name, so a question
 * naming the speaker finds them) are rewritten in one atomic commit; vectors are kept (no re-embedding). The caller
 * holds the archive's writer lock.
 */
import { DarkroomError } from '../errors.ts';
import type { Archive } from './archive.ts';
import { updateCorpusText } from './corpus-text.ts';
import { sqlString } from './schema.ts';

export interface SpeakerSummary {
  corpus: string;
  speaker: string;
  /** Seconds of timed passages given to this speaker (passage in to out). */
  talk_s: number;
  passages: number;
  /** Source ids where the speaker is heard, sorted. */
  sources: string[];
}

export interface SpeakerScope {
  corpus?: string | undefined;
  /** One source (id). */
  sourceId?: string | undefined;
}

function where(scope: SpeakerScope, extra?: string): string {
  const parts = ['speaker IS NOT NULL'];
  if (scope.corpus !== undefined) parts.push(`corpus = ${sqlString(scope.corpus)}`);
  if (scope.sourceId !== undefined) parts.push(`source_id = ${sqlString(scope.sourceId)}`);
  if (extra) parts.push(extra);
  return parts.join(' AND ');
}

/** Every speaker of the scope with talk time, passages and sources; most talk first. */
export async function listSpeakers(archive: Archive, scope: SpeakerScope = {}): Promise<SpeakerSummary[]> {
  const table = await archive.passages();
  if (!table) return [];
  const rows = await archive.readLatest(() => table.query().where(where(scope)).select(['corpus', 'speaker', 'source_id', 'start_s', 'end_s']).toArray());
  const by = new Map<string, SpeakerSummary & { ids: Set<string> }>();
  for (const row of rows as Array<Record<string, unknown>>) {
    const speaker = String(row.speaker ?? '').trim();
    if (!speaker) continue;
    const key = `${String(row.corpus)}\0${speaker}`;
    const s = by.get(key) ?? { corpus: String(row.corpus), speaker, talk_s: 0, passages: 0, sources: [], ids: new Set<string>() };
    s.passages++;
    s.ids.add(String(row.source_id));
    if (row.start_s !== null && row.end_s !== null && row.start_s !== undefined && row.end_s !== undefined) s.talk_s += Math.max(0, Number(row.end_s) - Number(row.start_s));
    by.set(key, s);
  }
  return [...by.values()]
    .map(({ ids, ...s }) => ({ ...s, talk_s: Number(s.talk_s.toFixed(3)), sources: [...ids].sort() }))
    .sort((a, b) => a.corpus.localeCompare(b.corpus) || b.talk_s - a.talk_s || b.passages - a.passages || a.speaker.localeCompare(b.speaker));
}

/**
 * Gives the passages of the scope spoken by any of `from` the speaker `to`: `speaker` and the full-text columns,
 * in one commit; vectors unchanged. Then compacts (indexes updated, the old names' versions dropped).
 * @returns the passages changed and their source ids.
 * @throws DarkroomError STORE_FAILED when the write fails (nothing is changed then).
 */
export async function renameSpeakerPassages(archive: Archive, scope: SpeakerScope & { corpus: string }, from: readonly string[], to: string): Promise<{ passages: number; sourceIds: string[] }> {
  const table = await archive.passages();
  if (!table || from.length === 0) return { passages: 0, sourceIds: [] };
  const rows = (await archive.readLatest(() =>
    table.query().where(where(scope, `speaker IN (${from.map(sqlString).join(', ')})`)).select(['id', 'source_id', 'title', 'heading', 'text', 'fts_en', 'fts_fr']).toArray(),
  )) as Array<Record<string, unknown>>;
  if (rows.length === 0) return { passages: 0, sourceIds: [] };
  const updates = rows.map((r) => {
    const search = [r.title, r.heading, `${to}:`, r.text].filter((v) => typeof v === 'string' && v !== '').join('\n');
    const french = String(r.fts_fr ?? '') !== '';
    return { id: String(r.id), speaker: to, fts_en: french ? '' : search, fts_fr: french ? search : '' };
  });
  try {
    await table.mergeInsert('id').whenMatchedUpdateAll().execute(updates);
    // The corpus's own full-text rows (core/store/corpus-text.ts) get the same change.
    await updateCorpusText(archive, scope.corpus, updates);
  } catch (cause) {
    throw new DarkroomError('STORE_FAILED', `Renaming the speaker of ${updates.length} passages in ${archive.home} failed: ${(cause as Error).message}. Nothing was changed; run the command again.`, { cause });
  }
  await archive.compact();
  return { passages: updates.length, sourceIds: [...new Set(rows.map((r) => String(r.source_id)))].sort() };
}
