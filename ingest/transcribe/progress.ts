/** The per-file progress note of a transcription: real-time factor and time left. Pure. */

export interface TranscribeProgress {
  /** 0..1 of the file's duration done. */
  fraction: number;
  /** Seconds of media processed per second of work (×RT); null before anything is done. */
  speed: number | null;
  /** Seconds of work left at the current speed; null when unknown. */
  eta_s: number | null;
  /** "12.4 of 46.4 s · ×3.1 RT · ETA 0:11" */
  note: string;
}

/**
 * @param doneS seconds of media processed so far
 * @param totalS the media's duration in seconds
 * @param elapsedS seconds of work so far
 */
export function describeProgress(doneS: number, totalS: number, elapsedS: number): TranscribeProgress {
  const done = Math.max(0, Math.min(doneS, totalS));
  const fraction = totalS > 0 ? done / totalS : 0;
  const speed = done > 0 && elapsedS > 0 ? done / elapsedS : null;
  const eta = speed ? (totalS - done) / speed : null;
  const parts = [`${done.toFixed(1)} of ${totalS.toFixed(1)} s`];
  if (speed !== null) parts.push(`×${speed >= 10 ? speed.toFixed(0) : speed.toFixed(1)} RT`);
  if (eta !== null) parts.push(`ETA ${formatDuration(eta)}`);
  return { fraction, speed, eta_s: eta, note: parts.join(' · ') };
}

/** 75 -> "1:15", 3725 -> "1:02:05". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}
