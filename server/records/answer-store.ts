/**
 * Answer records and conversations, kept in lowdb at DARKROOM_HOME/state.json: small metadata only,
 * never passages or vectors (those live in the archive; a record keeps passage ids and scores).
 * Capped: past `maxAnswers` the oldest answers are dropped, and conversations left empty with them.
 * The file is re-read before each write, so that the CLI (`darkroom ask`) and a running server both add to it.
 */
import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { JSONFilePreset } from 'lowdb/node';
import type { Low } from 'lowdb';
import { DarkroomError } from '../../core/errors.ts';
import type { AnswerRecord } from '../../core/protocol/chat.ts';

/** A conversation: a question and its follow-ups, in order. */
export interface Conversation {
  id: string;
  created_at: string;
  updated_at: string;
  /** The first question, as a title. */
  title: string;
  corpus: string | null;
  /** The user id of who started it (core/access); null or absent: the desk tool or the CLI. */
  owner?: string | null;
  answer_ids: string[];
}

/** Which conversations a listing returns: one owner's (null: the desk tool's), and/or those of some corpora. */
export interface ConversationScope {
  owner?: string | null | undefined;
  corpora?: readonly string[] | null | undefined;
}

interface State {
  format: 1;
  conversations: Conversation[];
  answers: AnswerRecord[];
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
}

/** Opens (or creates) the state file in `home`. */
export async function openAnswerStore(home: string, options: { maxAnswers?: number } = {}): Promise<AnswerStore> {
  const file = path.join(home, 'state.json');
  const maxAnswers = options.maxAnswers ?? DEFAULT_MAX_ANSWERS;
  let db: Low<State>;
  try {
    db = await JSONFilePreset<State>(file, { format: 1, conversations: [], answers: [] });
  } catch (cause) {
    throw new DarkroomError('STORE_FAILED', `Cannot read ${file}: ${(cause as Error).message}. Fix or move the file away (answer records only; the archive is not in it).`, { cause });
  }
  let writing: Promise<void> = Promise.resolve();
  // Re-read only when the file changed (another process wrote it): a full state file is megabytes of JSON.
  let seen = '';
  const stamp = async () => {
    const s = await stat(file).catch(() => null);
    return s ? `${s.mtimeMs}:${s.size}` : '';
  };
  const reload = async () => {
    const now = await stamp();
    if (now === seen) return;
    await db.read();
    seen = now;
  };

  return {
    file,
    newConversationId: () => `conv_${randomUUID().replace(/-/g, '').slice(0, 16)}`,
    newAnswerId: () => `ans_${randomUUID().replace(/-/g, '').slice(0, 16)}`,

    save(record) {
      const task = writing.then(async () => {
        await reload();
        const { answers, conversations } = db.data;
        answers.push(record);
        let conversation = conversations.find((c) => c.id === record.conversation_id);
        if (!conversation) {
          conversation = { id: record.conversation_id, created_at: record.created_at, updated_at: record.created_at, title: record.question.slice(0, 200), corpus: record.corpus, owner: record.owner ?? null, answer_ids: [] };
          conversations.push(conversation);
        }
        conversation.answer_ids.push(record.id);
        conversation.updated_at = record.created_at;
        if (answers.length > maxAnswers) {
          const dropped = new Set(answers.splice(0, answers.length - maxAnswers).map((a) => a.id));
          for (const c of conversations) c.answer_ids = c.answer_ids.filter((id) => !dropped.has(id));
          db.data.conversations = conversations.filter((c) => c.answer_ids.length > 0);
        }
        try {
          await db.write();
          seen = await stamp();
        } catch (cause) {
          seen = '';
          throw new DarkroomError('STORE_FAILED', `Cannot write ${file}: ${(cause as Error).message}. Check that DARKROOM_HOME is writable and the disk is not full.`, { cause });
        }
      });
      writing = task.catch(() => undefined);
      return task;
    },

    async getAnswer(id) {
      await reload();
      return db.data.answers.find((a) => a.id === id) ?? null;
    },

    async getConversation(id) {
      await reload();
      const conversation = db.data.conversations.find((c) => c.id === id);
      if (!conversation) return null;
      const byId = new Map(db.data.answers.map((a) => [a.id, a]));
      return { conversation, answers: conversation.answer_ids.flatMap((a) => byId.get(a) ?? []) };
    },

    async listConversations(limit = 100, scope = {}) {
      await reload();
      const { owner, corpora } = scope;
      const visible = db.data.conversations.filter(
        (c) => (owner === undefined || (c.owner ?? null) === owner) && (corpora === undefined || corpora === null || (c.corpus !== null && corpora.includes(c.corpus)) || (c.corpus === null && owner !== undefined)),
      );
      return [...visible].sort((a, b) => b.updated_at.localeCompare(a.updated_at)).slice(0, limit);
    },

    async history(conversationId) {
      await reload();
      return db.data.answers.filter((a) => a.conversation_id === conversationId).map((a) => ({ question: a.question, answer: a.answer }));
    },
  };
}
