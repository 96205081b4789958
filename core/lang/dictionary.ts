/**
 * English <-> French word translation from the bilingual dictionaries Debian installs (FreeDict
 * `dict-freedict-eng-fra` and `dict-freedict-fra-eng`: dictd files, a `.index` of headwords with base64
 * offsets and a gzip-compatible `.dict.dz`). Lets an English question find French passages and the reverse
 * without a multilingual model. Loaded lazily, once, on first use (~0.3 MB each); when the files are absent,
 * {@link loadDictionaries} resolves to null and {@link dictionaryNote} says what to install. No I/O beyond
 * reading those files.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createLogger } from '../logger.ts';
import { foldWord, isStopWord } from './stop-words.ts';

const log = createLogger('lang');

/** Where Debian's dictd packages put their files. */
export const DEFAULT_DICTD_DIR = '/usr/share/dictd';
/** Translations kept per word: the dictionary lists senses commonest first, and more only add noise to a query. */
export const MAX_TRANSLATIONS = 4;

export type Direction = 'en->fr' | 'fr->en';

const files: Record<Direction, string> = { 'en->fr': 'freedict-eng-fra', 'fr->en': 'freedict-fra-eng' };

/** Headword (folded) -> its translations, for one direction. */
export interface WordList {
  get(headword: string): string[] | undefined;
}

export interface Dictionaries {
  dir: string;
  'en->fr': WordList;
  'fr->en': WordList;
}

/** dictd's base64 digits (offsets and lengths in the .index file). */
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Decodes a dictd base64 number ("BHEU" -> 73,492). */
export function decodeDictdNumber(text: string): number {
  let n = 0;
  for (const ch of text) {
    const d = B64.indexOf(ch);
    if (d < 0) throw new Error(`"${text}" is not a dictd base64 number`);
    n = n * 64 + d;
  }
  return n;
}

/**
 * The translations of one dictd entry: the lines after the headword line, numbering ("1. ") and notes in
 * brackets removed, split on commas and semicolons.
 */
export function parseEntry(entry: string): string[] {
  const lines = entry.split('\n').slice(1);
  const out: string[] = [];
  for (const line of lines) {
    const clean = line
      .replace(/^\s*\d+\.\s*/, '')
      .replace(/\([^)]*\)|\[[^\]]*\]|<[^>]*>|\/[^/]*\//g, ' ')
      .trim();
    if (!clean) continue;
    for (const part of clean.split(/[,;]/)) {
      const t = part.replace(/\s+/g, ' ').trim();
      if (t && !out.includes(t)) out.push(t);
    }
  }
  return out;
}

/**
 * Reads one dictd dictionary (index + dict.dz) into a word list. Only the index is split at load; an entry is
 * parsed the first time its headword is looked up, since a query needs a handful of the ~20,000 (parsing them
 * all cost ~0.25 s of every `darkroom search`, measured with `npm run bench:cli`).
 */
export async function readDictd(indexFile: string, dictFile: string): Promise<WordList> {
  const [index, packed] = await Promise.all([readFile(indexFile, 'utf8'), readFile(dictFile)]);
  const body = dictFile.endsWith('.dz') ? gunzipSync(packed) : packed;
  const spans = new Map<string, string[]>();
  for (const line of index.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab <= 0 || line.startsWith('00database')) continue;
    const key = foldWord(line.slice(0, tab).trim());
    const list = spans.get(key);
    if (list) list.push(line.slice(tab + 1));
    else spans.set(key, [line.slice(tab + 1)]);
  }
  const parsed = new Map<string, string[]>();
  return {
    get(headword) {
      const known = parsed.get(headword);
      if (known) return known;
      const entries = spans.get(headword);
      if (!entries) return undefined;
      const out: string[] = [];
      for (const span of entries) {
        const [off, len] = span.split('\t');
        if (!off || !len) continue;
        const start = decodeDictdNumber(off);
        for (const t of parseEntry(body.subarray(start, start + decodeDictdNumber(len)).toString('utf8'))) if (!out.includes(t)) out.push(t);
      }
      parsed.set(headword, out);
      return out;
    },
  };
}

let loading: Promise<Dictionaries | null> | null = null;
let loadedFrom: string | null = null;

/**
 * The two dictionaries, read once per process from `dir` (default {@link DEFAULT_DICTD_DIR}); null when either
 * is missing or unreadable (logged once).
 */
export function loadDictionaries(dir = DEFAULT_DICTD_DIR): Promise<Dictionaries | null> {
  if (loading && loadedFrom === dir) return loading;
  loadedFrom = dir;
  loading = (async () => {
    const paths = (d: Direction) => [path.join(dir, `${files[d]}.index`), path.join(dir, `${files[d]}.dict.dz`)] as const;
    if (![...paths('en->fr'), ...paths('fr->en')].every((f) => existsSync(f))) return null;
    try {
      const [enFr, frEn] = await Promise.all([readDictd(...paths('en->fr')), readDictd(...paths('fr->en'))]);
      return { dir, 'en->fr': enFr, 'fr->en': frEn };
    } catch (err) {
      log.warn('bilingual dictionaries unreadable; cross-language search uses shared words only', { dir, err });
      return null;
    }
  })();
  return loading;
}

/** The note search shows when the dictionaries are absent. */
export function dictionaryNote(dir = DEFAULT_DICTD_DIR): string {
  return `no English-French dictionary in ${dir} (Debian packages dict-freedict-eng-fra and dict-freedict-fra-eng): questions find passages in the other language only through the words they share.`;
}

/** Forms a word may be the inflection of, most likely first ("tumors" -> "tumor", "noyés" -> "noyer"). */
export function lemmaCandidates(word: string, from: 'en' | 'fr'): string[] {
  const w = foldWord(word);
  const out = [w];
  const add = (base: string, suffix: string, replace = '') => {
    if (w.length - suffix.length >= 3 && w.endsWith(suffix)) out.push(w.slice(0, w.length - suffix.length) + replace);
  };
  if (from === 'en') {
    add(w, 'ies', 'y');
    add(w, 'es');
    add(w, 's');
    add(w, 'ied', 'y');
    add(w, 'ed');
    add(w, 'ed', 'e');
    add(w, 'd');
    add(w, 'ing');
    add(w, 'ing', 'e');
    add(w, "'s");
  } else {
    add(w, 'ees', 'er');
    add(w, 'ee', 'er');
    add(w, 'es', 'er');
    add(w, 'e', 'er');
    add(w, 's');
    add(w, 'x');
    add(w, 'es');
    add(w, 'e');
    add(w, 'aient', 'er');
    add(w, 'ait', 'er');
    add(w, 'ait', 're');
    add(w, 'ait', 'ir');
    add(w, 'ent', 'er');
    add(w, 'it', 'ir');
    add(w, 'it', 're');
    add(w, 'aux', 'al');
  }
  return [...new Set(out)];
}

/** The translations of one word (none for a stop word or an unknown word), at most {@link MAX_TRANSLATIONS}. */
export function translateWord(dicts: Dictionaries, word: string, direction: Direction): string[] {
  if (isStopWord(word)) return [];
  const list = dicts[direction];
  for (const candidate of lemmaCandidates(word, direction === 'en->fr' ? 'en' : 'fr')) {
    const found = list.get(candidate);
    if (found && found.length > 0) return found.slice(0, MAX_TRANSLATIONS);
  }
  return [];
}

export interface QueryTranslation {
  direction: Direction;
  /** Each content word of the query with its translations (empty: not in the dictionary). */
  words: Array<{ word: string; translations: string[] }>;
  /**
   * The query to search in the other language: the translations, plus the words the dictionary does not know
   * that look like names or numbers (they are the same in both languages). Empty when nothing translated.
   */
  query: string;
}

/**
 * Translates a query's content words into the other language (`from` is the query's language). Function
 * words and framing ("Selon", "Find the moment") are dropped; names and numbers are carried over.
 */
export function translateQuery(dicts: Dictionaries, text: string, from: 'en' | 'fr'): QueryTranslation {
  const direction: Direction = from === 'en' ? 'en->fr' : 'fr->en';
  const words: QueryTranslation['words'] = [];
  const parts: string[] = [];
  let translated = 0;
  const seen = new Set<string>();
  for (const word of text.normalize('NFC').match(/[\p{L}\p{N}]+/gu) ?? []) {
    const key = foldWord(word);
    if (seen.has(key) || isStopWord(word) || (word.length < 3 && !/\d/.test(word))) continue;
    seen.add(key);
    const translations = translateWord(dicts, word, direction);
    words.push({ word, translations });
    if (translations.length > 0) {
      translated += 1;
      parts.push(...translations);
    } else if (/^\p{Lu}/u.test(word) || /\d/.test(word)) {
      parts.push(word);
    }
  }
  return { direction, words, query: translated > 0 ? parts.join(' ') : '' };
}
