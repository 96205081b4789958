/**
 * The side viewer: a media citation plays the rush from its in point and stops or loops at its out point,
 * showing the source timecode as it plays; a PDF citation opens the browser's PDF viewer at the page; a
 * text citation shows the document (or the transcript's passages) with the cited passage highlighted.
 */
import { fetchPlayback, getJson, type SourceText } from './api.ts';
import { isPlayable, type CardTarget } from './citation-cards.ts';
import { el, replaceChildren } from './dom.ts';
import { realFps } from '../../core/timecode.ts';
import { baseName, citationPlace, clockOf, playerTime } from './format.ts';
import { splitByQuotes } from './highlight.ts';
import { t } from './i18n.ts';

type AtEnd = 'stop' | 'loop';
const AT_END_KEY = 'darkroom.atEnd';

/** Shows `target` in `pane` (emptied first). Returns a function that stops playback. */
export function openTarget(pane: HTMLElement, target: CardTarget): () => void {
  if (isPlayable(target)) return openMedia(pane, target);
  if (target.kind === 'pdf' || /\.pdf$/i.test(target.path)) openPdf(pane, target);
  else void openText(pane, target);
  return () => undefined;
}

function header(target: CardTarget): HTMLElement {
  const place = citationPlace(target, t('cite.page'));
  return el(
    'div',
    { class: 'viewer-head' },
    el('span', { class: 'card-n' }, target.n),
    el('span', { class: 'viewer-file', title: target.path }, baseName(target.path)),
    target.reel ? el('span', { class: 'card-reel mono' }, target.reel) : null,
    place ? el('span', { class: 'mono' }, place) : null,
    target.speaker ? el('span', { class: 'card-speaker' }, target.speaker) : null,
  );
}

/** The passage with the answer's verified quotations marked inside it. */
function markedPassage(text: string, target: CardTarget, attrs: Record<string, string> = {}): HTMLElement {
  const quotes = (target.quotes ?? []).filter((q) => q.verified).map((q) => q.text);
  return el('mark', attrs, ...splitByQuotes(text, quotes).map((r) => (r.quoted ? el('strong', { class: 'quote-hl' }, r.text) : r.text)));
}

function openMedia(pane: HTMLElement, target: CardTarget): () => void {
  const start = target.start_s ?? 0;
  const end = target.end_s;
  const clock = clockOf(target);
  const atEndChoice = (localStorage.getItem(AT_END_KEY) as AtEnd | null) ?? 'stop';
  const video = el('video', { class: 'player-video', controls: true, preload: 'auto', playsinline: true });
  const tc = el('span', { class: 'tc mono', 'data-testid': 'player-tc' }, playerTime(clock, start));
  const status = el('p', { class: 'viewer-status' });
  const radio = (value: AtEnd) =>
    el(
      'label',
      { class: 'seg' },
      el('input', {
        type: 'radio',
        name: 'at-end',
        value,
        checked: atEndChoice === value,
        onchange: () => localStorage.setItem(AT_END_KEY, value),
      }),
      el('span', {}, t(value === 'stop' ? 'viewer.stop' : 'viewer.loop')),
    );
  const atEnd = (): AtEnd => ((pane.querySelector('input[name="at-end"]:checked') as HTMLInputElement | null)?.value as AtEnd | undefined) ?? 'stop';
  const seekIn = () => {
    video.currentTime = start;
    void video.play().catch(() => undefined);
  };
  replaceChildren(
    pane,
    header(target),
    video,
    el(
      'div',
      { class: 'tc-row' },
      el('span', { class: 'tc-label' }, clock ? t('viewer.sourceTc') : t('viewer.fileTime')),
      tc,
      el(
        'span',
        { class: 'inout mono' },
        el('span', { class: 'tc-label' }, t('viewer.in')),
        ` ${playerTime(clock, start)}  `,
        el('span', { class: 'tc-label' }, t('viewer.out')),
        ` ${end !== null ? playerTime(clock, end) : '—'}`,
      ),
    ),
    el(
      'div',
      { class: 'player-controls' },
      el('span', { class: 'tc-label' }, t('viewer.atEnd')),
      el('span', { class: 'segmented' }, radio('stop'), radio('loop')),
      el('button', { type: 'button', class: 'ghost', onclick: seekIn }, t('viewer.replayClip')),
      el('button', { type: 'button', class: 'ghost', 'data-testid': 'copy-tc', onclick: () => void copyTc() }, t('viewer.copyTc')),
    ),
    el('p', { class: 'viewer-hint' }, t('viewer.keys')),
    status,
    el('blockquote', { class: 'viewer-text' }, markedPassage(target.text, target)),
  );
  let stopped = false;
  let poll = 0;
  const fail = (message: string) => {
    status.textContent = t('viewer.mediaError', { reason: message });
    status.classList.add('error');
  };
  const copyTc = async () => {
    const text = `${target.reel ? `${target.reel} ` : ''}${playerTime(clock, video.currentTime)}`;
    try {
      await navigator.clipboard.writeText(text);
      status.textContent = `${t('viewer.copied')} ${text}`;
    } catch {
      status.textContent = text;
    }
  };
  const frameSeconds = clock ? 1 / realFps(clock.rate) : 0.04;
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
  // While playing, show the timecode of the frame on screen (its presentation time), not of the audio clock.
  let presented: number | null = null;
  const onFrame = (_now: number, meta: VideoFrameCallbackMetadata) => {
    presented = meta.mediaTime;
    if (!stopped) video.requestVideoFrameCallback(onFrame);
  };
  if ('requestVideoFrameCallback' in video) video.requestVideoFrameCallback(onFrame);
  let frame = 0;
  const tick = () => {
    tc.textContent = playerTime(clock, video.paused || video.seeking || presented === null ? video.currentTime : presented);
    if (end !== null && !video.paused && video.currentTime >= end) {
      if (atEnd() === 'loop') video.currentTime = start;
      else {
        video.pause();
        video.currentTime = end;
      }
    }
    frame = requestAnimationFrame(tick);
  };
  video.addEventListener('loadedmetadata', () => {
    status.textContent = '';
    seekIn();
  }, { once: true });
  video.addEventListener('error', () => {
    if (video.getAttribute('src')) fail(video.error?.message || String(video.error?.code ?? ''));
  });
  const load = async () => {
    try {
      const playback = await fetchPlayback(target.source_id);
      if (stopped) return;
      if (playback.error) return fail(playback.error);
      if (!playback.ready) {
        status.textContent = `${t('viewer.preparing')}${playback.progress !== null ? ` ${Math.round(playback.progress * 100)} %` : ''}`;
        poll = window.setTimeout(() => void load(), 1000);
        return;
      }
      status.textContent = '';
      video.src = `/media/${encodeURIComponent(target.source_id)}`;
    } catch (err) {
      fail((err as Error).message);
    }
  };
  void load();
  frame = requestAnimationFrame(tick);
  return () => {
    document.removeEventListener('keydown', onKey);
    stopped = true;
    clearTimeout(poll);
    cancelAnimationFrame(frame);
    video.pause();
    video.removeAttribute('src');
    video.load();
  };
}

function openPdf(pane: HTMLElement, target: CardTarget): void {
  const url = `/media/${encodeURIComponent(target.source_id)}${target.page !== null ? `#page=${target.page}` : ''}`;
  replaceChildren(
    pane,
    header(target),
    el('iframe', { class: 'pdf-frame', src: url, title: baseName(target.path), 'data-testid': 'pdf-frame' }),
    el('p', { class: 'viewer-status' }, el('a', { href: url, target: '_blank', rel: 'noopener' }, t('viewer.openTab'))),
    el('div', { class: 'tc-label' }, target.page !== null ? t('viewer.page', { page: target.page }) : t('viewer.passage')),
    el('blockquote', { class: 'viewer-text' }, markedPassage(target.text, target)),
  );
}

async function openText(pane: HTMLElement, target: CardTarget): Promise<void> {
  const body = el('div', { class: 'doc-body' });
  replaceChildren(pane, header(target), body);
  try {
    const doc = await getJson<SourceText>(`/media/${encodeURIComponent(target.source_id)}/text`);
    if (doc.text !== null && target.char_start !== null && target.char_end !== null && target.page === null) {
      const mark = markedPassage(doc.text.slice(target.char_start, target.char_end), target, { 'data-testid': 'doc-highlight' });
      replaceChildren(body, el('pre', { class: 'doc-text' }, doc.text.slice(0, target.char_start), mark, doc.text.slice(target.char_end)));
      mark.scrollIntoView({ block: 'center' });
      return;
    }
    let marked: HTMLElement | null = null;
    const list = el('div', { class: 'doc-passages' });
    for (const p of doc.passages) {
      const place = citationPlace({ ...p, tc_in: null, tc_out: null }, t('cite.page'));
      const item = el('p', { class: 'doc-passage' }, place ? el('span', { class: 'mono tc-label' }, `${place}  `) : null, p.speaker ? el('b', {}, `${p.speaker}: `) : null, p.text);
      if (p.id === target.passage_id) {
        item.classList.add('hl');
        item.setAttribute('data-testid', 'doc-highlight');
        marked = item;
      }
      list.appendChild(item);
    }
    replaceChildren(body, list);
    (marked as HTMLElement | null)?.scrollIntoView({ block: 'center' });
  } catch (err) {
    replaceChildren(body, el('p', { class: 'viewer-status error' }, t('error.generic', { message: (err as Error).message })), el('blockquote', { class: 'viewer-text' }, target.text));
  }
}
