/**
 * The archive's shared vocabulary: what ingestion writes and what search, the server and the exports read.
 * Field names are snake_case where they are stored columns or JSON output (`--json`, HTTP), so that
 * the README documents one set of names.
 */
import type { PassageCue } from './moments/passage-cues.ts';

/** What a source is, as a filmmaker would say it. */
export const sourceKinds = ['letter', 'document', 'pdf', 'transcript', 'media', 'image'] as const;
export type SourceKind = (typeof sourceKinds)[number];

/**
 * A source's state in the archive. `awaiting_transcript`: a rush kept without a transcript (none beside it, no
 * transcriber configured, or the transcriber failed or heard nothing): probed, playable and findable by its
 * metadata passage (name, reel, timecode, date, folder) until `darkroom transcribe` or a sidecar gives it words.
 */
export type SourceState = 'ingested' | 'failed' | 'transcribing' | 'awaiting_transcript';

/** How a media source got its transcript. */
export type TranscriptMethod = 'whisper' | 'external' | 'sidecar' | 'none';

/** Media facts from ffprobe, stored with a media source. */
export interface MediaInfo {
  duration_s: number;
  /** Frames per second as a number (29.97 for 30000/1001). */
  fps: number | null;
  /** The rational frame rate as ffprobe gives it, e.g. "30000/1001". */
  fps_rational: string | null;
  drop_frame: boolean;
  /** Start timecode of the file (tmcd track, else container tag), e.g. "10:00:00:00". */
  start_tc: string | null;
  reel: string | null;
  clip_name: string | null;
  creation_time: string | null;
  has_video: boolean;
  has_audio: boolean;
  /** Audio streams in the file (0 for a silent video); absent in sources probed before it was recorded. */
  audio_streams?: number;
  /** Channels of the first audio stream, when ffprobe gives them. */
  audio_channels?: number | null;
  video_codec: string | null;
  audio_codec: string | null;
  width: number | null;
  height: number | null;
}

/** One source file in a corpus. Stored in the `sources` table. */
export interface SourceRecord {
  /** Stable id: sha256(corpus + "\0" + absolute path), first 24 hex chars. */
  id: string;
  corpus: string;
  /** Absolute path on the studio's storage. */
  path: string;
  /** sha256 of the file's bytes. */
  hash: string;
  kind: SourceKind;
  title: string;
  state: SourceState;
  /** Why ingestion failed (state = failed), as the CLI printed it. */
  error: string | null;
  bytes: number;
  passages: number;
  pages: number | null;
  /** Media: the file's length. Transcripts: the span from the first cue's start to the last cue's end. */
  duration_s: number | null;
  /** Main language (ISO 639-1), or "und". */
  language: string;
  /** JSON of {@link MediaInfo} for media sources. */
  media_json: string | null;
  transcript_method: TranscriptMethod | null;
  /** Extra provenance (extractor, OCR pages, transcriber model and hash), JSON. */
  details_json: string | null;
  ingested_at: string;
}

/** One passage: the unit that is searched, cited and played. Stored in the `passages` table. */
export interface PassageRecord {
  /** `${source_id}:${ordinal}` */
  id: string;
  corpus: string;
  source_id: string;
  source_path: string;
  source_hash: string;
  kind: SourceKind;
  title: string;
  /** Position of the passage in its source, from 0. */
  ordinal: number;
  /** 1-based page for PDFs and paged documents. */
  page: number | null;
  /** Character span in the extracted text of the source (or of the page, for paged sources). */
  char_start: number | null;
  char_end: number | null;
  /** Seconds from the start of the media file or transcript. */
  start_s: number | null;
  end_s: number | null;
  speaker: string | null;
  /** ISO 639-1 code ("en", "fr"), or "und" when undetermined. */
  language: string;
  /** Heading that stays attached to the passage: a letter's date line, a section title. */
  heading: string | null;
  /** The passage text as shown and cited. */
  text: string;
  /**
   * The times of the cues (and words) inside a timed passage, with their offsets in `text`: JSON read by
   * core/moments/passage-cues.ts. Null for untimed passages and for passages ingested before it existed.
   */
  cues_json?: string | null;
  /** Embedding, when the archive has an embedder. */
  vector?: number[] | Float32Array | null;
}

/** A search hit: the stable JSON shape of `darkroom search --json` and the HTTP search route. */
export interface SearchHit {
  id: string;
  corpus: string;
  source_id: string;
  path: string;
  kind: SourceKind;
  title: string;
  page: number | null;
  char_start: number | null;
  char_end: number | null;
  start_s: number | null;
  end_s: number | null;
  /** Source timecode in/out for media passages (from the file's start TC and frame rate). */
  tc_in: string | null;
  tc_out: string | null;
  /**
   * The moment the query's words are spoken: the start (seconds from the start of the file) of the cue that
   * best matches the query, or of its first matching word when the transcript has word times; the passage's
   * start when no query word is in the text. Null for untimed passages. Playback starts here (less a pre-roll).
   */
  match_s?: number | null;
  /** Source timecode of `match_s` (null without a timecode). */
  match_tc?: string | null;
  fps: number | null;
  reel: string | null;
  speaker: string | null;
  language: string;
  heading: string | null;
  text: string;
  /** The cues (and words) inside a timed passage with their times and offsets in `text`; null when untimed. */
  cues?: PassageCue[] | null;
  /** Fused score; higher is better. Comparable within one result list only. */
  score: number;
  /** The rank and raw score each retriever gave this hit, to show why it was retrieved. */
  why: {
    bm25_rank: number | null;
    bm25_score: number | null;
    vector_rank: number | null;
    vector_distance: number | null;
    /** Rank on the full-text side of the query translated by the bilingual dictionary (null: not found there, or no translation). */
    translation_rank?: number | null;
  };
}

/** Filters accepted by search. */
export interface SearchFilters {
  kind?: SourceKind | undefined;
  source?: string | undefined;
  speaker?: string | undefined;
  language?: string | undefined;
}
