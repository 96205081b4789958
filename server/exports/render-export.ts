/**
 * One entry point for every export format: writes the file's text and names it. Pure.
 */
import { DarkroomError } from '../../core/errors.ts';
import { formatExportRate } from './export-rate.ts';
import { toSafeFileName } from './sanitize.ts';
import { exportFormatNames, type ExportFormat, type ExportTimeline } from './types.ts';
import { writeAvidLocators } from './write-avid-locators.ts';
import { writeEdl } from './write-edl.ts';
import { writeFcpxml } from './write-fcpxml.ts';
import { writePremiereMarkers } from './write-premiere-markers.ts';
import { writePremiereXml } from './write-premiere-xml.ts';
import { writeResolveMarkers } from './write-resolve-markers.ts';
import { writeSrt, writeVtt } from './write-subtitles.ts';

interface FormatSpec {
  write: (timeline: ExportTimeline) => string;
  /** Appended to the file name before the extension. */
  suffix: string;
  extension: string;
  contentType: string;
}

const formats: Record<ExportFormat, FormatSpec> = {
  edl: { write: writeEdl, suffix: '', extension: 'edl', contentType: 'text/plain; charset=utf-8' },
  fcpxml: { write: writeFcpxml, suffix: '', extension: 'fcpxml', contentType: 'application/xml; charset=utf-8' },
  'premiere-xml': { write: writePremiereXml, suffix: '_premiere', extension: 'xml', contentType: 'application/xml; charset=utf-8' },
  'premiere-markers': { write: writePremiereMarkers, suffix: '_premiere_markers', extension: 'csv', contentType: 'text/csv; charset=utf-8' },
  'resolve-markers': { write: writeResolveMarkers, suffix: '_resolve_markers', extension: 'edl', contentType: 'text/plain; charset=utf-8' },
  'avid-locators': { write: writeAvidLocators, suffix: '_avid_locators', extension: 'txt', contentType: 'text/plain; charset=utf-8' },
  srt: { write: writeSrt, suffix: '', extension: 'srt', contentType: 'application/x-subrip; charset=utf-8' },
  vtt: { write: writeVtt, suffix: '', extension: 'vtt', contentType: 'text/vtt; charset=utf-8' },
};

/** A written export. */
export interface RenderedExport {
  format: ExportFormat;
  /** A file name every OS and NLE accepts, e.g. `myfilm_selects_25.edl`. */
  filename: string;
  contentType: string;
  body: string;
}

/** Checks a format name. @throws DarkroomError INPUT_INVALID listing the formats. */
export function toExportFormat(name: string): ExportFormat {
  const format = exportFormatNames.find((f) => f === name.trim().toLowerCase());
  if (!format) throw new DarkroomError('INPUT_INVALID', `"${name}" is not an export format. Use one of ${exportFormatNames.join(', ')}.`);
  return format;
}

export function renderExport(format: ExportFormat, timeline: ExportTimeline): RenderedExport {
  const spec = formats[format];
  const filename = `${toSafeFileName(timeline.title)}_${formatExportRate(timeline.rate).replace('.', '')}${spec.suffix}.${spec.extension}`;
  return { format, filename, contentType: spec.contentType, body: spec.write(timeline) };
}
