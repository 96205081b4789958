/**
 * Select lists, one per corpus, kept in the state store (DARKROOM_HOME/state.db, core/store/state): small state
 * only (ids, times, handles and a copy of each passage's text for display). Every change is one SQLite
 * transaction on a fresh read of the list, so the CLI (`darkroom selects`) and a running server both edit it
 * and no change is lost.
 */
import { DarkroomError, isDarkroomError } from '../../core/errors.ts';
import { openStateStore, type StateStore } from '../../core/store/state/open-state.ts';
import { readSelectList, writeSelectList } from '../../core/store/state/select-rows.ts';
import type { SourceKind } from '../../core/types.ts';

/** One chosen passage in a select list. The JSON shape of the selects routes and protocol events. */
export interface SelectItem {
  /** `sel_` + 12 hex characters. */
  id: string;
  passage_id: string;
  source_id: string;
  corpus: string;
  /** The source file on the studio storage. */
  path: string;
  title: string;
  kind: SourceKind;
  /** Seconds from the start of the file: the passage itself (handles not included). */
  start_s: number;
  end_s: number;
  /** Extra seconds of media kept before and after the passage when exported. */
  handle_before_s: number;
  handle_after_s: number;
  speaker: string | null;
  text: string;
  /** The editor's note, or null. */
  note: string | null;
  added_at: string;
}

/** Clips a select list may hold (a CMX3600 EDL holds 999 events). */
export const MAX_SELECTS = 999;

export interface SelectStore {
  readonly file: string;
  list(corpus: string): Promise<SelectItem[]>;
  /** Inserts at `position` (0-based; default: the end). */
  add(corpus: string, items: SelectItem[], position?: number): Promise<SelectItem[]>;
  remove(corpus: string, id: string): Promise<SelectItem[]>;
  /** Puts the list in the order of `ids`, which must name every select exactly once. */
  reorder(corpus: string, ids: string[]): Promise<SelectItem[]>;
  update(corpus: string, id: string, patch: Partial<Pick<SelectItem, 'handle_before_s' | 'handle_after_s' | 'note'>>): Promise<SelectItem[]>;
  clear(corpus: string): Promise<SelectItem[]>;
  close(): void;
}

/**
 * Opens the select store of `home` (the state store, created and migrated if needed). Pass `state` to share an
 * open state store; otherwise it opens its own and closes it with {@link SelectStore.close}.
 */
export async function openSelectStore(home: string, options: { state?: StateStore } = {}): Promise<SelectStore> {
  const state = options.state ?? openStateStore(home);
  /** Runs one read-modify-write of a list in one transaction. */
  const change = (corpus: string, fn: (items: SelectItem[]) => SelectItem[]): Promise<SelectItem[]> => {
    try {
      return Promise.resolve(
        state.write((db) => {
          const next = fn(readSelectList<SelectItem>(db, corpus));
          writeSelectList(db, corpus, next);
          return next;
        }),
      );
    } catch (cause) {
      if (isDarkroomError(cause)) return Promise.reject(cause);
      return Promise.reject(new DarkroomError('STORE_FAILED', `Cannot change the select list of "${corpus}" in ${state.file}: ${(cause as Error).message}. Check that DARKROOM_HOME is writable and the disk is not full.`, { cause }));
    }
  };
  const find = (items: SelectItem[], corpus: string, id: string): number => {
    const i = items.findIndex((s) => s.id === id);
    if (i < 0) throw new DarkroomError('NOT_FOUND', `No select ${id} in the select list of "${corpus}". List it with \`darkroom selects list --corpus ${corpus}\`.`);
    return i;
  };

  return Promise.resolve({
    file: state.file,
    list: (corpus) => Promise.resolve(readSelectList<SelectItem>(state.db, corpus)),
    add: (corpus, items, position) =>
      change(corpus, (list) => {
        if (list.length + items.length > MAX_SELECTS) {
          throw new DarkroomError('INPUT_INVALID', `The select list of "${corpus}" would hold ${list.length + items.length} clips; the limit is ${MAX_SELECTS}. Remove some, or start a list in another corpus.`);
        }
        list.splice(position === undefined ? list.length : Math.min(Math.max(0, position), list.length), 0, ...items);
        return list;
      }),
    remove: (corpus, id) =>
      change(corpus, (list) => {
        list.splice(find(list, corpus, id), 1);
        return list;
      }),
    reorder: (corpus, ids) =>
      change(corpus, (list) => {
        const unique = new Set(ids);
        if (unique.size !== ids.length || ids.length !== list.length || list.some((s) => !unique.has(s.id))) {
          throw new DarkroomError('INPUT_INVALID', `A reorder of "${corpus}" must list each of its ${list.length} select ids exactly once (got ${ids.length}). Fetch the list again and resend its ids in the new order.`);
        }
        const byId = new Map(list.map((s) => [s.id, s]));
        return ids.map((id) => byId.get(id) as SelectItem);
      }),
    update: (corpus, id, patch) =>
      change(corpus, (list) => {
        const i = find(list, corpus, id);
        const current = list[i] as SelectItem;
        list[i] = { ...current, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
        return list;
      }),
    clear: (corpus) => change(corpus, () => []),
    close() {
      if (!options.state) state.close();
    },
  });
}
