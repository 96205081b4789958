/**
 * The one-time import of the lowdb files of earlier versions: DARKROOM_HOME/state.json (answers and
 * conversations) and selects.json (select lists). Runs under the state store's write lock and records itself
 * in `legacy_imports`, so that of several processes starting at once exactly one imports. The old file is then
 * renamed `<name>.migrated-backup` and kept until the user deletes it (a withdrawal scrubs it too).
 */
import { existsSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { DarkroomError } from '../../errors.ts';
import { createLogger } from '../../logger.ts';
import type { AnswerRecord } from '../../protocol/chat.ts';
import { insertAnswer } from './answer-rows.ts';
import { readSelectList, writeSelectList, type SelectRowItem } from './select-rows.ts';

const log = createLogger('state');

/** The suffix of a lowdb file once imported. */
export const BACKUP_SUFFIX = '.migrated-backup';

/** The legacy files and how each is imported. */
export const legacyFiles = ['state.json', 'selects.json'] as const;

/** Imports each legacy file found in `home` that has not been imported yet. */
export function importLegacyState(home: string, write: <T>(fn: (db: Database) => T) => T): void {
  for (const name of legacyFiles) {
    const file = path.join(home, name);
    if (!existsSync(file)) continue;
    const imported = write((db) => {
      db.exec('CREATE TABLE IF NOT EXISTS legacy_imports (file TEXT PRIMARY KEY, imported_at TEXT NOT NULL, items INTEGER NOT NULL)');
      if (db.prepare('SELECT 1 FROM legacy_imports WHERE file = ?').get(name)) return null;
      if (!existsSync(file)) return null;
      let data: unknown;
      try {
        data = JSON.parse(readFileSync(file, 'utf8'));
      } catch (cause) {
        throw new DarkroomError('STATE_UNAVAILABLE', `Cannot import ${file} into the state store: ${(cause as Error).message}. Fix the JSON, or rename the file to keep it out of the way; nothing was changed.`, { cause });
      }
      const items = name === 'state.json' ? importAnswers(db, data) : importSelects(db, data);
      db.prepare('INSERT INTO legacy_imports (file, imported_at, items) VALUES (?, ?, ?)').run(name, new Date().toISOString(), items);
      return items;
    });
    if (imported === null) continue;
    try {
      renameSync(file, file + BACKUP_SUFFIX);
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code !== 'ENOENT') log.warn('could not rename the imported file; it is ignored from now on', { file, cause });
    }
    log.warn(`${name} was moved into the state store (state.db): ${imported} items. The old file is kept as ${name}${BACKUP_SUFFIX}; delete it once you have checked your answers and selects.`, { file: file + BACKUP_SUFFIX });
  }
}

function importAnswers(db: Database, data: unknown): number {
  const answers = (data as { answers?: AnswerRecord[] }).answers ?? [];
  const conversations = (data as { conversations?: Array<{ id: string; title: string; answer_ids: string[] }> }).conversations ?? [];
  // Save in conversation order so that each conversation's turns keep their order.
  const order = new Map<string, number>();
  conversations.forEach((c) => c.answer_ids.forEach((id, i) => order.set(id, i)));
  const sorted = [...answers].sort((a, b) => a.created_at.localeCompare(b.created_at) || (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  for (const record of sorted) insertAnswer(db, record);
  const title = db.prepare('UPDATE conversations SET title = ? WHERE id = ?');
  for (const c of conversations) title.run(c.title, c.id);
  return answers.length;
}

function importSelects(db: Database, data: unknown): number {
  const lists = (data as { lists?: Record<string, SelectRowItem[]> }).lists ?? {};
  let n = 0;
  for (const [corpus, items] of Object.entries(lists)) {
    // Merge with what this store already has for the corpus (ids kept unique).
    const current = readSelectList(db, corpus);
    const seen = new Set(current.map((s) => s.id));
    writeSelectList(db, corpus, [...current, ...items.filter((s) => !seen.has(s.id))]);
    n += items.length;
  }
  return n;
}
