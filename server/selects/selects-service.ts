/**
 * The select lists' logic, shared by the HTTP routes, the edit-suite socket and the CLI: add passages
 * from the archive (timed passages only), edit the list, and export it in any format.
 */
import { randomUUID } from 'node:crypto';
import { DarkroomError } from '../../core/errors.ts';
import type { Archive } from '../../core/store/archive.ts';
import { sqlString } from '../../core/store/schema.ts';
import type { SourceKind, SourceRecord } from '../../core/types.ts';
import { buildTimeline, placeClip, type ClipSource } from '../exports/build-timeline.ts';
import { parseExportRate } from '../exports/export-rate.ts';
import { renderExport, type RenderedExport } from '../exports/render-export.ts';
import { toClipSource } from './clip-source.ts';
import { corpusSchema, exportRequestSchema, selectAddSchema, selectPatchSchema, selectReorderSchema } from './select-schemas.ts';
import type { SelectItem, SelectStore } from './select-store.ts';
import { validate } from './validate.ts';
import { unknownPassage } from '../../core/access/missing.ts';

/** Timeline rate when neither the request nor any selected media names one. */
export const DEFAULT_EXPORT_FPS = '25';

export interface SelectsService {
  list(corpus: string): Promise<SelectItem[]>;
  /** Adds one passage (see selectAddSchema); returns the whole list. */
  add(corpus: string, input: unknown): Promise<SelectItem[]>;
  remove(corpus: string, id: string): Promise<SelectItem[]>;
  reorder(corpus: string, input: unknown): Promise<SelectItem[]>;
  update(corpus: string, id: string, input: unknown): Promise<SelectItem[]>;
  clear(corpus: string): Promise<SelectItem[]>;
  /** Writes the list in a format (see exportRequestSchema). */
  exportList(corpus: string, input: unknown): Promise<RenderedExport>;
}

export function createSelectsService(deps: { archive: Archive; store: SelectStore }): SelectsService {
  const { archive, store } = deps;
  const corpusOf = (c: unknown) => validate(corpusSchema, c, 'corpus name');

  return {
    list: (corpus) => store.list(corpusOf(corpus)),

    async add(corpus, input) {
      const name = corpusOf(corpus);
      const req = validate(selectAddSchema, input, 'select');
      const passage = await findPassage(archive, req.passage_id);
      if (passage.corpus !== name) {
        throw new DarkroomError('INPUT_INVALID', `Passage ${req.passage_id} belongs to corpus "${passage.corpus}", not "${name}". Add it to the select list of "${passage.corpus}".`);
      }
      if (passage.start_s === null || passage.end_s === null) {
        throw new DarkroomError('INPUT_INVALID', `Passage ${req.passage_id} (${passage.title}) has no timecode: only passages of rushes and timed transcripts can go on a timeline.`);
      }
      let start = passage.start_s;
      let end = passage.end_s;
      if (req.start_s !== undefined && req.end_s !== undefined) {
        const source = await archive.getSource(passage.source_id);
        const duration = source?.kind === 'media' ? source.duration_s : null;
        if (duration !== null && req.end_s > duration + 0.001) {
          throw new DarkroomError('TIMECODE_INVALID', `end_s ${req.end_s} is past the end of ${passage.source_path} (${duration.toFixed(3)} s). Give a span inside the media.`);
        }
        start = req.start_s;
        end = req.end_s;
      }
      const item: SelectItem = {
        id: `sel_${randomUUID().replace(/-/g, '').slice(0, 12)}`,
        passage_id: passage.id,
        source_id: passage.source_id,
        corpus: name,
        path: passage.source_path,
        title: passage.title,
        kind: passage.kind,
        start_s: start,
        end_s: end,
        handle_before_s: req.handle_before_s,
        handle_after_s: req.handle_after_s,
        speaker: passage.speaker,
        text: passage.text,
        note: req.note ?? null,
        added_at: new Date().toISOString(),
      };
      return store.add(name, [item], req.position);
    },

    remove: (corpus, id) => store.remove(corpusOf(corpus), id),
    reorder: (corpus, input) => store.reorder(corpusOf(corpus), validate(selectReorderSchema, input, 'reorder').ids),
    update: (corpus, id, input) => store.update(corpusOf(corpus), id, validate(selectPatchSchema, input, 'select change')),
    clear: (corpus) => store.clear(corpusOf(corpus)),

    async exportList(corpus, input) {
      const name = corpusOf(corpus);
      const req = validate(exportRequestSchema, input, 'export request');
      const items = await store.list(name);
      if (items.length === 0) {
        throw new DarkroomError('INPUT_INVALID', `The select list of "${name}" is empty. Add passages first (\`darkroom selects add\`, the web UI, or the edit-suite \`selects:add\` event).`);
      }
      const sources = new Map<string, ClipSource>();
      for (const item of items) {
        if (sources.has(item.source_id)) continue;
        const source: SourceRecord | null = await archive.getSource(item.source_id);
        if (!source) {
          throw new DarkroomError('SOURCE_UNKNOWN', `${item.path} (select ${item.id}) is no longer in the archive. Remove the select (\`darkroom selects remove ${item.id} --corpus ${name}\`) or ingest the file again.`);
        }
        sources.set(item.source_id, toClipSource(source));
      }
      const firstMedia = [...sources.values()].find((s) => s.rate !== null)?.rate ?? null;
      const rate = req.fps ? parseExportRate(req.fps, firstMedia?.dropFrame ?? false) : (firstMedia ?? parseExportRate(DEFAULT_EXPORT_FPS));
      const clips = items.map((item) => placeClip(item, sources.get(item.source_id) as ClipSource, rate));
      return renderExport(req.format, buildTimeline(req.title ?? `${name} selects`, rate, clips));
    },
  };
}

interface PassageRow {
  id: string;
  corpus: string;
  source_id: string;
  source_path: string;
  title: string;
  kind: SourceKind;
  start_s: number | null;
  end_s: number | null;
  speaker: string | null;
  text: string;
}

/** One passage by id. @throws DarkroomError NOT_FOUND naming where ids come from. */
export async function findPassage(archive: Archive, id: string): Promise<PassageRow> {
  const table = await archive.passages();
  const rows = table
    ? ((await archive.readLatest(() => table
        .query()
        .where(`id = ${sqlString(id)}`)
        .select(['id', 'corpus', 'source_id', 'source_path', 'title', 'kind', 'start_s', 'end_s', 'speaker', 'text'])
        .limit(1)
        .toArray())) as Array<Record<string, unknown>>)
    : [];
  const row = rows[0];
  if (!row) throw unknownPassage(id);
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    id: String(row.id),
    corpus: String(row.corpus),
    source_id: String(row.source_id),
    source_path: String(row.source_path),
    title: String(row.title),
    kind: String(row.kind) as SourceKind,
    start_s: num(row.start_s),
    end_s: num(row.end_s),
    speaker: row.speaker === null || row.speaker === undefined ? null : String(row.speaker),
    text: String(row.text),
  };
}
