/**
 * Cross-language search without a multilingual model: the query's content words, translated English <-> French
 * with the bilingual dictionaries (core/lang/dictionary.ts), are searched as a second full-text query whose
 * ranking is fused with the others (core/search/search.ts). The query's language is detected
 * (core/lang/detect.ts, imported on first use); a query in neither language is not translated.
 */
import { dictionaryNote, loadDictionaries, translateQuery, type Direction } from '../lang/dictionary.ts';

export interface SearchTranslation {
  /** The translated query ('' when no word translated). */
  query: string;
  direction: Direction | null;
  /** What the search notes say about it (null: nothing worth saying, e.g. no word translated). */
  note: string | null;
}

/** Translates a search query for the second full-text side; null when the query is in neither language. */
export async function translateForSearch(query: string): Promise<SearchTranslation | null> {
  const { detectLanguage } = await import('../lang/detect.ts');
  const language = detectLanguage(query);
  if (language === 'und') return null;
  const dicts = await loadDictionaries();
  if (!dicts) return { query: '', direction: null, note: dictionaryNote() };
  const t = translateQuery(dicts, query, language);
  if (!t.query) return { query: '', direction: t.direction, note: null };
  const target = t.direction === 'en->fr' ? 'French' : 'English';
  return { query: t.query, direction: t.direction, note: `also searched in ${target} through the bilingual dictionary (FreeDict): "${t.query}"` };
}
