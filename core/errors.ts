/**
 * One registry of error codes. Every error Darkroom raises on purpose is a {@link DarkroomError}
 * with one of these codes, a message that names the thing and the fix, and the cause if any.
 * HTTP answers `{ error: { code, message } }` with the status below; sockets send an error event;
 * the CLI prints the message and exits non-zero.
 */
export const errorCodes = {
  CONFIG_INVALID: 400,
  MODEL_NOT_FOUND: 500,
  MODEL_INVALID: 500,
  MODEL_MISMATCH: 409,
  STORE_FAILED: 500,
  /** The state store (answers, conversations, selects, restrictions) cannot be opened or read: playback still works; search refuses (restrictions unreadable). */
  STATE_UNAVAILABLE: 503,
  /** A source or range is off the record, embargoed or withdrawn. */
  RESTRICTED: 403,
  SPEAKER_UNKNOWN: 404,
  CORPUS_UNKNOWN: 404,
  SOURCE_UNKNOWN: 404,
  ANSWER_UNKNOWN: 404,
  /** The answer is a tombstone: material it used was withdrawn or removed. */
  ANSWER_WITHDRAWN: 410,
  INPUT_INVALID: 400,
  PAYLOAD_TOO_LARGE: 413,
  EXTRACT_FAILED: 422,
  /** A file's extracted text, or a DOCX's inflated parts, pass the limit for one document (ingest/extract/text-bounds.ts). */
  TEXT_TOO_LARGE: 413,
  UNSUPPORTED_FILE: 415,
  MEDIA_FAILED: 422,
  TRANSCRIBE_FAILED: 422,
  TIMECODE_INVALID: 400,
  FRAME_RATE_MISMATCH: 409,
  PROTOCOL_UNSUPPORTED: 400,
  LLM_FAILED: 502,
  LLM_UNAVAILABLE: 409,
  BUSY: 503,
  ARCHIVE_LOCKED: 409,
  CANCELLED: 499,
  DOWNLOAD_FAILED: 502,
  CHECKSUM_MISMATCH: 502,
  NOT_FOUND: 404,
  HOST_NOT_ALLOWED: 421,
  ORIGIN_NOT_ALLOWED: 403,
  SOURCE_CHANGED: 409,
  ENCODING_UNSUPPORTED: 415,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  RATE_LIMITED: 429,
  AUTH_REQUIRED: 409,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof errorCodes;

export class DarkroomError extends Error {
  readonly code: ErrorCode;
  readonly status: number;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DarkroomError';
    this.code = code;
    this.status = errorCodes[code];
  }

  /** The shape sent to HTTP and socket clients. */
  toJSON(): { code: ErrorCode; message: string } {
    return { code: this.code, message: this.message };
  }
}

/** Wraps anything thrown into a DarkroomError, keeping DarkroomErrors as they are. */
export function toDarkroomError(err: unknown, fallback: ErrorCode = 'INTERNAL'): DarkroomError {
  if (err instanceof DarkroomError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new DarkroomError(fallback, message, { cause: err });
}

export function isDarkroomError(err: unknown, code?: ErrorCode): err is DarkroomError {
  return err instanceof DarkroomError && (code === undefined || err.code === code);
}
