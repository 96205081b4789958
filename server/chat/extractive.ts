/**
 * Extractive answers: no language model, the archive's own words. The passages that hold the question's
 * terms, each with the sentences that best match it, quoted verbatim and cited. Pure: no I/O.
 */
import type { Citation } from '../../core/protocol/chat.ts';
import type { SearchHit } from '../../core/types.ts';
import { citeHit, citeQuote } from './citations.ts';
import { matchedTerms, stem, tokenize } from './evidence.ts';

/** The first line of an extractive answer, in the question's language. */
export const extractiveHeading = {
  en: "Extractive answer (no language model: the archive's own words, best passages first):",
  fr: 'Réponse extractive (sans modèle de langue : les mots mêmes des archives, meilleurs passages en premier) :',
} as const;

/** Passages quoted in one extractive answer. */
export const EXTRACTIVE_PASSAGES = 3;
/** Sentences quoted from each passage. */
export const EXTRACTIVE_SENTENCES = 2;
/** Longest quoted sentence, in characters (a transcript cue without punctuation can be long). */
const MAX_SENTENCE_CHARS = 400;

export interface ExtractiveAnswer {
  /** The answer text, one cited quotation per line. */
  text: string;
  citations: Citation[];
}

/** A piece ending with one of these (or with a single capital, an initial) does not end a sentence: "Mr. Pruitt", "M. de Constant". */
const abbreviation = /(?:^|[\s(])(?:Mr|Mrs|Ms|Dr|St|Mt|Jr|Sr|Messrs|Mme|Mlle|Mgr|M|No|vol|p|pp|vs|etc|[A-Z])\.$/;

/** Splits a passage into sentences, keeping each exactly as it is in the text (so a quote is verbatim). */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const para of text.split(/\n\s*\n/)) {
    const parts = (para.match(/[^.!?…]+(?:[.!?…]+["”»’)]*|$)/g) ?? []).map((p) => p.replace(/\s+/g, ' ').trim()).filter((p) => p.length > 0);
    let current = '';
    for (const part of parts) {
      current = current ? `${current} ${part}` : part;
      if (abbreviation.test(current)) continue;
      out.push(current.length > MAX_SENTENCE_CHARS ? current.slice(0, MAX_SENTENCE_CHARS).replace(/\s+\S*$/, '') : current);
      current = '';
    }
    if (current) out.push(current.length > MAX_SENTENCE_CHARS ? current.slice(0, MAX_SENTENCE_CHARS).replace(/\s+\S*$/, '') : current);
  }
  return out;
}

/** The sentences of a passage that hold the most question terms, in their order in the passage. */
export function bestSentences(text: string, terms: string[], count = EXTRACTIVE_SENTENCES): string[] {
  const stems = terms.map(stem);
  const sentences = splitSentences(text);
  const scored = sentences.map((s, i) => {
    const words = new Set(tokenize(s).map(stem));
    const score = stems.filter((t) => words.has(t) || [...words].some((w) => w.length >= 5 && t.length >= 5 && (w.startsWith(t) || t.startsWith(w)))).length;
    return { s, i, score };
  });
  const best = scored.filter((x) => x.score > 0).sort((a, b) => b.score - a.score || a.i - b.i).slice(0, count);
  if (best.length === 0) return sentences.slice(0, 1);
  return best.sort((a, b) => a.i - b.i).map((x) => x.s);
}

/**
 * A passage that is only a short question (an interviewer's "And the school?"): it names the subject but
 * answers nothing, so it is quoted after the passages that do.
 */
export function isBareQuestion(hit: SearchHit | undefined): boolean {
  const text = hit?.text.trim() ?? '';
  return text.length > 0 && text.length <= 160 && /[?¿]["”»’)]*$/.test(text);
}

/** Seconds as HH:MM:SS (a transcript's own clock, when the source has no timecode), as the web UI shows it. */
function formatClock(seconds: number): string {
  const s = Math.floor(seconds);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(Math.floor(s / 3600))}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
}

/** Where a hit is, in a few words: title, page or timecode, speaker. */
function locator(hit: SearchHit): string {
  const parts = [hit.title];
  if (hit.page !== null) parts.push(`p. ${hit.page}`);
  if (hit.tc_in) parts.push(`TC ${hit.tc_in}`);
  else if (hit.start_s !== null) parts.push(formatClock(hit.start_s));
  if (hit.speaker) parts.push(hit.speaker);
  return parts.join(', ');
}

/**
 * Quotes the best sentences of the passages that hold the question's terms. `order` gives the indexes of
 * `hits` to use, best first (the evidence's supporting passages); citations are numbered by their position in `hits` + 1.
 */
export function answerExtractively(hits: SearchHit[], terms: string[], order: number[], language: string = 'en'): ExtractiveAnswer {
  const answers = order.filter((i) => !isBareQuestion(hits[i]));
  const chosen = [...answers, ...order.filter((i) => isBareQuestion(hits[i]))].slice(0, EXTRACTIVE_PASSAGES);
  const lines = [extractiveHeading[language === 'fr' ? 'fr' : 'en'], ''];
  const citations: Citation[] = [];
  for (const i of chosen) {
    const hit = hits[i];
    if (!hit) continue;
    const n = i + 1;
    const held = matchedTerms(hit, terms);
    const sentences = bestSentences(hit.text, held.length > 0 ? held : terms);
    const quote = sentences.join(' … ');
    lines.push(`[${n}] "${quote}" (${locator(hit)})`);
    citations.push(citeHit(hit, n, sentences.map((s) => citeQuote(hit, s, hit.text.replace(/\s+/g, ' ').includes(s)))));
  }
  return { text: lines.join('\n'), citations };
}
