/**
 * The files of the archive folder a purge must clear besides the tables: media proxies and other derivatives
 * named after a source id, exports written into the archive folder that quote the material or name its file,
 * and the lowdb backups left by the state store's import (`*.migrated-backup`). Idempotent.
 */
import { readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BACKUP_SUFFIX } from '../store/state/import-legacy.ts';
import { STATE_FILE } from '../store/state/open-state.ts';

/** Files bigger than this are not read (exports and backups are small; media derivatives go by name). */
const MAX_SCAN_BYTES = 64 * 1024 * 1024;
/** Entries of the archive folder that belong to the stores themselves, cleared by their own purge. */
const STORE_ENTRIES = new Set(['lance', STATE_FILE, `${STATE_FILE}-wal`, `${STATE_FILE}-shm`, 'archive.json', 'writer.lock']);

export interface FileScrubInput {
  home: string;
  sourceIds: string[];
  /** Paths of the sources on the studio storage (an export names its clips by them). Whole-source purges only. */
  sourcePaths: string[];
  /** The erased passages' texts. */
  texts: string[];
  passageIds: string[];
  answerIds: string[];
}

/** Deletes derivatives and exports of the material, rewrites legacy backups without it. Returns the files touched. */
export function scrubFiles(input: FileScrubInput): { deleted: string[]; rewritten: string[] } {
  const deleted: string[] = [];
  const rewritten: string[] = [];
  const needles = buildNeedles(input);
  for (const file of walk(input.home)) {
    const rel = path.relative(input.home, file);
    const name = path.basename(file);
    if (input.sourceIds.some((id) => name.includes(id))) {
      rmSync(file, { force: true });
      deleted.push(rel);
      continue;
    }
    if (name.endsWith(BACKUP_SUFFIX)) {
      if (rewriteBackup(file, input)) rewritten.push(rel);
      continue;
    }
    const size = statSync(file).size;
    if (size > MAX_SCAN_BYTES) continue;
    const content = normalise(readFileSync(file, 'utf8'));
    if (needles.some((n) => content.includes(n))) {
      rmSync(file, { force: true });
      deleted.push(rel);
    }
  }
  return { deleted, rewritten };
}

/** Every regular file of the archive folder outside the stores' own files. */
function* walk(dir: string, top = true): Generator<string> {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (top && STORE_ENTRIES.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full, false);
    else if (entry.isFile()) yield full;
  }
}

/** What an export of the material contains: its file paths, its ids, runs of six words of its text. */
function buildNeedles(input: FileScrubInput): string[] {
  const needles = new Set<string>([...input.sourcePaths, ...input.sourceIds, ...input.passageIds].filter((s) => s.length >= 8));
  for (const text of input.texts) {
    const words = normalise(text).split(' ').filter(Boolean);
    if (words.length < 6) {
      if (text.length >= 12) needles.add(normalise(text));
      continue;
    }
    for (let i = 0; i + 6 <= words.length; i += 3) needles.add(words.slice(i, i + 6).join(' '));
  }
  return [...needles];
}

/** Undoes the escapes of the export formats (XML, JSON) and collapses white space, so that text matches text. */
function normalise(text: string): string {
  return text
    .replace(/&apos;|&#39;|&#x27;/g, "'")
    .replace(/&quot;|&#34;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\\n|\\r|\\t/g, ' ')
    .replace(/\\"/g, '"')
    .replace(/\s+/g, ' ');
}

/** Rewrites a lowdb backup without the answers, conversations turns and selects of the material. */
function rewriteBackup(file: string, input: FileScrubInput): boolean {
  let data: { answers?: Array<{ id: string; conversation_id: string; question?: string }>; conversations?: Array<{ id: string; title?: string; answer_ids: string[] }>; lists?: Record<string, Array<{ source_id: string; passage_id: string }>> };
  const raw = readFileSync(file, 'utf8');
  try {
    data = JSON.parse(raw) as typeof data;
  } catch {
    rmSync(file, { force: true });
    return true;
  }
  const sources = new Set(input.sourceIds);
  const passages = new Set(input.passageIds);
  const answers = new Set(input.answerIds);
  const needles = buildNeedles({ ...input, sourcePaths: [], sourceIds: [], passageIds: [] });
  const quotes = (x: unknown) => {
    const s = normalise(JSON.stringify(x));
    return needles.some((n) => s.includes(n)) || [...passages].some((p) => s.includes(p)) || [...sources].some((id) => s.includes(`"${id}:`));
  };
  if (data.answers) {
    const droppedAnswers = data.answers.filter((a) => answers.has(a.id) || quotes(a));
    const dropped = new Set(droppedAnswers.map((a) => a.id));
    const titles = new Set(droppedAnswers.map((a) => (a.question ?? '').slice(0, 200)));
    data.answers = data.answers.filter((a) => !dropped.has(a.id));
    for (const c of data.conversations ?? []) {
      c.answer_ids = c.answer_ids.filter((id) => !dropped.has(id));
      if (c.title !== undefined && (titles.has(c.title) || quotes(c.title))) c.title = 'material withdrawn';
    }
    data.conversations = (data.conversations ?? []).filter((c) => c.answer_ids.length > 0);
  }
  if (data.lists) {
    for (const [corpus, items] of Object.entries(data.lists)) data.lists[corpus] = items.filter((s) => !sources.has(s.source_id) && !passages.has(s.passage_id) && !quotes(s));
  }
  const next = JSON.stringify(data);
  if (next === JSON.stringify(JSON.parse(raw))) return false;
  writeFileSync(file + '.tmp', next);
  renameSync(file + '.tmp', file);
  return true;
}
