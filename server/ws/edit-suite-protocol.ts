/**
 * The edit-suite protocol (socket.io namespace `/edit`), version 1: event names, client payload schemas
 * (validated with zod on receipt) and server payload types. docs/protocol/edit-suite.md documents it for
 * panel authors in any language; keep the two in step.
 */
import { z } from 'zod';
import { filtersSchema, MAX_QUESTION_CHARS } from '../../core/protocol/chat.ts';
import type { SourceKind } from '../../core/types.ts';
import { exportRateNames } from '../exports/export-rate.ts';
import { exportFormatNames } from '../exports/types.ts';
import { corpusSchema } from '../selects/select-schemas.ts';
import type { SelectItem } from '../selects/select-store.ts';

/** The protocol version this server speaks. A client that speaks another gets PROTOCOL_UNSUPPORTED. */
export const EDIT_PROTOCOL_VERSION = 1;
export const EDIT_NAMESPACE = '/edit';

export const editClientEvents = {
  hello: 'hello',
  search: 'search',
  ask: 'ask',
  cancel: 'cancel',
  whatsSaid: 'whats-said',
  selectsAdd: 'selects:add',
  selectsList: 'selects:list',
  selectsRemove: 'selects:remove',
  selectsExport: 'selects:export',
} as const;

export const editServerEvents = {
  welcome: 'welcome',
  searchResult: 'search:result',
  askToken: 'ask:token',
  askResult: 'ask:result',
  cancelResult: 'cancel:result',
  whatsSaidResult: 'whats-said:result',
  selectsResult: 'selects:result',
  exportResult: 'selects:export:result',
  sourcesIngested: 'sources:ingested',
  error: 'error',
} as const;

const requestId = z.string().min(1).max(100).optional();
const filters = filtersSchema;

export const helloSchema = z.object({ request_id: requestId, protocol: z.number().int().min(1), client: z.string().max(200).optional() }).strict();

export const editSearchSchema = z
  .object({ request_id: requestId, query: z.string().trim().min(1, 'the query is empty').max(2000), corpus: corpusSchema.optional(), limit: z.number().int().min(1).max(200).optional(), filters: filters.optional() })
  .strict();

export const editAskSchema = z
  .object({
    request_id: requestId,
    question: z.string().trim().min(1, 'the question is empty').max(MAX_QUESTION_CHARS),
    corpus: corpusSchema.optional(),
    conversation_id: z.string().min(1).max(100).optional(),
    mode: z.enum(['auto', 'llm', 'extractive']).default('auto'),
    limit: z.number().int().min(1).max(50).optional(),
    filters: filters.optional(),
  })
  .strict();

export const editCancelSchema = z.object({ request_id: z.string().min(1).max(100) }).strict();

export const whatsSaidSchema = z
  .object({
    request_id: requestId,
    /** A source id, or the file's absolute path on the studio storage. */
    source: z.string().min(1).max(4096),
    /** Source timecode (HH:MM:SS:FF, or HH:MM:SS;FF drop-frame) ... */
    tc: z.string().max(20).optional(),
    /** ... or seconds from the start of the file. */
    seconds: z.number().min(0).optional(),
    /** The frame rate the panel's timecode counts at (e.g. 25, 29.97, "30000/1001"); checked against the file's. */
    fps: z.union([z.number().positive(), z.string().max(20)]).optional(),
    before: z.number().int().min(0).max(20).default(2),
    after: z.number().int().min(0).max(20).default(2),
  })
  .strict()
  .refine((v) => (v.tc === undefined) !== (v.seconds === undefined), { message: 'give exactly one of tc or seconds' });

/** `selects:add`: `corpus` and `request_id` here; the select's own fields are checked by selectAddSchema. */
export const selectsAddEnvelopeSchema = z.object({ request_id: requestId, corpus: corpusSchema }).loose();
export const selectsListSchema = z.object({ request_id: requestId, corpus: corpusSchema }).strict();
export const selectsRemoveSchema = z.object({ request_id: requestId, corpus: corpusSchema, id: z.string().min(1).max(100) }).strict();
export const selectsExportSchema = z
  .object({ request_id: requestId, corpus: corpusSchema, format: z.enum(exportFormatNames), fps: z.enum(exportRateNames).optional(), title: z.string().trim().min(1).max(120).optional() })
  .strict();

/** A passage as an edit suite needs it: where the media is, and which frames. */
export interface ClipReference {
  /** The citation number [n] in an answer; absent for search hits and whats-said. */
  n?: number;
  passage_id: string;
  source_id: string;
  corpus: string;
  kind: SourceKind;
  title: string;
  /** Absolute path on the studio storage, and the same as a file:// URL. */
  path: string;
  file_url: string;
  /** The file name, as NLEs name clips. */
  clip_name: string;
  /** Reel name as written in EDLs (8 characters of [A-Z0-9_]). */
  reel: string;
  /** Seconds from the start of the file. */
  start_s: number | null;
  end_s: number | null;
  /** Source timecode of the passage's first frame and of the frame after its last (null without a frame rate). */
  tc_in: string | null;
  tc_out: string | null;
  /**
   * Where the searched words are spoken inside the passage (seconds from the file start) and its source
   * timecode: play or mark from here (less a pre-roll). The passage's start when the words are not located.
   */
  match_s: number | null;
  match_tc: string | null;
  /** An answer's verified quotations of the passage, each with the moment its words start and end (ask results only). */
  quotes?: Array<{ text: string; verified: boolean; start_s: number | null; end_s: number | null; tc: string | null }>;
  /** The file's start timecode and frame rate (null for audio without timecode and for transcripts). */
  start_tc: string | null;
  fps: number | null;
  fps_rational: string | null;
  drop_frame: boolean;
  speaker: string | null;
  text: string;
  /** Search score (search results only). */
  score?: number;
}

export interface WelcomePayload {
  request_id?: string;
  protocol: number;
  server: 'darkroom';
  server_version: string;
  export_formats: readonly string[];
  frame_rates: readonly string[];
}

export interface SelectsResultPayload {
  request_id?: string;
  corpus: string;
  items: SelectItem[];
}

export interface EditErrorPayload {
  code: string;
  message: string;
  request_id: string | null;
}
