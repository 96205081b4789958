/**
 * Brings an existing archive's passages table up to the current schema: the columns added since it was
 * written ({@link addedPassageFields}) are added, empty (null), when the archive is opened. A metadata
 * change: no row is rewritten, and the passages keep working (their new fields read as null).
 */
import { createRequire } from 'node:module';
import type * as lancedb from '@lancedb/lancedb';
import type { Field } from 'apache-arrow';
import { DarkroomError } from '../errors.ts';
import { createLogger } from '../logger.ts';
import { addedPassageFields } from './schema.ts';

const log = createLogger('store');

/**
 * Adds the passage columns the table lacks. Another process adding them at the same moment is not an error.
 * @throws DarkroomError STORE_FAILED when a column cannot be added (a read-only archive folder, say).
 */
export async function addMissingPassageColumns(table: lancedb.Table, home: string): Promise<string[]> {
  const present = new Set((await table.schema()).fields.map((f) => f.name));
  const missing = addedPassageFields().filter((f) => !present.has(f.name));
  if (missing.length === 0) return [];
  try {
    await table.addColumns(missing.map(toLanceField));
  } catch (cause) {
    await table.checkoutLatest().catch(() => undefined);
    const now = new Set((await table.schema()).fields.map((f) => f.name));
    if (!missing.every((f) => now.has(f.name))) {
      throw new DarkroomError(
        'STORE_FAILED',
        `The archive in ${home} needs new columns (${missing.map((f) => f.name).join(', ')}) and they could not be added: ${(cause as Error).message}. Open it once with write access to its folder.`,
        { cause },
      );
    }
  }
  log.info('archive upgraded: passage columns added', { home, columns: missing.map((f) => f.name) });
  return missing.map((f) => f.name);
}

/**
 * The same field built with the apache-arrow build LanceDB itself loads (CommonJS): `addColumns` checks
 * `instanceof Field` against that build, which the ESM import in schema.ts is not. Added columns are text.
 */
function toLanceField(field: Field): Field {
  const arrow = createRequire(import.meta.url)('apache-arrow') as typeof import('apache-arrow');
  if (!arrow.DataType.isUtf8(field.type)) {
    throw new DarkroomError('STORE_FAILED', `Column ${field.name}: only text columns can be added to an existing archive (got ${String(field.type)}).`);
  }
  return new arrow.Field(field.name, new arrow.Utf8(), true) as unknown as Field;
}
