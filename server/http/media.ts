/**
 * `/media`: the registered source files, streamed to the browser with HTTP range requests, and nothing
 * else. A request names a source by its id; the file path comes from the archive's sources table, never
 * from the request, so no `..`, encoded slash or absolute path can reach another file. And only the file
 * that was ingested: it is opened, checked against the real path, device, inode, size and mtime recorded
 * at ingest (core/files/file-identity.ts), and streamed from that open descriptor; a swapped symlink or a
 * file edited since answers 409 SOURCE_CHANGED ("ingest again").
 *
 *   GET /media/:sourceId        the file (or its browser proxy, see media-proxy.ts), 200 or 206, 416
 *   GET /media/:sourceId/playback  whether the browser can play it now: {kind, ready, progress, error};
 *                               asking starts the proxy of a file that needs one (the UI shows its progress)
 *   GET /media/:sourceId/text   the extracted text (plain-text documents) and the passages with their
 *                               spans, pages and times, for the document viewer's highlighting
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Router, type Request, type Response } from 'express';
import type { Config } from '../../core/config.ts';
import { DarkroomError, toDarkroomError } from '../../core/errors.ts';
import { openIngestedFile, type VerifiedFile } from '../../core/files/file-identity.ts';
import { createLogger } from '../../core/logger.ts';
import { resolveMediaTools } from '../../core/media/tools.ts';
import type { Archive } from '../../core/store/archive.ts';
import { sqlString } from '../../core/store/schema.ts';
import type { PassageRecord, SourceRecord } from '../../core/types.ts';
import { ensureProxy, planPlayback, playbackStatus } from './media-proxy.ts';
import { parseByteRange } from './media-range.ts';
import { unknownSource } from '../../core/access/missing.ts';

const log = createLogger('media');

/** Source ids are hex digests; anything else is refused before the archive is asked. */
const SOURCE_ID = /^[A-Za-z0-9_-]{1,128}$/;
/** Largest plain-text file the text route returns whole. */
const MAX_TEXT_BYTES = 20 * 1024 * 1024;
/** Most passages the text route returns for one source. */
const MAX_PASSAGES = 5000;

/**
 * Content types of non-media files the browser may show inline. Anything else (HTML, SVG, office files)
 * is sent as a download, so that a file from the archive never runs as a page of this origin.
 */
const documentTypes: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.markdown': 'text/plain; charset=utf-8',
  '.srt': 'text/plain; charset=utf-8',
  '.vtt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
};

export interface MediaRouterDeps {
  archive: Archive;
  config: Config;
}

/** One passage as the document viewer needs it. */
export type SourcePassage = Pick<PassageRecord, 'id' | 'ordinal' | 'page' | 'char_start' | 'char_end' | 'start_s' | 'end_s' | 'speaker' | 'text'>;

/** The JSON of GET /media/:sourceId/text. */
export interface SourceText {
  source: Pick<SourceRecord, 'id' | 'corpus' | 'path' | 'kind' | 'title' | 'pages' | 'duration_s' | 'language'>;
  /** The whole extracted text of a plain-text document (char spans index into it), else null. */
  text: string | null;
  passages: SourcePassage[];
}

/** The media router, to mount at `/media` (createApp's `extraRouters`). */
export function createMediaRouter(deps: MediaRouterDeps): Router {
  const router = Router();
  router.get('/:sourceId/text', async (req, res) => {
    try {
      const source = await registeredSource(deps.archive, req.params.sourceId);
      res.setHeader('Cache-Control', 'no-store');
      res.json(await readSourceText(deps.archive, source));
    } catch (err) {
      sendError(res, err);
    }
  });
  router.get('/:sourceId/playback', async (req, res) => {
    try {
      const source = await registeredSource(deps.archive, req.params.sourceId);
      if (source.kind !== 'media') throw new DarkroomError('INPUT_INVALID', `Source ${source.id} is a ${source.kind}, not audio or video: open it with GET /media/${source.id}.`);
      await (await openIngestedFile(source)).handle.close();
      res.setHeader('Cache-Control', 'no-store');
      res.json(playbackStatus({ home: deps.config.home, source, tools: () => resolveMediaTools(deps.config), start: true, open: () => openIngestedFile(source), timeoutS: deps.config.ffmpegTimeoutS }));
    } catch (err) {
      sendError(res, err);
    }
  });
  router.get('/:sourceId', async (req, res) => {
    try {
      const source = await registeredSource(deps.archive, req.params.sourceId);
      await sendSource(req, res, source, deps.config);
    } catch (err) {
      sendError(res, err);
    }
  });
  return router;
}

async function registeredSource(archive: Archive, id: string | undefined): Promise<SourceRecord> {
  if (id === undefined || !SOURCE_ID.test(id)) {
    throw new DarkroomError('INPUT_INVALID', 'A media request names a source by its id (letters, digits, - and _). Take the id from a search hit or `darkroom sources --json`.');
  }
  const source = await archive.getSource(id);
  if (!source) throw unknownSource(id);
  return source;
}

/** What GET /media/:id sends: the verified original (read from its open descriptor) or the proxy made of it. */
interface Body {
  size: number;
  /** A stream of bytes start..end inclusive. */
  read(start: number, end: number): NodeJS.ReadableStream;
  close(): Promise<void>;
}

async function openBody(source: SourceRecord, config: Config): Promise<{ body: Body; contentType: string; etag: string }> {
  // The original is opened and verified first, also for a proxy: a changed original is refused either way.
  const original = await openIngestedFile(source);
  const plan = source.kind === 'media' ? planPlayback(source) : null;
  if (plan?.kind !== 'proxy') {
    const contentType = plan ? plan.contentType : (documentTypes[path.extname(source.path).toLowerCase()] ?? 'application/octet-stream');
    return { body: verifiedBody(original), contentType, etag: `"${source.hash.slice(0, 32)}"` };
  }
  await original.handle.close();
  // The proxy job opens and verifies the original again when it runs, and ffmpeg reads that descriptor.
  const proxy = await ensureProxy({ home: config.home, source, plan, tools: resolveMediaTools(config), open: () => openIngestedFile(source), timeoutS: config.ffmpegTimeoutS });
  log.info('serving proxy', { source: source.id, proxy });
  const { size } = await stat(proxy);
  const body: Body = { size, read: (start, end) => createReadStream(proxy, { start, end }), close: () => Promise.resolve() };
  return { body, contentType: plan.contentType, etag: `"${source.hash.slice(0, 32)}-proxy"` };
}

/** A body read from the verified descriptor, never from the path again (which may have been swapped since). */
function verifiedBody(file: VerifiedFile): Body {
  return {
    size: file.size,
    read: (start, end) => file.handle.createReadStream({ start, end, autoClose: false }),
    close: () => file.handle.close(),
  };
}

async function sendSource(req: Request, res: Response, source: SourceRecord, config: Config): Promise<void> {
  const { body, contentType, etag } = await openBody(source, config);
  try {
    const size = body.size;
    const inline = contentType !== 'application/octet-stream';
    res.setHeader('Content-Type', contentType);
    res.setHeader('Accept-Ranges', 'bytes');
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', 'private, no-cache');
    res.setHeader('Content-Disposition', `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(path.basename(source.path))}`);
    const ifRange = req.headers['if-range'];
    const range = ifRange === undefined || ifRange === etag ? parseByteRange(req.headers.range, size) : null;
    if (range === 'unsatisfiable') {
      res.status(416).setHeader('Content-Range', `bytes */${size}`).end();
      return;
    }
    const span = range ?? { start: 0, end: size - 1 };
    res.status(range ? 206 : 200);
    if (range) res.setHeader('Content-Range', `bytes ${span.start}-${span.end}/${size}`);
    res.setHeader('Content-Length', String(size === 0 ? 0 : span.end - span.start + 1));
    if (req.method === 'HEAD' || size === 0) {
      res.end();
      return;
    }
    await pipeline(body.read(span.start, span.end), res).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ERR_STREAM_PREMATURE_CLOSE') log.warn('media stream failed', { source: source.id, error: err.message });
    });
  } finally {
    await body.close();
  }
}

async function readSourceText(archive: Archive, source: SourceRecord): Promise<SourceText> {
  const table = await archive.passages();
  const rows = table
    ? ((await archive.readLatest(() => table
        .query()
        .where(`source_id = ${sqlString(source.id)}`)
        .select(['id', 'ordinal', 'page', 'char_start', 'char_end', 'start_s', 'end_s', 'speaker', 'text'])
        .limit(MAX_PASSAGES)
        .toArray())) as Array<Record<string, unknown>>)
    : [];
  const passages = rows.map(toSourcePassage).sort((a, b) => a.ordinal - b.ordinal);
  let text: string | null = null;
  const ext = path.extname(source.path).toLowerCase();
  if (source.kind !== 'media' && ['.txt', '.md', '.markdown'].includes(ext)) {
    const file = await openIngestedFile(source);
    try {
      if (file.size <= MAX_TEXT_BYTES) text = (await file.handle.readFile('utf8')).replace(/^\uFEFF/, '');
    } finally {
      await file.handle.close();
    }
  }
  const { id, corpus, kind, title, pages, duration_s, language } = source;
  return { source: { id, corpus, path: source.path, kind, title, pages, duration_s, language }, text, passages };
}

function toSourcePassage(row: Record<string, unknown>): SourcePassage {
  const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
  return {
    id: String(row.id),
    ordinal: Number(row.ordinal),
    page: num(row.page),
    char_start: num(row.char_start),
    char_end: num(row.char_end),
    start_s: num(row.start_s),
    end_s: num(row.end_s),
    speaker: row.speaker === null || row.speaker === undefined ? null : String(row.speaker),
    text: String(row.text),
  };
}

function sendError(res: Response, err: unknown): void {
  const error = toDarkroomError(err);
  if (error.status >= 500) log.error('media request failed', { code: error.code, error: error.message });
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.status(error.status).json({ error: error.toJSON() });
}
