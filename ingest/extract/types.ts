/**
 * What an extractor returns: the source's text as ordered segments that keep their place
 * (page, character span, cue times, speaker), ready for the chunker.
 */
import type { Word } from '../../core/subtitles/cue.ts';
import type { MediaInfo, SourceKind, TranscriptMethod } from '../../core/types.ts';
import type { OcrEngine } from './ocr.ts';

export interface Segment {
  text: string;
  /** 1-based page. */
  page?: number;
  /** Character span in the source's extracted text (of the page, for paged sources). */
  char_start?: number;
  char_end?: number;
  start_s?: number;
  end_s?: number;
  speaker?: string;
  /** The segment's timed words, when the transcript has word times (kept in the passage's cues). */
  words?: Word[];
  /** A heading that belongs to this segment and the ones after it (a letter's date line). */
  heading?: string;
}

export interface Extracted {
  kind: SourceKind;
  title: string;
  /** prose: paragraphs to pack into passages; cues: timed lines grouped by speaker. */
  structure: 'prose' | 'cues';
  segments: Segment[];
  pages?: number;
  duration_s?: number;
  media?: MediaInfo;
  transcript_method?: TranscriptMethod;
  /** Provenance to keep with the source (extractor, OCR'd pages, transcriber model). */
  details?: Record<string, unknown>;
  /**
   * Set for a rush kept without a transcript: `segments` then hold its metadata passage only. `error`: what went
   * wrong (a transcriber that failed or heard nothing, no audio stream), null when no transcriber is configured.
   */
  awaiting?: { reason: string; error: { code: string; message: string } | null };
}

export interface ExtractContext {
  /** Aborts long work (OCR, transcription) when the run is interrupted. */
  signal?: AbortSignal;
  /** A shared OCR engine for scanned pages and images (the pipeline starts one lazily and disposes it). */
  ocr?: OcrEngine;
  /** Progress within one file, 0..1, for long extractions. */
  onProgress?: (fraction: number, note?: string) => void;
}

export type Extractor = (file: string, ctx: ExtractContext) => Promise<Extracted>;
