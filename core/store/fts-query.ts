/**
 * Full-text queries that need more than a string: the words of the query and their dictionary translation,
 * the translation weighted less, so that a passage matching the words as typed ranks above one matching only
 * their translation ("March 3, 1911" above "3 mars 1911"), yet the translation alone still finds passages in
 * the other language. The only place outside core/store/archive.ts that builds LanceDB query objects.
 */
import { BooleanQuery, MultiMatchQuery, Occur, type FullTextQuery } from '@lancedb/lancedb';

export type { FullTextQuery };
import { ftsColumns } from './schema.ts';

/** A full-text query over both language columns: `original` at weight 1, `translated` at `translationBoost`. */
export function bilingualFtsQuery(original: string, translated: string, translationBoost: number): FullTextQuery {
  const columns = Object.keys(ftsColumns);
  return new BooleanQuery([
    [Occur.Should, new MultiMatchQuery(original, columns)],
    [Occur.Should, new MultiMatchQuery(translated, columns, { boosts: columns.map(() => translationBoost) })],
  ]);
}
