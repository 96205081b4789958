/**
 * Whisper's output (transformers.js `automatic-speech-recognition` with `return_timestamps`) to cues, and
 * where to cut a long recording into windows. Pure.
 */
import type { Cue } from '../../core/subtitles/parse-subtitles.ts';

/** One chunk as transformers.js returns it: segment-level, or one word with `return_timestamps: 'word'`. */
export interface WhisperChunk {
  timestamp: [number | null, number | null] | number[];
  text: string;
}

/** The pipeline's output for one input (an array when several inputs were given). */
export interface WhisperOutput {
  text: string;
  chunks?: WhisperChunk[];
}

/** Word-level chunks are grouped into cues that end at a sentence end, a pause this long, or this length. */
export const WORD_PAUSE_S = 1.0;
export const MAX_CUE_S = 15;

/**
 * Cues from Whisper's output for one window of audio that starts `offsetS` seconds into the file and lasts
 * `windowS` seconds. A chunk without an end (Whisper stopped mid-segment) ends where the next begins, or at
 * the window's end. Word-level chunks (one word each) are grouped into sentence-like cues.
 */
export function cuesFromWhisperOutput(output: WhisperOutput | WhisperOutput[], offsetS: number, windowS: number): Cue[] {
  const outputs = Array.isArray(output) ? output : [output];
  const cues: Cue[] = [];
  for (const out of outputs) {
    const chunks = out.chunks ?? [];
    if (chunks.length === 0) {
      const text = out.text.trim();
      if (text) cues.push({ start_s: offsetS, end_s: offsetS + windowS, text });
      continue;
    }
    const timed = chunks.map((c, i) => {
      const start = Math.max(0, Math.min(c.timestamp[0] ?? 0, windowS));
      const next = chunks[i + 1]?.timestamp[0] ?? null;
      const end = Math.max(start, Math.min(c.timestamp[1] ?? next ?? windowS, windowS));
      return { start_s: offsetS + start, end_s: offsetS + end, text: c.text };
    });
    cues.push(...(isWordLevel(chunks) ? groupWords(timed) : timed.map((c) => ({ ...c, text: c.text.trim() })).filter((c) => c.text)));
  }
  return cues;
}

function isWordLevel(chunks: WhisperChunk[]): boolean {
  const words = chunks.filter((c) => c.text.trim().split(/\s+/).length === 1).length;
  return chunks.length > 2 && words / chunks.length > 0.9;
}

function groupWords(words: Cue[]): Cue[] {
  const cues: Cue[] = [];
  let cur = null as Cue | null;
  for (const w of words) {
    const word = w.text.trim();
    if (!word) continue;
    if (cur && (w.start_s - cur.end_s > WORD_PAUSE_S || w.end_s - cur.start_s > MAX_CUE_S)) {
      cues.push(cur);
      cur = null;
    }
    cur = cur ? { ...cur, end_s: w.end_s, text: `${cur.text} ${word}` } : { start_s: w.start_s, end_s: w.end_s, text: word };
    if (/[.!?…]["»”]?$/.test(word)) {
      cues.push(cur);
      cur = null;
    }
  }
  if (cur) cues.push(cur);
  return cues;
}

/**
 * Where to end a window of `samples` so that no word is cut: the quietest 100 ms (lowest energy) in the
 * last `searchS` seconds. Returns a sample index in (0, samples.length].
 */
export function quietestCut(samples: Float32Array, sampleRate: number, searchS = 5): number {
  const frame = Math.max(1, Math.round(sampleRate / 10));
  const from = Math.max(0, samples.length - Math.round(searchS * sampleRate));
  let best = samples.length;
  let bestEnergy = Number.POSITIVE_INFINITY;
  for (let start = from; start + frame <= samples.length; start += frame) {
    let energy = 0;
    for (let i = start; i < start + frame; i++) energy += (samples[i] ?? 0) ** 2;
    if (energy < bestEnergy) {
      bestEnergy = energy;
      best = start + Math.floor(frame / 2);
    }
  }
  return Math.max(1, best);
}
