/**
 * The rush player: plays a media citation from the moment its words are spoken (a quotation's, else the
 * searched words', else the in point) less a pre-roll (a setting, default 1 s), shows the passage's in and
 * out, stops or loops at its out point (the user's choice, remembered), shows the source timecode of the frame on screen, steps by frames with the arrow
 * keys, and copies reel + TC for the edit suite. Waits, showing progress, while a browser proxy is made.
 */
import { realFps } from '../../core/timecode.ts';
import { fetchPlayback } from './api.ts';
import { momentOf, playFrom, prerollSeconds, setPrerollSeconds, type CardTarget } from './citation-cards.ts';
import { errorText } from './server-text.ts';
import { el, replaceChildren } from './dom.ts';
import { clockOf, clockTime, playerTime, timecodeOnClock, type SourceClock } from './format.ts';
import { t } from './i18n.ts';

type AtEnd = 'stop' | 'loop';
const AT_END_KEY = 'darkroom.atEnd';

/** Fills `pane` with a player for `target` under `head`, the cited passage below. Returns a function that stops it. */
export function openPlayer(pane: HTMLElement, target: CardTarget, parts: { head: HTMLElement; passage: HTMLElement }): () => void {
  let start = playFrom(target);
  const inPoint = target.start_s ?? 0;
  const moment = momentOf(target);
  const clock = clockOf(target);
  const video = el('video', { class: 'player-video', controls: true, preload: 'auto', playsinline: true, 'data-play-from': start });
  const tc = el('span', { class: 'tc mono', 'data-testid': 'player-tc' }, playerTime(clock, start));
  const status = el('p', { class: 'viewer-status' });
  const say = (text: string, isError = false) => {
    status.textContent = text;
    status.classList.toggle('error', isError);
  };
  const seekTo = (at: number) => {
    video.currentTime = at;
    void video.play().catch(() => undefined);
  };
  const seekIn = () => seekTo(start);
  const preroll = el('input', {
    type: 'number',
    class: 'preroll mono',
    min: 0,
    max: 10,
    step: 0.5,
    value: prerollSeconds(),
    'data-testid': 'preroll',
    'aria-label': t('viewer.preroll'),
    onchange: (e: Event) => {
      setPrerollSeconds(Number((e.target as HTMLInputElement).value));
      start = playFrom(target);
      video.setAttribute('data-play-from', String(start));
    },
  });
  const copyTc = async () => {
    const text = `${target.reel ? `${target.reel} ` : ''}${playerTime(clock, video.currentTime)}`;
    try {
      await navigator.clipboard.writeText(text);
      say(`${t('viewer.copied')} ${text}`);
    } catch {
      say(text);
    }
  };
  replaceChildren(
    pane,
    parts.head,
    video,
    timecodeRow(clock, tc, inPoint, target.end_s, moment),
    el(
      'div',
      { class: 'player-controls' },
      el('span', { class: 'tc-label' }, t('viewer.atEnd')),
      el('span', { class: 'segmented' }, atEndChoice('stop'), atEndChoice('loop')),
      el('button', { type: 'button', class: 'ghost', 'data-testid': 'replay', onclick: seekIn }, t('viewer.replayClip')),
      el('button', { type: 'button', class: 'ghost', onclick: () => seekTo(inPoint) }, t('viewer.fromIn')),
      el('label', { class: 'tc-label' }, t('viewer.preroll'), ' ', preroll),
      el('button', { type: 'button', class: 'ghost', 'data-testid': 'copy-tc', onclick: () => void copyTc() }, t('viewer.copyTc')),
    ),
    el('p', { class: 'viewer-hint' }, t('viewer.keys')),
    status,
    parts.passage,
  );
  video.addEventListener('loadedmetadata', seekIn, { once: true });
  video.addEventListener('error', () => {
    if (video.getAttribute('src')) say(t('viewer.mediaError', { reason: video.error?.message || String(video.error?.code ?? '') }), true);
  });
  const stops = [
    watchKeys(video, clock ? 1 / realFps(clock.rate) : 0.04),
    followFrames(video, { clock, tc, start: () => start, end: target.end_s }),
    loadWhenPlayable(video, target.source_id, say),
  ];
  return () => {
    for (const stop of stops) stop();
    video.pause();
    video.removeAttribute('src');
    video.load();
  };
}

function timecodeRow(clock: SourceClock | null, tc: HTMLElement, start: number, end: number | null, moment: number | null): HTMLElement {
  // In and out as the cards write them: source TC, or HH:MM:SS for media without one.
  const at = (seconds: number) => (clock ? timecodeOnClock(clock, seconds) : clockTime(seconds));
  return el(
    'div',
    { class: 'tc-row' },
    el('span', { class: 'tc-label' }, clock ? t('viewer.sourceTc') : t('viewer.fileTime')),
    tc,
    el(
      'span',
      { class: 'inout mono' },
      el('span', { class: 'tc-label' }, t('viewer.in')),
      ` ${at(start)}  `,
      el('span', { class: 'tc-label' }, t('viewer.out')),
      ` ${end !== null ? at(end) : '—'}`,
      moment !== null && moment !== start ? el('span', { class: 'tc-label' }, `  ${t('viewer.moment')}`) : null,
      moment !== null && moment !== start ? el('span', { 'data-testid': 'player-moment' }, ` ${at(moment)}`) : null,
    ),
  );
}

function atEndChoice(value: AtEnd): HTMLElement {
  const chosen = (localStorage.getItem(AT_END_KEY) as AtEnd | null) ?? 'stop';
  return el(
    'label',
    { class: 'seg' },
    el('input', { type: 'radio', name: 'at-end', value, checked: chosen === value, onchange: () => localStorage.setItem(AT_END_KEY, value) }),
    el('span', {}, t(value === 'stop' ? 'viewer.stop' : 'viewer.loop')),
  );
}

/** Space plays or pauses; arrows step one frame (Shift: one second). Ignored while typing. */
function watchKeys(video: HTMLVideoElement, frameSeconds: number): () => void {
  const onKey = (e: KeyboardEvent) => {
    if (!video.isConnected || (e.target as HTMLElement | null)?.closest('input, textarea, select, button')) return;
    if (e.key === ' ') {
      e.preventDefault();
      if (video.paused) void video.play().catch(() => undefined);
      else video.pause();
    } else if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
      e.preventDefault();
      video.pause();
      const step = e.shiftKey ? 1 : frameSeconds;
      video.currentTime = Math.max(0, video.currentTime + (e.key === 'ArrowLeft' ? -step : step));
    }
  };
  document.addEventListener('keydown', onKey);
  return () => document.removeEventListener('keydown', onKey);
}

/**
 * Updates the TC readout every animation frame, and stops or loops at the out point. While playing it
 * shows the timecode of the frame on screen (its presentation time), not of the audio clock.
 */
function followFrames(video: HTMLVideoElement, clip: { clock: SourceClock | null; tc: HTMLElement; start: () => number; end: number | null }): () => void {
  let running = true;
  let presented: number | null = null;
  const onFrame = (_now: number, meta: VideoFrameCallbackMetadata) => {
    presented = meta.mediaTime;
    if (running) video.requestVideoFrameCallback(onFrame);
  };
  if ('requestVideoFrameCallback' in video) video.requestVideoFrameCallback(onFrame);
  const atEnd = (): AtEnd => (video.parentElement?.querySelector<HTMLInputElement>('input[name="at-end"]:checked')?.value as AtEnd | undefined) ?? 'stop';
  let frame = 0;
  const tick = () => {
    clip.tc.textContent = playerTime(clip.clock, video.paused || video.seeking || presented === null ? video.currentTime : presented);
    if (clip.end !== null && !video.paused && video.currentTime >= clip.end) {
      if (atEnd() === 'loop') video.currentTime = clip.start();
      else {
        video.pause();
        video.currentTime = clip.end;
      }
    }
    frame = requestAnimationFrame(tick);
  };
  frame = requestAnimationFrame(tick);
  return () => {
    running = false;
    cancelAnimationFrame(frame);
  };
}

/** Asks whether the rush plays now; while its proxy is being made, says how far it has got, then loads it. */
function loadWhenPlayable(video: HTMLVideoElement, sourceId: string, say: (text: string, isError?: boolean) => void): () => void {
  let stopped = false;
  let poll = 0;
  const load = async () => {
    try {
      const playback = await fetchPlayback(sourceId);
      if (stopped) return;
      if (playback.error) return say(t('viewer.mediaError', { reason: playback.error }), true);
      if (!playback.ready) {
        say(`${t('viewer.preparing')}${playback.progress !== null ? ` ${Math.round(playback.progress * 100)} %` : ''}`);
        poll = window.setTimeout(() => void load(), 1000);
        return;
      }
      say('');
      video.src = `/media/${encodeURIComponent(sourceId)}`;
    } catch (err) {
      say(t('viewer.mediaError', { reason: errorText(err) }), true);
    }
  };
  void load();
  return () => {
    stopped = true;
    clearTimeout(poll);
  };
}
