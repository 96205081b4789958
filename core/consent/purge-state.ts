/**
 * The state store's part of a purge: every answer that retrieved or quoted the material becomes a tombstone
 * (the rest of its conversation stays), select items pointing at it go, and registered hooks (the audit trail)
 * redact what quoted it. Runs inside the caller's transaction; idempotent.
 */
import type { Database } from 'better-sqlite3';
import type { AnswerRecord } from '../protocol/chat.ts';
import { parseAnswer } from '../store/state/answer-rows.ts';
import { purgeHooks, type PurgeScope } from '../store/state/purge-hooks.ts';

/** Texts shorter than this are not looked for inside records (too likely to match unrelated words). */
const MIN_TEXT = 12;
const ID_CHUNK = 500;

export interface StatePurgeInput {
  action: 'withdraw' | 'remove';
  corpus: string | null;
  sourceIds: string[];
  passageIds: string[];
  wholeSources: boolean;
  /** The erased passages' texts (empty on a rerun after the archive was already erased). */
  texts: string[];
  /** ISO time of the purge. */
  at: string;
}

export interface StatePurgeResult {
  answerIds: string[];
  conversations: number;
  selects: number;
}

/** What a tombstoned turn says in place of its answer. */
export function tombstoneText(action: 'withdraw' | 'remove', at: string): string {
  const date = at.slice(0, 10);
  return action === 'withdraw' ? `material withdrawn on ${date}` : `material removed from the archive on ${date}`;
}

/** Applies the purge to the state tables. Call inside `state.write`. */
export function purgeState(db: Database, input: StatePurgeInput): StatePurgeResult {
  const affected = new Set<string>();
  const [column, ids] = input.wholeSources ? ['source_id', input.sourceIds] : ['passage_id', input.passageIds];
  for (let i = 0; i < ids.length; i += ID_CHUNK) {
    const chunk = ids.slice(i, i + ID_CHUNK);
    const rows = db.prepare(`SELECT DISTINCT answer_id FROM answer_passages WHERE ${column} IN (${chunk.map(() => '?').join(', ')})`).all(...chunk) as Array<{ answer_id: string }>;
    for (const r of rows) affected.add(r.answer_id);
  }

  // Follow-ups carry earlier turns in their prompt (and a short one in its query), and any answer may quote the
  // passages: look for the erased texts and the affected turns' words in every live record, until none is left.
  const live = db.prepare('SELECT id, conversation_id, record, owner FROM answers WHERE withdrawn_at IS NULL').all() as Array<{ id: string; conversation_id: string; record: string; owner: string | null }>;
  const needles = new Set(input.texts.filter((t) => t.length >= MIN_TEXT).map(jsonInner));
  const words = (r: AnswerRecord) => [r.question, r.answer, r.output].filter((t) => t.length >= MIN_TEXT).map(jsonInner);
  for (const row of live) if (affected.has(row.id)) for (const w of words(parseAnswer(row))) needles.add(w);
  for (let changed = true; changed; ) {
    changed = false;
    for (const row of live) {
      if (affected.has(row.id)) continue;
      if ([...needles].some((n) => row.record.includes(n))) {
        affected.add(row.id);
        for (const w of words(parseAnswer(row))) needles.add(w);
        changed = true;
      }
    }
  }

  const label = tombstoneText(input.action, input.at);
  const questions: string[] = [];
  const conversations = new Set<string>();
  const update = db.prepare('UPDATE answers SET record = ?, withdrawn_at = ? WHERE id = ?');
  const unlink = db.prepare('DELETE FROM answer_passages WHERE answer_id = ?');
  for (const row of live) {
    if (!affected.has(row.id)) continue;
    const record = parseAnswer(row);
    questions.push(record.question);
    conversations.add(record.conversation_id);
    update.run(JSON.stringify(tombstone(record, label, input)), input.at, row.id);
    unlink.run(row.id);
  }
  const retitle = db.prepare('UPDATE conversations SET title = ? WHERE id = ?');
  for (const id of conversations) {
    const conversation = db.prepare('SELECT title FROM conversations WHERE id = ?').get(id) as { title: string } | undefined;
    if (conversation && questions.some((q) => q.slice(0, 200) === conversation.title || conversation.title.includes(q.slice(0, 200)))) retitle.run(label, id);
  }

  let selects = 0;
  const selectColumn = input.wholeSources ? 'source_id' : 'passage_id';
  for (let i = 0; i < ids.length; i += ID_CHUNK) {
    const chunk = ids.slice(i, i + ID_CHUNK);
    selects += db.prepare(`DELETE FROM selects WHERE ${selectColumn} IN (${chunk.map(() => '?').join(', ')})`).run(...chunk).changes;
  }
  // Select positions stay ordered with gaps; lists are read ORDER BY position, so the order holds.

  const scope: PurgeScope = {
    ...(input.corpus ? { corpus: input.corpus } : {}),
    sourceIds: input.sourceIds,
    passageIds: input.passageIds,
    answerIds: [...affected],
    texts: [...input.texts, ...questions].filter((t) => t.length >= MIN_TEXT),
    at: input.at,
  };
  for (const redact of purgeHooks.redact) redact(db, scope);
  return { answerIds: [...affected], conversations: conversations.size, selects };
}

/** A tombstone keeps the turn's place, ids, time, corpus, mode and owner; nothing the material said. */
function tombstone(record: AnswerRecord, label: string, input: StatePurgeInput): AnswerRecord {
  return {
    ...record,
    question: '',
    answer: label,
    abstained: false,
    abstain_reason: null,
    citations: [],
    dropped_citations: [],
    retrieval: { ...record.retrieval, query: '', notes: [], passages: [] },
    request: { ...record.request, filters: null },
    prompt: null,
    prompt_messages: null,
    output: '',
    withdrawn: { at: input.at, action: input.action },
  };
}

/** A text as it appears inside a JSON string (quotes, backslashes and control characters escaped). */
function jsonInner(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}
