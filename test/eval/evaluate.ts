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
