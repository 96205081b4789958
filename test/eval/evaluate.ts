/**
 * Scores search against the hand-written question set: for each question, the rank of the first hit that
 * is its expected passage; then top-1 / top-5 hit rates per question-language -> source-language group.
 * Shared by `npm run eval:search` (test/eval/run.ts) and test/integration/search-eval.test.ts.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Embedder } from '../../core/models/embedder.ts';
import { searchArchive, type FusionWeights, type SearchMode } from '../../core/search/search.ts';
import type { Archive } from '../../core/store/archive.ts';
import type { SearchHit } from '../../core/types.ts';
import { corpusRoot, evalCategories, type EvalCategory, type EvalHalf, type EvalItem, type EvalLocator } from './question-set.ts';
import type { EvalQuestion } from './questions.ts';

/** Hits looked at per question. */
export const EVAL_DEPTH = 10;

export interface QuestionOutcome {
  id: string;
  group: string;
  /** 1-based rank of the expected passage, or null if not in the first {@link EVAL_DEPTH} hits. */
  rank: number | null;
}

export interface GroupScore {
  group: string;
  questions: number;
  top1: number;
  top5: number;
}

export interface EvalReport {
  mode: SearchMode;
  outcomes: QuestionOutcome[];
  /** One row per group plus an `all` row, rates in [0, 1]. */
  scores: GroupScore[];
  /** Questions left out because their file is not in the archive (no extractor for it yet). */
  missing: string[];
}

/** Lower case, no accents, straight quotes, single spaces: how phrases and hit texts are compared. */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[‘’‛`]/g, "'")
    .replace(/[“”«»]/g, '"')
    .replace(/œ/g, 'oe')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Whether `hit` is the passage question `q` expects (its file, and its phrase, page or cue time). */
export function isExpectedHit(q: EvalQuestion, hit: SearchHit, root: string): boolean {
  if (path.resolve(hit.path) !== path.resolve(root, q.file)) return false;
  if (q.phrase !== undefined && foldText(hit.text).includes(foldText(q.phrase))) return true;
  if (q.page !== undefined && hit.page === q.page) return true;
  if (q.at_s !== undefined && hit.start_s !== null && hit.end_s !== null && hit.start_s - 2 <= q.at_s && q.at_s <= hit.end_s + 2) return true;
  return false;
}

export interface EvaluateOptions {
  archive: Archive;
  embedder: Embedder | null;
  questions: EvalQuestion[];
  /** The sample corpus's root folder (question files are relative to it). */
  root: string;
  mode: SearchMode;
  corpus?: string;
  /** Source paths present in the archive; questions on other files are reported as missing. */
  ingestedPaths: Set<string>;
  /** Fusion weights to try instead of the defaults. */
  fusion?: Partial<FusionWeights>;
}

export async function evaluateSearch(options: EvaluateOptions): Promise<EvalReport> {
  const outcomes: QuestionOutcome[] = [];
  const missing: string[] = [];
  for (const q of options.questions) {
    const file = path.resolve(options.root, q.file);
    if (!existsSync(file) || !options.ingestedPaths.has(file)) {
      missing.push(q.id);
      continue;
    }
    const result = await searchArchive(options.archive, options.embedder, { query: q.question, corpus: options.corpus, limit: EVAL_DEPTH, mode: options.mode, fusion: options.fusion });
    const index = result.hits.findIndex((h) => isExpectedHit(q, h, options.root));
    outcomes.push({ id: q.id, group: `${q.language}->${q.source}`, rank: index === -1 ? null : index + 1 });
  }
  return { mode: options.mode, outcomes, scores: scoreOutcomes(outcomes), missing };
}

export function scoreOutcomes(outcomes: QuestionOutcome[]): GroupScore[] {
  const groups = [...new Set(outcomes.map((o) => o.group))].sort();
  const score = (group: string, list: QuestionOutcome[]): GroupScore => ({
    group,
    questions: list.length,
    top1: list.length ? list.filter((o) => o.rank === 1).length / list.length : 0,
    top5: list.length ? list.filter((o) => o.rank !== null && o.rank <= 5).length / list.length : 0,
  });
  return [...groups.map((g) => score(g, outcomes.filter((o) => o.group === g))), score('all', outcomes)];
}

/** The `all` row of a report. */
export function overall(report: EvalReport): GroupScore {
  return report.scores.find((s) => s.group === 'all') ?? { group: 'all', questions: 0, top1: 0, top5: 0 };
}

/** Whether `hit` is the passage a locator points at (its file, and its phrase, page or time when given; the file alone otherwise). */
export function isLocatedHit(loc: EvalLocator, hit: { path: string; text: string; page: number | null; start_s: number | null; end_s: number | null }, root: string): boolean {
  if (path.resolve(hit.path) !== path.resolve(root, loc.file)) return false;
  if (loc.phrase === undefined && loc.page === undefined && loc.at_s === undefined) return true;
  if (loc.phrase !== undefined && foldText(hit.text).includes(foldText(loc.phrase))) return true;
  if (loc.page !== undefined && hit.page === loc.page) return true;
  if (loc.at_s !== undefined && hit.start_s !== null && hit.end_s !== null && hit.start_s - 2 <= loc.at_s && loc.at_s <= hit.end_s + 2) return true;
  return false;
}

export interface ItemOutcome {
  id: string;
  category: EvalCategory;
  half: EvalHalf;
  /** 1-based rank of the first expected passage, or null if not in the first {@link EVAL_DEPTH} hits. */
  rank: number | null;
  /** Distinct expected files found in the first {@link EVAL_DEPTH} hits, of how many. */
  files: { found: number; total: number };
}

export interface SetOptions {
  archive: Archive;
  embedder: Embedder | null;
  items: Array<EvalItem & { half: EvalHalf }>;
  mode: SearchMode;
  /** Absolute paths of the files in the archive; a question none of whose files is there is left out. */
  ingestedPaths: Set<string>;
  fusion?: Partial<FusionWeights>;
  /** Search the dictionary translation too (default true). */
  translate?: boolean;
  /** Search to use instead of {@link searchArchive} (same contract). */
  search?: typeof searchArchive;
}

/** Search outcome of every answerable question of the set (unanswerable ones are for eval:answers). */
export async function evaluateSet(options: SetOptions): Promise<{ outcomes: ItemOutcome[]; missing: string[] }> {
  const outcomes: ItemOutcome[] = [];
  const missing: string[] = [];
  const search = options.search ?? searchArchive;
  for (const q of options.items) {
    if (q.sources.length === 0) continue;
    const root = corpusRoot(q.corpus);
    const present = q.sources.filter((s) => options.ingestedPaths.has(path.resolve(root, s.file)));
    if (present.length === 0) {
      missing.push(q.id);
      continue;
    }
    const result = await search(options.archive, options.embedder, { query: q.question, corpus: q.corpus, limit: EVAL_DEPTH, mode: options.mode, fusion: options.fusion, translate: options.translate });
    const index = result.hits.findIndex((h) => present.some((s) => isLocatedHit(s, h, root)));
    const files = [...new Set(present.map((s) => s.file))];
    const found = files.filter((f) => result.hits.some((h) => path.resolve(h.path) === path.resolve(root, f))).length;
    outcomes.push({ id: q.id, category: q.category, half: q.half, rank: index === -1 ? null : index + 1, files: { found, total: files.length } });
  }
  return { outcomes, missing };
}

export interface CategoryScore {
  category: string;
  half: EvalHalf | 'both';
  questions: number;
  top1: number;
  top5: number;
  /** Share of expected files found in the first {@link EVAL_DEPTH} hits (the multi-source measure). */
  files: number;
}

/** Scores per category and half, then an `all` row per half. */
export function scoreByCategory(outcomes: ItemOutcome[]): CategoryScore[] {
  const rows: CategoryScore[] = [];
  const score = (category: string, half: CategoryScore['half'], list: ItemOutcome[]): CategoryScore => {
    const n = list.length || 1;
    const total = list.reduce((s, o) => s + o.files.total, 0) || 1;
    return {
      category,
      half,
      questions: list.length,
      top1: list.filter((o) => o.rank === 1).length / n,
      top5: list.filter((o) => o.rank !== null && o.rank <= 5).length / n,
      files: list.reduce((s, o) => s + o.files.found, 0) / total,
    };
  };
  const categories = evalCategories.filter((c) => outcomes.some((o) => o.category === c));
  for (const category of [...categories, 'all']) {
    for (const half of ['tuning', 'held-out'] as const) {
      rows.push(score(category, half, outcomes.filter((o) => (category === 'all' || o.category === category) && o.half === half)));
    }
  }
  return rows;
}
