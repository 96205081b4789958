/**
 * Retrieval: full-text (BM25, one index per language and per corpus, so that a corpus ranks as if it were alone) and, when the archive has vectors and the same
 * embedder is configured, vector search; fused by weighted reciprocal rank. Every hit says why it was
 * retrieved (its rank and score on each side).
 */
import { DarkroomError } from '../errors.ts';
import { isUsableVector, type Embedder } from '../models/embedder.ts';
import type { Archive } from '../store/archive.ts';
import { searchCorpusText } from '../store/corpus-text.ts';
import { bilingualFtsQuery, type FullTextQuery } from '../store/fts-query.ts';
import { ftsColumns, sqlString } from '../store/schema.ts';
import { sourceKinds, type SearchFilters, type SearchHit, type SourceKind } from '../types.ts';
import { decodePassageCues } from '../moments/passage-cues.ts';
import { matchMoment } from '../moments/moment.ts';
import { enrichHits } from './enrich.ts';
import { unknownCorpus } from '../access/missing.ts';
import { translateForSearch } from './translate.ts';
import { restrictionGate, type RestrictionGate } from '../consent/restriction-gate.ts';

export interface SearchRequest {
  query: string;
  corpus?: string | undefined;
  /**
   * The corpora the caller may read (core/access): the search looks only there, and a `corpus` outside
   * them is unknown. Null or absent: every corpus.
   */
  corpora?: readonly string[] | null | undefined;
  limit?: number | undefined;
  filters?: SearchFilters | undefined;
  /** Which retrievers take part: both (default), full-text only, or vectors only. */
  mode?: SearchMode | undefined;
  /** Fusion weights; defaults to {@link defaultFusion} (measured with `npm run eval:search`). */
  fusion?: Partial<FusionWeights> | undefined;
  /**
   * Also search the query translated into the other language with the bilingual dictionary (default true;
   * see core/search/translate.ts). Off in semantic mode.
   */
  translate?: boolean | undefined;
}

/**
 * Weights of the vector side in reciprocal-rank fusion; BM25 always has weight 1.
 * `vectorWeight` applies to a passage both retrievers found (the vector side reorders BM25's hits);
 * `vectorOnlyWeight` to a passage only the vector side found (it can fill in below BM25's hits).
 */
export interface FusionWeights {
  vectorWeight: number;
  vectorOnlyWeight: number;
  /**
   * Weight of the full-text ranking of the dictionary translation alone. Default 0: the translation is
   * searched inside the full-text query itself (measured better on the tuning half, docs/search.md), and this
   * ranking only fills in `why.translation_rank`.
   */
  translationWeight: number;
  /** Weight of the translated words inside the full-text query, against 1 for the words as typed. */
  translationBoost: number;
}

/** `hybrid`: BM25 and vectors fused; `lexical`: BM25 only; `semantic`: vectors only (needs an embedder). */
export type SearchMode = 'hybrid' | 'lexical' | 'semantic';

export interface SearchResult {
  hits: SearchHit[];
  /** True when vector search took part. */
  semantic: boolean;
  /** Human-readable notes the CLI and UI show (e.g. "semantic search is off: …"). */
  notes: string[];
  /**
   * Set when the archive, or the corpus searched, holds no passage at all (rather than none matching): says so
   * and gives the command that fills it. Null otherwise.
   */
  empty: string | null;
  ms: number;
}

/** Reciprocal-rank-fusion constant (the usual 60). */
export const RRF_K = 60;
/** Fusion weights measured on the sample archive's question set (docs/search.md). */
export const defaultFusion: FusionWeights = { vectorWeight: 0.01, vectorOnlyWeight: 0.5, translationWeight: 0, translationBoost: 0.75 };
/** Candidates each retriever contributes before fusion (at least the limit). */
const CANDIDATES = 20;
/**
 * Columns a hit is built from: never the vector or the search columns (they would be read and copied for nothing).
 * Each query adds its own score column explicitly (`_score` for BM25, `_distance` for vectors): LanceDB's implicit
 * score columns are deprecated and would go missing, turning the fused scores into NaN.
 */
const HIT_COLUMNS = ['id', 'corpus', 'source_id', 'source_path', 'kind', 'title', 'page', 'char_start', 'char_end', 'start_s', 'end_s', 'speaker', 'language', 'heading', 'text', 'cues_json'];

export async function searchArchive(archive: Archive, embedder: Embedder | null, request: SearchRequest): Promise<SearchResult> {
  const started = performance.now();
  const query = request.query.trim();
  if (!query) throw new DarkroomError('INPUT_INVALID', 'The search query is empty. Type some words to search for.');
  if (query.length > 2000) throw new DarkroomError('INPUT_INVALID', `The search query is ${query.length} characters long; keep it under 2000.`);
  const limit = request.limit ?? 10;
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
    throw new DarkroomError('INPUT_INVALID', `The number of hits must be a whole number from 1 to 200 (got ${String(request.limit)}).`);
  }
  const kind = request.filters?.kind;
  if (kind !== undefined && !(sourceKinds as readonly string[]).includes(kind)) {
    throw new DarkroomError('INPUT_INVALID', `"${kind}" is not a kind of source. Use one of: ${sourceKinds.join(', ')}.`);
  }
  const notes: string[] = [];
  const scope = request.corpora ?? null;
  if (request.corpus !== undefined && scope !== null && !scope.includes(request.corpus)) throw unknownCorpus(request.corpus);
  if (scope !== null && scope.length === 0) return { hits: [], semantic: false, notes: ['No corpus is granted to you yet: ask an admin for a grant (docs/access.md).'], empty: null, ms: performance.now() - started };
  if (request.corpus !== undefined && !(await archive.listCorpora()).some((c) => c.corpus === request.corpus)) {
    throw unknownCorpus(request.corpus);
  }
  const table = await archive.passages();
  if (!table) return { hits: [], semantic: false, notes: [], empty: await emptyMessage(archive, request.corpus, scope), ms: performance.now() - started };
  // Off the record and embargoes (core/consent): sources closed whole are left out by the query, ranges and pages cut below.
  const gate = restrictionGate(archive);
  const where = buildWhere(request.corpus, request.filters, request.corpus === undefined ? scope : null, gate.closedSources);

  const mode = request.mode ?? 'hybrid';
  const fusion = { ...defaultFusion, ...request.fusion };
  const textQuery = mode === 'semantic' ? '' : toFtsQuery(query);
  if (mode !== 'semantic' && !textQuery) notes.push('the query has no word to match in the text (only punctuation or symbols).');
  const translation = textQuery && request.translate !== false ? await translateForSearch(query) : null;
  if (translation?.note) notes.push(translation.note);
  const translatedQuery = translation?.query ? toFtsQuery(translation.query) : '';
  // The full-text side searches the query and its translation in one BM25 query, the translation weighted
  // less, so that BM25's own weights (rare words count most) decide between a passage in either language.
  const extraWords = translatedQuery ? newWords(translatedQuery, textQuery) : '';
  const bilingual = extraWords ? bilingualFtsQuery(textQuery, extraWords, fusion.translationBoost) : textQuery;
  // Fusion needs candidates beyond the limit; a single retriever needs exactly the limit.
  const candidates = mode === 'hybrid' || translatedQuery ? Math.max(limit, CANDIDATES) : limit;
  // Full-text ranking per corpus (core/store/corpus-text.ts): each corpus's BM25 statistics are its own.
  const corpora = request.corpus !== undefined ? [request.corpus] : (scope ?? (await archive.listCorpora()).map((c) => c.corpus));
  const textWhere = buildWhere(undefined, request.filters, null);
  const fullText = async (text: string | FullTextQuery): Promise<Array<Record<string, unknown>>> => {
    if (!text) return [];
    const ranked = await searchCorpusText(archive, corpora, text, textWhere, candidates);
    if (ranked === null) {
      // An archive from before per-corpus text tables (until its next ingest): archive-wide statistics.
      let q = (typeof text === 'string' ? table.search(text, 'fts', Object.keys(ftsColumns)) : table.search(text)).select([...HIT_COLUMNS, '_score']).limit(candidates);
      if (where) q = q.where(where);
      return (await archive.readLatest(() => q.toArray())) as Array<Record<string, unknown>>;
    }
    if (ranked.length === 0) return [];
    const rows = (await archive.readLatest(() =>
      table
        .query()
        .where(`id IN (${ranked.map((r) => sqlString(r.id)).join(', ')})`)
        .select(HIT_COLUMNS)
        .toArray(),
    )) as Array<Record<string, unknown>>;
    const byId = new Map(rows.map((r) => [String(r.id), r]));
    return ranked.flatMap((r) => {
      const row = byId.get(r.id);
      return row ? [{ ...row, _score: r.score }] : [];
    });
  };
  // The full-text queries run while the query is embedded and searched by vector.
  const lexicalSearch = fullText(bilingual);
  lexicalSearch.catch(() => undefined);
  const translatedSearch = fullText(translatedQuery);
  translatedSearch.catch(() => undefined);

  let vectorRows: Array<Record<string, unknown>> = [];
  let semantic = false;
  const stamp = archive.embedder;
  if (mode === 'lexical') {
    notes.push('semantic search is off for this query (lexical mode); full-text (BM25) only.');
  } else if (embedder && stamp) {
    if (stamp.sha256 !== embedder.stamp.sha256) {
      throw new DarkroomError(
        'MODEL_MISMATCH',
        `This archive was embedded with ${stamp.name} (sha256 ${stamp.sha256.slice(0, 12)}…), not ${embedder.stamp.name}. Set DARKROOM_EMBED_MODEL back to that model, or run \`darkroom reembed\`.`,
      );
    }
    const [vector] = await embedder.embed([query]);
    if (isUsableVector(vector, embedder.stamp.dim)) {
      let q = table.vectorSearch(Array.from(vector)).distanceType('cosine').select([...HIT_COLUMNS, '_distance']).limit(candidates);
      q = tuneVectorQuery(q);
      if (where) q = q.where(where);
      vectorRows = (await archive.readLatest(() => q.toArray())) as Array<Record<string, unknown>>;
      semantic = true;
    } else {
      notes.push('semantic search found no known word in the query; full-text only for this query.');
    }
  } else if (mode === 'semantic') {
    throw new DarkroomError(
      'INPUT_INVALID',
      embedder
        ? 'Semantic search needs vectors, and this archive has none yet. Run `darkroom reembed`, or search in hybrid or lexical mode.'
        : 'Semantic search needs an embedding model. Set DARKROOM_EMBED_MODEL (see `darkroom models`), or search in hybrid or lexical mode.',
    );
  } else if (!embedder) {
    notes.push('semantic search is off: no embedding model configured (DARKROOM_EMBED_MODEL); full-text (BM25) only.');
  } else {
    notes.push('semantic search is off: this archive has no vectors yet (run `darkroom reembed`); full-text (BM25) only.');
  }

  const lexical = await lexicalSearch;
  const translated = await translatedSearch;
  const fused = fuseRankings(lexical, vectorRows, mode === 'semantic' ? { vectorWeight: 1, vectorOnlyWeight: 1, translationWeight: 0, translationBoost: 0 } : fusion, translated);
  const ranked = applyRestrictions(fused, gate, query).slice(0, limit);
  const hits = await enrichHits(archive, ranked.map((e) => toHit(e.row, e.score, e.why, query)));
  const empty = hits.length === 0 ? await emptyMessage(archive, request.corpus, request.corpus === undefined ? scope : null) : null;
  return { hits, semantic, notes, empty, ms: performance.now() - started };
}

/**
 * Recall settings for the approximate vector index (ignored when the table has none, i.e. below
 * VECTOR_INDEX_MIN_ROWS, where search is exact). Measured with `npm run bench:search`: recall@10 vs exact.
 */
export const vectorQuerySettings = { nprobes: 20, refineFactor: 4 } as const;

/** Applies {@link vectorQuerySettings}: probe enough partitions, then re-rank candidates on full vectors. */
export function tuneVectorQuery<Q extends { nprobes(n: number): Q; refineFactor(n: number): Q }>(query: Q): Q {
  return query.nprobes(vectorQuerySettings.nprobes).refineFactor(vectorQuerySettings.refineFactor);
}

interface Fused {
  row: Record<string, unknown>;
  score: number;
  why: SearchHit['why'];
}

/**
 * Weighted reciprocal-rank fusion of a BM25 ranking, a vector ranking and the BM25 ranking of the translated
 * query (rows in rank order, with LanceDB's `_score` / `_distance`). Pure. Returns the fused list, best first;
 * ties keep BM25's order.
 */
export function fuseRankings(lexical: Array<Record<string, unknown>>, vector: Array<Record<string, unknown>>, weights: FusionWeights, translated: Array<Record<string, unknown>> = []): Fused[] {
  const fused = new Map<string, Fused & { order: number }>();
  const none = (): SearchHit['why'] => ({ bm25_rank: null, bm25_score: null, vector_rank: null, vector_distance: null, translation_rank: null });
  lexical.forEach((row, i) => {
    const id = String(row.id);
    if (fused.has(id)) return;
    fused.set(id, { row, score: 1 / (RRF_K + i + 1), order: i, why: { ...none(), bm25_rank: i + 1, bm25_score: Number(row._score) } });
  });
  translated.forEach((row, i) => {
    const id = String(row.id);
    const known = fused.get(id);
    if (!known && weights.translationWeight === 0) return;
    const entry = known ?? { row, score: 0, order: lexical.length + i, why: none() };
    if (entry.why.translation_rank != null) return;
    entry.score += weights.translationWeight / (RRF_K + i + 1);
    entry.why.translation_rank = i + 1;
    fused.set(id, entry);
  });
  vector.forEach((row, i) => {
    const id = String(row.id);
    const known = fused.get(id);
    const entry = known ?? { row, score: 0, order: lexical.length + translated.length + i, why: none() };
    if (entry.why.vector_rank !== null) return;
    entry.score += (known ? weights.vectorWeight : weights.vectorOnlyWeight) / (RRF_K + i + 1);
    entry.why.vector_rank = i + 1;
    entry.why.vector_distance = Number(row._distance);
    fused.set(id, entry);
  });
  return [...fused.values()].sort((a, b) => b.score - a.score || a.order - b.order).map(({ row, score, why }) => ({ row, score, why }));
}

/** The words of `extra` that `base` does not already have (case-insensitive), space-separated. */
function newWords(extra: string, base: string): string {
  const have = new Set(base.toLowerCase().split(' '));
  return extra
    .split(' ')
    .filter((w) => !have.has(w.toLowerCase()))
    .join(' ');
}

/** Keeps letters, digits and apostrophes: the FTS parser must never see operators from user text. */
export function toFtsQuery(query: string): string {
  return query
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}'’\s-]+/gu, ' ')
    .replace(/['’-]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * When the searched scope (a corpus, the granted corpora, or the whole archive) holds no passage: what it
 * holds instead (sources that failed or wait) and the command that fills it. Null when it holds passages.
 */
export async function emptyMessage(archive: Archive, corpus: string | undefined, scope: readonly string[] | null): Promise<string | null> {
  const passages = corpus !== undefined ? await archive.countPassages(corpus) : scope !== null ? await countIn(archive, scope) : await archive.countPassages();
  if (passages > 0) return null;
  const sources = (await archive.listSources(corpus !== undefined ? { corpus } : {})).filter((s) => scope === null || scope.includes(s.corpus));
  const failed = sources.filter((s) => s.state === 'failed').length;
  const held = failed > 0 ? `: ${failed} of its ${sources.length} ${sources.length === 1 ? 'source' : 'sources'} failed (\`darkroom sources${corpus !== undefined ? ` --corpus ${corpus}` : ''}\` says why)` : sources.length > 0 ? `: its ${sources.length} ${sources.length === 1 ? 'source holds' : 'sources hold'} no text yet` : '';
  if (corpus !== undefined) return `Corpus "${corpus}" holds no passage yet${held}. Fill it with \`darkroom ingest <folder> --corpus ${corpus}\`.`;
  if (scope !== null) return `The corpora you can read hold no passage yet${held}. Fill one with \`darkroom ingest <folder> --corpus <name>\`.`;
  return `${sources.length > 0 ? 'The archive holds no passage yet' : 'The archive is empty: nothing is ingested yet'}${held}. Fill it with \`darkroom ingest <folder> --corpus <name>\`.`;
}

async function countIn(archive: Archive, corpora: readonly string[]): Promise<number> {
  let n = 0;
  for (const corpus of corpora) n += await archive.countPassages(corpus);
  return n;
}

/**
 * The fused rows with restricted passages left out and straddling ones cut at the range's edge (the cut text is
 * what is shown and quoted). A cut passage stays only if what is left still holds a word of the query: else it was
 * found for words off the record, and showing it would tell that they are there.
 */
function applyRestrictions(fused: Fused[], gate: RestrictionGate, query: string): Fused[] {
  if (gate.restrictions.length === 0) return fused;
  const kept: Fused[] = [];
  for (const entry of fused) {
    const sourceId = String(entry.row.source_id);
    if (!gate.touches(sourceId)) {
      kept.push(entry);
      continue;
    }
    const plain = Object.fromEntries(HIT_COLUMNS.map((k) => [k, entry.row[k]])) as Record<string, unknown> & { source_id: string; text: string };
    const cut = gate.cut(plain as Parameters<RestrictionGate['cut']>[0] & Record<string, unknown>);
    if (cut && (cut.text === plain.text || holdsQueryWord(cut.text, query))) kept.push({ ...entry, row: cut });
  }
  return kept;
}

/** Words too common to say that a passage matched a query. */
const COMMON_WORDS = new Set(['that', 'this', 'with', 'from', 'what', 'when', 'where', 'which', 'have', 'were', 'they', 'them', 'their', 'there', 'about', 'into', 'after', 'before', 'dans', 'pour', 'avec', 'elle', 'sont', 'quoi', 'quand', 'mais', 'nous', 'vous', 'leur', 'cette', 'avait', 'était']);

/** Whether `text` holds a word of the query of four letters or more that is not a common word (case- and accent-insensitive). */
function holdsQueryWord(text: string, query: string): boolean {
  const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  const words = new Set(fold(text).split(/[^\p{L}\p{N}]+/u));
  return fold(toFtsQuery(query))
    .split(' ')
    .some((w) => w.length >= 4 && !COMMON_WORDS.has(w) && words.has(w));
}

function buildWhere(corpus: string | undefined, f: SearchFilters | undefined, scope: readonly string[] | null, closedSources: readonly string[] = []): string | null {
  const parts: string[] = [];
  if (closedSources.length > 0) parts.push(`source_id NOT IN (${closedSources.map(sqlString).join(', ')})`);
  if (corpus !== undefined) parts.push(`corpus = ${sqlString(corpus)}`);
  if (scope !== null) parts.push(`corpus IN (${scope.map(sqlString).join(', ')})`);
  if (f?.kind) parts.push(`kind = ${sqlString(f.kind)}`);
  if (f?.source) parts.push(`(source_id = ${sqlString(f.source)} OR source_path = ${sqlString(f.source)})`);
  if (f?.speaker) parts.push(`speaker = ${sqlString(f.speaker)}`);
  if (f?.language) parts.push(`language = ${sqlString(f.language)}`);
  return parts.length ? parts.join(' AND ') : null;
}

function toHit(row: Record<string, unknown>, score: number, why: SearchHit['why'], query: string): SearchHit {
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
  const text = String(row.text);
  const start_s = num(row.start_s);
  const cues = decodePassageCues(row.cues_json);
  return {
    id: String(row.id),
    corpus: String(row.corpus),
    source_id: String(row.source_id),
    path: String(row.source_path),
    kind: String(row.kind) as SourceKind,
    title: String(row.title),
    page: num(row.page),
    char_start: num(row.char_start),
    char_end: num(row.char_end),
    start_s,
    end_s: num(row.end_s),
    tc_in: null,
    tc_out: null,
    match_s: start_s === null ? null : (matchMoment(text, cues, query) ?? start_s),
    match_tc: null,
    fps: null,
    reel: null,
    speaker: str(row.speaker),
    language: String(row.language),
    heading: str(row.heading),
    text,
    cues,
    score,
    why,
  };
}
