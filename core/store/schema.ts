/**
 * The LanceDB schema: the contract between ingestion (writes) and search/server (reads).
 * `fts_en` / `fts_fr` hold each passage's searchable text (title, heading, speaker, text) in the column
 * of its language, so that each gets a full-text index with that language's stemmer and stop words.
 */
import { createRequire } from 'node:module';
import type { Field as ArrowField, Schema as ArrowSchema } from 'apache-arrow';

// The CommonJS build of Arrow, the one LanceDB itself loads: importing the ESM build as well loaded a second
// copy of Arrow (about 0.1 s) in every command that only reads the archive.
const { Field, FixedSizeList, Float32, Float64, Int32, Int64, Schema, Utf8 } = createRequire(import.meta.url)('apache-arrow') as typeof import('apache-arrow');
type Field = ArrowField;
type Schema = ArrowSchema;

export const PASSAGES = 'passages';
export const SOURCES = 'sources';

/** Full-text columns and the tokenizer language of each. */
export const ftsColumns = { fts_en: 'English', fts_fr: 'French' } as const;
export type FtsColumn = keyof typeof ftsColumns;

export function passagesSchema(vectorDim: number | null): Schema {
  const fields: Field[] = [
    new Field('id', new Utf8(), false),
    new Field('corpus', new Utf8(), false),
    new Field('source_id', new Utf8(), false),
    new Field('source_path', new Utf8(), false),
    new Field('source_hash', new Utf8(), false),
    new Field('kind', new Utf8(), false),
    new Field('title', new Utf8(), false),
    new Field('ordinal', new Int32(), false),
    new Field('page', new Int32(), true),
    new Field('char_start', new Int32(), true),
    new Field('char_end', new Int32(), true),
    new Field('start_s', new Float64(), true),
    new Field('end_s', new Float64(), true),
    new Field('speaker', new Utf8(), true),
    new Field('language', new Utf8(), false),
    new Field('heading', new Utf8(), true),
    new Field('text', new Utf8(), false),
    new Field('fts_en', new Utf8(), false),
    new Field('fts_fr', new Utf8(), false),
    ...addedPassageFields(),
  ];
  if (vectorDim !== null) {
    fields.push(new Field('vector', new FixedSizeList(vectorDim, new Field('item', new Float32(), true)), true));
  }
  return new Schema(fields);
}

/**
 * Passage columns added after the first release, in the order they were added. All nullable: an existing
 * archive gets them (empty) when it is opened (Archive, `addColumns`), so a user's archive keeps working.
 * New columns go at the end of this list, never into the fields above.
 * - `cues_json`: the times of the cues and words inside a passage (core/moments/passage-cues.ts).
 */
export function addedPassageFields(): Field[] {
  return [new Field('cues_json', new Utf8(), true)];
}

/** A corpus's text table (core/store/corpus-text.ts): what its own full-text indexes and search filters need. */
export function textSchema(): Schema {
  return new Schema([
    new Field('id', new Utf8(), false),
    new Field('source_id', new Utf8(), false),
    new Field('source_hash', new Utf8(), false),
    new Field('source_path', new Utf8(), false),
    new Field('kind', new Utf8(), false),
    new Field('speaker', new Utf8(), true),
    new Field('language', new Utf8(), false),
    new Field('fts_en', new Utf8(), false),
    new Field('fts_fr', new Utf8(), false),
  ]);
}

export function sourcesSchema(): Schema {
  return new Schema([
    new Field('id', new Utf8(), false),
    new Field('corpus', new Utf8(), false),
    new Field('path', new Utf8(), false),
    new Field('hash', new Utf8(), false),
    new Field('kind', new Utf8(), false),
    new Field('title', new Utf8(), false),
    new Field('state', new Utf8(), false),
    new Field('error', new Utf8(), true),
    new Field('bytes', new Int64(), false),
    new Field('passages', new Int32(), false),
    new Field('pages', new Int32(), true),
    new Field('duration_s', new Float64(), true),
    new Field('language', new Utf8(), false),
    new Field('media_json', new Utf8(), true),
    new Field('transcript_method', new Utf8(), true),
    new Field('details_json', new Utf8(), true),
    new Field('ingested_at', new Utf8(), false),
  ]);
}

/** Quotes a string for a LanceDB SQL filter. */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
