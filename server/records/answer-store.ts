/**
 * Answer records and conversations, kept in the state store (DARKROOM_HOME/state.db, core/store/state): small
 * metadata only, never passages or vectors (those live in the archive; a record keeps passage ids and scores).
 * Capped: past `maxAnswers` the oldest answers are dropped, and conversations left empty with them.
 * Every save is one SQLite transaction, so the CLI (`darkroom ask`) and a running server both add to it and
 * nothing is lost.
 */
import { randomUUID } from 'node:crypto';
import { DarkroomError } from '../../core/errors.ts';
import type { AnswerRecord } from '../../core/protocol/chat.ts';
import { capAnswers, insertAnswer, parseAnswer, type ConversationRow } from '../../core/store/state/answer-rows.ts';
import { openStateStore, type StateStore } from '../../core/store/state/open-state.ts';

/** A conversation: a question and its follow-ups, in order. */
export interface Conversation extends ConversationRow {
  answer_ids: string[];
}

/** Which conversations a listing returns: one owner's (null: the desk tool's), and/or those of some corpora. */
export interface ConversationScope {
  owner?: string | null | undefined;
  corpora?: readonly string[] | null | undefined;
}

/** Answers kept before the oldest are dropped. Each holds its prompt (a few KB to a few tens of KB). */
export const DEFAULT_MAX_ANSWERS = 1000;

export interface AnswerStore {
  /** The file the state lives in. */
  readonly file: string;
  newConversationId(): string;
  newAnswerId(): string;
  save(record: AnswerRecord): Promise<void>;
  getAnswer(id: string): Promise<AnswerRecord | null>;
  getConversation(id: string): Promise<{ conversation: Conversation; answers: AnswerRecord[] } | null>;
  /** Newest first; only those in `scope` when given (absent fields: no restriction). */
  listConversations(limit?: number, scope?: ConversationScope): Promise<Conversation[]>;
  /** The questions and answers of a conversation so far, oldest first, for a follow-up's prompt. */
  history(conversationId: string): Promise<Array<{ question: string; answer: string }>>;
  close(): void;
}

type AnswerRow = { record: string; owner: string | null };

/**
 * Opens the answer store of `home` (the state store, created and migrated if needed). Pass `state` to share an
 * open state store; otherwise the answer store opens its own and closes it with {@link AnswerStore.close}.
 */
export async function openAnswerStore(home: string, options: { maxAnswers?: number; state?: StateStore } = {}): Promise<AnswerStore> {
  const state = options.state ?? openStateStore(home);
  const maxAnswers = options.maxAnswers ?? DEFAULT_MAX_ANSWERS;
  const { db } = state;
  const answerIds = db.prepare<[string], { id: string }>('SELECT id FROM answers WHERE conversation_id = ? ORDER BY seq');
  const toConversation = (row: ConversationRow): Conversation => ({ ...row, answer_ids: answerIds.all(row.id).map((r) => r.id) });

  return Promise.resolve({
    file: state.file,
    newConversationId: () => `conv_${randomUUID().replace(/-/g, '').slice(0, 16)}`,
    newAnswerId: () => `ans_${randomUUID().replace(/-/g, '').slice(0, 16)}`,

    save(record) {
      try {
        state.write((tx) => {
          insertAnswer(tx, record);
          capAnswers(tx, maxAnswers);
        });
        return Promise.resolve();
      } catch (cause) {
        return Promise.reject(new DarkroomError('STORE_FAILED', `Cannot save answer ${record.id} to ${state.file}: ${(cause as Error).message}. Check that DARKROOM_HOME is writable and the disk is not full.`, { cause }));
      }
    },

    getAnswer(id) {
      const row = db.prepare<[string], AnswerRow>('SELECT record, owner FROM answers WHERE id = ?').get(id);
      return Promise.resolve(row ? parseAnswer(row) : null);
    },

    getConversation(id) {
      const row = db.prepare<[string], ConversationRow>('SELECT id, created_at, updated_at, title, corpus, owner FROM conversations WHERE id = ?').get(id);
      if (!row) return Promise.resolve(null);
      const answers = db.prepare<[string], AnswerRow>('SELECT record, owner FROM answers WHERE conversation_id = ? ORDER BY seq').all(id).map(parseAnswer);
      return Promise.resolve({ conversation: { ...row, answer_ids: answers.map((a) => a.id) }, answers });
    },

    listConversations(limit = 100, scope = {}) {
      const { owner, corpora } = scope;
      const where: string[] = [];
      const params: unknown[] = [];
      if (owner !== undefined) {
        where.push(owner === null ? 'owner IS NULL' : 'owner = ?');
        if (owner !== null) params.push(owner);
      }
      if (corpora !== undefined && corpora !== null) {
        // A conversation with no corpus is listed only when the listing is one owner's.
        const inList = `corpus IN (${corpora.map(() => '?').join(', ') || "''"})`;
        where.push(owner !== undefined ? `(corpus IS NULL OR ${inList})` : inList);
        params.push(...corpora);
      }
      const sql = `SELECT id, created_at, updated_at, title, corpus, owner FROM conversations ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY updated_at DESC, rowid DESC LIMIT ?`;
      const rows = db.prepare(sql).all(...params, limit) as ConversationRow[];
      return Promise.resolve(rows.map(toConversation));
    },

    history(conversationId) {
      // A tombstone's turn is not history: its words are gone, and a follow-up must not be built on them.
      const rows = db.prepare<[string], AnswerRow>('SELECT record, owner FROM answers WHERE conversation_id = ? AND withdrawn_at IS NULL ORDER BY seq').all(conversationId);
      return Promise.resolve(rows.map(parseAnswer).map((a) => ({ question: a.question, answer: a.answer })));
    },

    close() {
      if (!options.state) state.close();
    },
  });
}
