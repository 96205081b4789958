/**
 * Cues from the JSON that external transcribers write. Pure. Shapes read:
 * - openai-whisper, faster-whisper, WhisperX: `{ segments: [{ start, end, text, speaker?, words?: [{ word, start,
 *   end, speaker? }] }] }` (seconds). WhisperX's diarization (`assign_word_speakers`) labels each word with a
 *   speaker and the segment with the majority one: a segment whose words change speaker is split there, so each
 *   cue keeps the speaker who said its words;
 * - whisper.cpp `-oj`: `{ transcription: [{ offsets: { from, to } (ms), text, speaker? }] }`, and `-ojf` (full),
 *   whose segments also list their `tokens: [{ text, offsets: { from, to } }]`: sub-word tokens are joined into
 *   timed words (a token starting with a space starts a word; special tokens such as `[_BEG_]` are left out);
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
    if (cue) cues.push(...splitBySpeaker(cue, row));
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
  const speaker = speakerOf(r.speaker);
  if (speaker) cue.speaker = speaker;
  // whisper.cpp -ojf tokens are objects with times; openai-whisper and faster-whisper list token ids (numbers).
  const timedTokens = Array.isArray(r.tokens) && r.tokens.some((t) => t !== null && typeof t === 'object');
  const words = timedTokens ? wordsOfTokens(r.tokens as unknown[]) : wordsOf(r.words);
  if (words.length > 0) cue.words = words;
  return cue;
}

/**
 * A speaker label: WhisperX's `SPEAKER_00`, whisper.cpp `--diarize`'s `(speaker 1)` (parentheses dropped);
 * whisper.cpp's undecided `(speaker ?)` is no speaker.
 */
function speakerOf(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const label = value.trim().replace(/^\((.*)\)$/, '$1').trim();
  return label && !label.includes('?') ? label : null;
}

/**
 * Splits a WhisperX segment where its words change speaker (words without a label stay with the speaker before
 * them). Each part gets the text of its words and the times of its first and last timed word.
 */
function splitBySpeaker(cue: Cue, row: unknown): Cue[] {
  const raw = (row as Record<string, unknown>).words;
  if (!Array.isArray(raw) || raw.length === 0) return [cue];
  const runs: Array<{ speaker: string | null; texts: string[]; words: Word[] }> = [];
  let current: string | null = null;
  for (const w of raw) {
    if (!w || typeof w !== 'object') continue;
    const o = w as Record<string, unknown>;
    const text = typeof o.word === 'string' ? o.word.trim() : typeof o.text === 'string' ? o.text.trim() : '';
    if (!text) continue;
    const speaker: string | null = speakerOf(o.speaker) ?? current ?? cue.speaker ?? null;
    if (runs.length === 0 || speaker !== current) runs.push({ speaker, texts: [], words: [] });
    current = speaker;
    const run = runs[runs.length - 1] as (typeof runs)[number];
    run.texts.push(text);
    const start = num(o.start);
    const end = num(o.end);
    if (start !== null && start >= 0) run.words.push({ start_s: start, end_s: end !== null && end >= start ? end : start, text });
  }
  if (runs.length <= 1) {
    const only = runs[0]?.speaker;
    return [only && !cue.speaker ? { ...cue, speaker: only } : cue];
  }
  return runs.map((run, i) => {
    const first = run.words[0];
    const last = run.words[run.words.length - 1];
    const part: Cue = {
      start_s: first?.start_s ?? (i === 0 ? cue.start_s : cue.end_s),
      end_s: last?.end_s ?? cue.end_s,
      text: run.texts.join(' ').replace(/\s+([,.;:!?])/g, '$1'),
    };
    if (run.speaker) part.speaker = run.speaker;
    if (run.words.length > 0) part.words = run.words;
    return part;
  });
}

/** whisper.cpp `-ojf` tokens whose text is a control token, not speech: `[_BEG_]`, `[_TT_150]`, `<|endoftext|>`. */
const specialToken = /^\s*(?:\[_[A-Z]+_?\d*\]|<\|[^|]*\|>)\s*$/;

/**
 * Timed words from whisper.cpp `-ojf` tokens (`{ text, offsets: { from, to } }`, milliseconds): sub-word tokens
 * are joined; a token starting with a space starts a new word; punctuation tokens end the word before them.
 */
function wordsOfTokens(tokens: unknown[]): Word[] {
  const words: Word[] = [];
  let open: Word | null = null;
  for (const t of tokens) {
    if (!t || typeof t !== 'object') continue;
    const o = t as Record<string, unknown>;
    const raw = typeof o.text === 'string' ? o.text : '';
    if (!raw.trim() || specialToken.test(raw)) continue;
    const offsets = o.offsets as Record<string, unknown> | undefined;
    const from = offsets && typeof offsets === 'object' ? num(offsets.from) : null;
    const to = offsets && typeof offsets === 'object' ? num(offsets.to) : null;
    const startsWord = open === null || /^\s/.test(raw);
    if (startsWord && !/^[\p{P}]+$/u.test(raw.trim())) {
      if (from === null) continue;
      open = { start_s: from / 1000, end_s: (to ?? from) / 1000, text: raw.trim() };
      words.push(open);
    } else if (open) {
      open.text += raw.trim();
      if (to !== null) open.end_s = Math.max(open.end_s, to / 1000);
    }
  }
  return words;
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
