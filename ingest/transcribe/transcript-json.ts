/**
 * Cues from the JSON that external transcribers write. Pure. Shapes read:
 * - openai-whisper, faster-whisper, WhisperX: `{ segments: [{ start, end, text, speaker? }] }` (seconds);
 * - whisper.cpp `-oj`: `{ transcription: [{ offsets: { from, to } (ms), text }] }`;
 * - a bare array of `{ start, end, text }`.
 */
import { DarkroomError } from '../../core/errors.ts';
import type { Cue, Word } from '../../core/subtitles/parse-subtitles.ts';

/**
 * @param source names the output file in error messages.
 * @throws DarkroomError TRANSCRIBE_FAILED when the JSON is malformed, of an unknown shape, or holds no text.
 */
export function cuesFromTranscriptJson(text: string, source: string): Cue[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    throw new DarkroomError('TRANSCRIBE_FAILED', `${source} is not valid JSON (${(cause as Error).message}). Check the transcriber's output format (SRT, WebVTT or JSON).`, { cause });
  }
  const rows = rowsOf(data);
  if (rows === null) {
    throw new DarkroomError('TRANSCRIBE_FAILED', `${source}: unknown transcript JSON shape. Expected { "segments": [{ "start", "end", "text" }] } (whisper, faster-whisper, WhisperX) or whisper.cpp's { "transcription": [...] }.`);
  }
  const cues: Cue[] = [];
  for (const row of rows) {
    const cue = cueOf(row);
    if (cue) cues.push(cue);
  }
  if (cues.length === 0) throw new DarkroomError('TRANSCRIBE_FAILED', `${source} holds no timed text. The transcriber heard nothing, or wrote a shape Darkroom does not read.`);
  return cues;
}

function rowsOf(data: unknown): unknown[] | null {
  if (Array.isArray(data)) return data;
  if (data && typeof data === 'object') {
    const o = data as Record<string, unknown>;
    if (Array.isArray(o.segments)) return o.segments;
    if (Array.isArray(o.transcription)) return o.transcription;
  }
  return null;
}

function cueOf(row: unknown): Cue | null {
  if (!row || typeof row !== 'object') return null;
  const r = row as Record<string, unknown>;
  const text = typeof r.text === 'string' ? r.text.replace(/\s+/g, ' ').trim() : '';
  if (!text) return null;
  let start = num(r.start);
  let end = num(r.end);
  const offsets = r.offsets as Record<string, unknown> | undefined;
  if ((start === null || end === null) && offsets && typeof offsets === 'object') {
    const from = num(offsets.from);
    const to = num(offsets.to);
    start = from === null ? null : from / 1000;
    end = to === null ? null : to / 1000;
  }
  if (start === null || start < 0) return null;
  const cue: Cue = { start_s: start, end_s: end !== null && end >= start ? end : start, text };
  if (typeof r.speaker === 'string' && r.speaker.trim()) cue.speaker = r.speaker.trim();
  const words = wordsOf(r.words);
  if (words.length > 0) cue.words = words;
  return cue;
}

/**
 * Timed words of a segment (faster-whisper, WhisperX, openai-whisper with word timestamps:
 * `{ word, start, end }`). A word without times (WhisperX leaves numerals untimed) is left out of the
 * timed words; its text stays in the cue.
 */
function wordsOf(value: unknown): Word[] {
  if (!Array.isArray(value)) return [];
  const words: Word[] = [];
  for (const w of value) {
    if (!w || typeof w !== 'object') continue;
    const o = w as Record<string, unknown>;
    const text = typeof o.word === 'string' ? o.word.trim() : typeof o.text === 'string' ? o.text.trim() : '';
    const start = num(o.start);
    const end = num(o.end);
    if (!text || start === null || start < 0) continue;
    words.push({ start_s: start, end_s: end !== null && end >= start ? end : start, text });
  }
  return words;
}

function num(v: unknown): number | null {
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}
