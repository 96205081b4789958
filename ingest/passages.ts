/** Builds the stored passage rows of one source from its chunks: ids, language, search text. Pure. */
import { createHash } from 'node:crypto';
import { detectLanguage } from '../core/lang/detect.ts';
import { encodePassageCues } from '../core/moments/passage-cues.ts';
import type { StoredPassage } from '../core/store/archive.ts';
import type { SourceKind } from '../core/types.ts';
import type { Chunk } from './chunk/chunk.ts';

/** A source's stable id: the same file in the same corpus always gets the same id. */
export function sourceIdFor(corpus: string, absolutePath: string): string {
  return createHash('sha256').update(corpus).update('\0').update(absolutePath).digest('hex').slice(0, 24);
}

export interface SourceRef {
  id: string;
  corpus: string;
  path: string;
  hash: string;
  kind: SourceKind;
  title: string;
}

/**
 * The text a passage is found by: the source's title, its heading and speaker, then the text, so that a
 * question naming the letter's date or the interviewee finds it.
 */
export function searchTextOf(source: SourceRef, chunk: Chunk): string {
  return [source.title, chunk.heading, chunk.speaker ? chunk.speaker + ':' : null, chunk.text].filter(Boolean).join('\n');
}

export function buildPassages(source: SourceRef, chunks: Chunk[], sourceLanguage?: string): StoredPassage[] {
  return chunks.map((chunk, ordinal) => {
    const detected = detectLanguage(chunk.text);
    const language = detected === 'und' && sourceLanguage ? sourceLanguage : detected;
    const search = searchTextOf(source, chunk);
    return {
      id: `${source.id}:${ordinal}`,
      corpus: source.corpus,
      source_id: source.id,
      source_path: source.path,
      source_hash: source.hash,
      kind: source.kind,
      title: source.title,
      ordinal,
      page: chunk.page,
      char_start: chunk.char_start,
      char_end: chunk.char_end,
      start_s: chunk.start_s,
      end_s: chunk.end_s,
      speaker: chunk.speaker,
      language,
      heading: chunk.heading,
      text: chunk.text,
      cues_json: encodePassageCues(chunk.cues),
      fts_en: language === 'fr' ? '' : search,
      fts_fr: language === 'fr' ? search : '',
    };
  });
}

/** The language most passages have (by characters), for the source row. */
export function mainLanguage(passages: Array<{ language: string; text: string }>): string {
  const weight = new Map<string, number>();
  for (const p of passages) weight.set(p.language, (weight.get(p.language) ?? 0) + p.text.length);
  let best = 'und';
  let max = 0;
  for (const [lang, w] of weight) if (lang !== 'und' && w > max) [best, max] = [lang, w];
  return best;
}
