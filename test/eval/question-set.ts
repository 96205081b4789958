/**
 * The whole eval question set (search and answers) over two corpora: the shared sample archive
 * (../shared/corpora/archive-sample) and the demo (corpora/demo/archive). It joins the first 48 search
 * questions and 12 unanswerable ones (test/eval/questions.ts) to the harder ones of test/eval/questions-more.ts,
 * tags each with a category, and splits them into a tuning half and a held-out half by a hash of the
 * question id (fixed before any tuning; never move a question between halves).
 *
 * Categories: `worded` (reuses the archive's own words), `paraphrase` (the asker's words, same language),
 * `cross` (question in one language, answer in the other), `moment` (find a moment in a recording or text),
 * `multi` (the answer is spread over several sources), `unanswerable` (nothing in the corpus answers it,
 * though it shares the corpus's words).
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { repoRoot, sampleCorpus } from '../helpers/env.ts';
import { evalQuestions, unanswerableQuestions, type EvalLanguage } from './questions.ts';
import { followUps, moreQuestions } from './questions-more.ts';

export const evalCategories = ['worded', 'paraphrase', 'cross', 'moment', 'multi', 'unanswerable'] as const;
export type EvalCategory = (typeof evalCategories)[number];
export type EvalCorpus = 'sample' | 'demo';
export type EvalHalf = 'tuning' | 'held-out';

/** Where an answer is: a file (relative to the corpus root) and, optionally, a phrase in the passage, a PDF page or a time inside it. */
export interface EvalLocator {
  file: string;
  phrase?: string;
  page?: number;
  at_s?: number;
}

export interface EvalItem {
  id: string;
  corpus: EvalCorpus;
  category: EvalCategory;
  question: string;
  language: EvalLanguage;
  /** Language of the material holding the answer (the question's language for unanswerable ones). */
  source: EvalLanguage;
  /** Any one of these is the expected passage; for `multi`, each distinct file is one of the sources. Empty: unanswerable. */
  sources: EvalLocator[];
  /** Facts an answer must hold (each: alternatives separated by `|`, compared folded). */
  facts?: string[];
}

/** A two-turn conversation whose second question refers back to the first. */
export interface EvalFollowUp {
  id: string;
  corpus: EvalCorpus;
  first: string;
  then: string;
  language: EvalLanguage;
  sources: EvalLocator[];
}

/** Root folder of a corpus's files. */
export function corpusRoot(corpus: EvalCorpus): string {
  return corpus === 'sample' ? sampleCorpus : path.join(repoRoot, 'corpora', 'demo', 'archive');
}

/** The half a question belongs to: the first byte of sha256(id), even = tuning, odd = held-out. */
export function halfOf(id: string): EvalHalf {
  const first = createHash('sha256').update(id).digest()[0] ?? 0;
  return first % 2 === 0 ? 'tuning' : 'held-out';
}

function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .split('-')
    .slice(0, 6)
    .join('-');
}

const legacy: EvalItem[] = [
  ...evalQuestions.map(
    (q): EvalItem => ({
      id: q.id,
      corpus: 'sample',
      category: q.language === q.source ? 'worded' : 'cross',
      question: q.question,
      language: q.language,
      source: q.source,
      sources: [{ file: q.file, ...(q.phrase !== undefined ? { phrase: q.phrase } : {}), ...(q.page !== undefined ? { page: q.page } : {}), ...(q.at_s !== undefined ? { at_s: q.at_s } : {}) }],
    }),
  ),
  ...unanswerableQuestions.map((q): EvalItem => ({ id: `unanswerable-${slug(q.question)}`, corpus: 'sample', category: 'unanswerable', question: q.question, language: q.language, source: q.language, sources: [] })),
];

/** Every question of the eval, each with its half. */
export const evalSet: Array<EvalItem & { half: EvalHalf }> = [...legacy, ...moreQuestions].map((q) => ({ ...q, half: halfOf(q.id) }));
export const evalFollowUps: Array<EvalFollowUp & { half: EvalHalf }> = followUps.map((f) => ({ ...f, half: halfOf(f.id) }));
