/**
 * A question's retrieval and its evidence check: the passages (searchArchive), the archive's table
 * version, and whether they can answer it (evidence.ts, plus a corpus-wide look-up of missing terms).
 */
import type { Embedder } from '../../core/models/embedder.ts';
import type { AskRequest } from '../../core/protocol/chat.ts';
import { searchArchive, type FusionWeights, type SearchResult } from '../../core/search/search.ts';
import type { Archive } from '../../core/store/archive.ts';
import type { SearchHit } from '../../core/types.ts';
import { assessEvidence, CORPUS_CHECK_BELOW, distinctiveTerms, withCorpusCheck, type Evidence } from './evidence.ts';

/** Passages retrieved per question unless the request says otherwise. */
export const DEFAULT_PASSAGES = 8;

export interface Retrieval {
  /** The query searched: the question, or for a short follow-up the previous question and this one. */
  query: string;
  limit: number;
  result: SearchResult;
  table_version: number | null;
  retrieval_s: number;
  evidence: Evidence;
}

/** Retrieves the passages of a question (with its conversation so far) and assesses the evidence. */
export async function retrieveForQuestion(
  deps: { archive: Archive; embedder(): Promise<Embedder | null>; fusion?: Partial<FusionWeights> | undefined },
  req: AskRequest,
  history: Array<{ question: string; answer: string }>,
  corpora: readonly string[] | null = null,
): Promise<Retrieval> {
  const started = performance.now();
  // A follow-up such as "and what did she do next?" has few words of its own: retrieve with the previous question too.
  const previous = history.at(-1)?.question;
  const query = previous && distinctiveTerms(req.question).terms.length < 2 ? `${previous} ${req.question}` : req.question;
  const limit = req.limit ?? DEFAULT_PASSAGES;
  const result = await searchArchive(deps.archive, await deps.embedder(), { query, corpus: req.corpus, corpora, limit, filters: req.filters, fusion: deps.fusion });
  const table_version = await deps.archive.version();
  const retrieval_s = (performance.now() - started) / 1000;
  // An archive or corpus with nothing in it: say so, and how to fill it, rather than "nothing matches".
  const evidence = result.empty ? { ...assessEvidence(query, []), reason: result.empty, empty: true } : await checkEvidence(deps.archive, req.corpus, corpora, query, result.hits);
  return { query, limit, result, table_version, retrieval_s, evidence };
}

/** Assesses the evidence, then looks up in the whole corpus the question terms no retrieved passage holds (see {@link withCorpusCheck}). */
async function checkEvidence(archive: Archive, corpus: string | undefined, corpora: readonly string[] | null, query: string, hits: SearchHit[]): Promise<Evidence> {
  const evidence = assessEvidence(query, hits);
  if (!evidence.answerable || evidence.unmatched.length === 0 || evidence.coverage >= CORPUS_CHECK_BELOW) return evidence;
  const absent: string[] = [];
  for (const term of evidence.unmatched) {
    const found = await searchArchive(archive, null, { query: term, corpus, corpora, limit: 1 });
    if (found.hits.length === 0) absent.push(term);
  }
  return withCorpusCheck(evidence, absent);
}
