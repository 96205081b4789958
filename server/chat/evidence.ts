/**
 * Does the archive hold the answer? Decided from evidence, not from a retrieval score (the best BM25
 * scores of unanswerable questions fall inside the range of answerable ones): the question's distinctive
 * terms and names must occur in what was retrieved. Pure: no I/O.
 */
import { isStopWord } from '../../core/lang/stop-words.ts';
import type { SearchHit } from '../../core/types.ts';

/** Fraction of the question's distinctive terms that one retrieved passage must hold. Tuned in test/integration/server-abstain.test.ts. */
export const MIN_PASSAGE_COVERAGE = 0.5;
/**
 * Below this best-passage coverage, a question term found nowhere in the corpus makes Darkroom abstain; at or
 * above it, the passages hold enough of the question that the absent word is more likely a paraphrase ("violin"
 * for "fiddle"). Tuned in test/integration/server-abstain.test.ts.
 */
export const CORPUS_CHECK_BELOW = 0.8;
/** Passages looked at (the best retrieved ones). */
export const EVIDENCE_PASSAGES = 8;

/** The verdict on one question. */
export interface Evidence {
  answerable: boolean;
  /** Why not, as shown to the user; null when answerable. */
  reason: string | null;
  /** True when the archive or corpus asked holds no passage at all (`reason` then says how to fill it). */
  empty?: boolean;
  /** Distinctive terms of the question (lower case, as typed). */
  terms: string[];
  /** Names (capitalised words) and numbers (years, dates) of the question: each must occur in a retrieved passage. */
  names: string[];
  /** Best fraction of terms held by one passage, 0..1. */
  coverage: number;
  /** Index in `hits` of the passages that hold at least one term, best first. */
  supporting: number[];
  /** Terms that no retrieved passage holds. */
  unmatched: string[];
}

const stopWords = new Set(
  (
    // English: function words, question words, and verbs that only frame a question about an archive.
    'a about above after again against all am an and any are as at be because been before being below between both but by can could ' +
    'did do does doing done down during each else ever few for from further get got had has have having he her here hers herself him ' +
    'himself his how i if in into is it its itself just like many me more most much my myself no nor not now of off on once only or other ' +
    'our ours ourselves out over own same she should so some such than that the their theirs them themselves then there these they this ' +
    'those through to too under until up very was we were what when where which while who whom whose why will with would you your yours ' +
    'yourself yourselves also anyone anything someone something tell told say says said saying talk talks talked talking speak speaks ' +
    'spoke mention mentions mentioned describe describes described explain explains happened happen happens think thought know knew ' +
    'there does anybody archive interview interviews letter letters document documents passage passages recording say one ever ' +
    'way make made use used get getting got go went gone come came back found find try tried next far near place time times ' +
    'thing things call called instead old new many much first last two three bring brought take took give gave let put see saw ' +
    'want wanted like liked well really still yet even ago whose whom kind sort part' +
    // French
    ' le la les un une des du de d l au aux et ou mais donc or ni car que qui quoi quel quelle quels quelles dont où ce cet cette ces ' +
    'son sa ses leur leurs mon ma mes ton ta tes il elle ils elles on nous vous je tu me te se lui y en est sont était étaient été être ' +
    'avoir a ont avait eu fait dit dire parle parlé pour par sur dans avec sans sous chez pas ne plus comme quand comment pourquoi ' +
    'combien qu c s n est-ce'
  ).split(/\s+/),
);

/** Lower case, accents kept apart from letters, so that "Élisabeth" matches "elisabeth". */
function fold(word: string): string {
  return word.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}

/** A crude stem shared by English and French: enough to match "flooding" with "flood", "schools" with "school". */
export function stem(word: string): string {
  const w = fold(word);
  for (const suffix of ['ements', 'ement', 'ations', 'ation', 'ings', 'ing', 'edly', 'ies', 'ied', 'ers', 'er', 'ed', 'es', 'ly', 's', 'e']) {
    if (w.length - suffix.length >= 4 && w.endsWith(suffix)) return w.slice(0, -suffix.length);
  }
  return w;
}

/** Splits text into words (letters and digits; apostrophes split "l'école" into "l" and "école"). */
export function tokenize(text: string): string[] {
  return text.normalize('NFC').match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** The question's distinctive terms and names, stop words and question framing removed. */
export function distinctiveTerms(question: string): { terms: string[]; names: string[] } {
  const terms: string[] = [];
  const names: string[] = [];
  const seen = new Set<string>();
  for (const word of tokenize(question)) {
    const lower = word.toLowerCase();
    // Framing ("According to", "Selon", "Find the moment", "Retrouve le passage", "phrase") is not content either.
    if (stopWords.has(lower) || stopWords.has(fold(word)) || isStopWord(word)) continue;
    if (word.length < 3 && !/\d/.test(word)) continue;
    const key = stem(word);
    if (seen.has(key)) continue;
    seen.add(key);
    terms.push(lower);
    if (/^\p{Lu}/u.test(word) || /^\d+$/.test(word)) names.push(word);
  }
  return { terms, names };
}

/** The stems present in a hit's searchable text (title, heading, speaker, text). */
function stemsOf(hit: SearchHit): Set<string> {
  const text = [hit.title, hit.heading ?? '', hit.speaker ?? '', hit.text].join(' ');
  return new Set(tokenize(text).map(stem));
}

/** Whether the stem of a question term occurs among a passage's stems (prefix match for long words: "homestead" ~ "homesteader"). */
function holds(stems: Set<string>, term: string): boolean {
  const s = stem(term);
  if (stems.has(s)) return true;
  if (s.length < 5) return false;
  for (const candidate of stems) if (candidate.length >= 5 && (candidate.startsWith(s) || s.startsWith(candidate))) return true;
  return false;
}

/** Which of `terms` a passage holds. */
export function matchedTerms(hit: SearchHit, terms: string[]): string[] {
  const stems = stemsOf(hit);
  return terms.filter((t) => holds(stems, t));
}

/**
 * Decides whether the retrieved passages can answer the question: every name in the question must occur
 * in them, and one passage must hold at least {@link MIN_PASSAGE_COVERAGE} of its distinctive terms.
 */
export function assessEvidence(question: string, hits: SearchHit[]): Evidence {
  const { terms, names } = distinctiveTerms(question);
  const top = hits.slice(0, EVIDENCE_PASSAGES);
  const base = { terms, names, coverage: 0, supporting: [] as number[], unmatched: terms };
  if (top.length === 0) return { ...base, answerable: false, reason: 'no passage of the archive matches the question.' };
  if (terms.length === 0) {
    return { ...base, answerable: false, reason: 'the question has no distinctive word to look for (a name, a place, a thing); ask about something specific.' };
  }
  const matches = top.map((hit) => matchedTerms(hit, terms));
  const union = new Set(matches.flat());
  const missingNames = names.filter((n) => !union.has(n.toLowerCase()));
  const coverage = Math.max(...matches.map((m) => m.length / terms.length));
  const supporting = matches
    .map((m, i) => ({ i, n: m.length }))
    .filter((x) => x.n > 0)
    .sort((a, b) => b.n - a.n || a.i - b.i)
    .map((x) => x.i);
  const unmatched = terms.filter((t) => !union.has(t));
  const result = { ...base, coverage, supporting, unmatched };
  if (missingNames.length > 0) {
    const list = missingNames.map((n) => `"${n}"`).join(', ');
    return { ...result, answerable: false, reason: `${list} ${missingNames.length > 1 ? 'do' : 'does'} not occur in any passage retrieved for the question.` };
  }
  if (coverage < MIN_PASSAGE_COVERAGE) {
    return {
      ...result,
      answerable: false,
      reason: `no passage holds most of the question's terms (best: ${Math.round(coverage * 100)}%${unmatched.length ? `; never found: ${unmatched.map((t) => `"${t}"`).join(', ')}` : ''}).`,
    };
  }
  return { ...result, answerable: true, reason: null };
}

/**
 * Second look, with the whole corpus: a question term that no retrieved passage holds AND that occurs
 * nowhere in the corpus ("software" in an archive of 1960s interviews) is what the question is about,
 * and the archive cannot speak to it. `absent` lists the unmatched terms a corpus-wide full-text search did not find.
 */
export function withCorpusCheck(evidence: Evidence, absent: string[]): Evidence {
  if (!evidence.answerable || absent.length === 0 || evidence.coverage >= CORPUS_CHECK_BELOW) return evidence;
  const list = absent.map((t) => `"${t}"`).join(', ');
  return { ...evidence, answerable: false, reason: `${list} ${absent.length > 1 ? 'occur' : 'occurs'} nowhere in the corpus.` };
}

/** Phrases by which a model says the passages do not hold the answer (English and French). */
const refusals = [
  /\b(?:can ?not|can't|could not|couldn't|unable to|do not|don't|does not|doesn't)\b[^.]{0,30}\b(?:find|answer|know|say|tell)\b[^.]{0,40}\b(?:passages?|archive|sources?|documents?|information|excerpts?)\b/i,
  /\b(?:passages?|archive|sources?|documents?|excerpts?) (?:do|does) not (?:say|mention|contain|answer|tell|give)\b/i,
  /\bno (?:information|mention|passage|evidence|answer) (?:about|of|on|in|to)\b/i,
  /\bnot (?:in|mentioned in|found in|covered by|answered by) the (?:passages|archive|documents|sources|excerpts)\b/i,
  /\b(?:je ne trouve pas|je ne peux pas répondre|aucune information|aucun passage|les passages ne (?:disent|mentionnent|contiennent))\b/i,
];

/**
 * Whether a model's answer opens by saying, in its own words, that the passages do not hold the answer.
 * Only the first sentence counts, and it must speak of the passages or the archive: "she could not find
 * her horse [2]" is an answer, not a refusal.
 */
export function saysNotFound(answer: string): boolean {
  const first = /^[\s\S]*?(?:[.!?](?=\s|$)|$)/.exec(answer.trim())?.[0] ?? '';
  return refusals.some((r) => r.test(first.slice(0, 300)));
}
