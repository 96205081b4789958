/**
 * The side viewer: a media citation plays in the rush player (player.ts); a PDF citation opens the
 * browser's PDF viewer at the page; a text citation shows the document (or the transcript's passages)
 * with the cited passage highlighted.
 */
import { getJson, type SourceText } from './api.ts';
import { isPlayable, type CardTarget } from './citation-cards.ts';
import { errorText } from './server-text.ts';
import { el, replaceChildren } from './dom.ts';
import { baseName, citationPlace } from './format.ts';
import { splitByQuotes } from './highlight.ts';
import { t } from './i18n.ts';
import { openPlayer } from './player.ts';

/** Shows `target` in `pane` (emptied first). Returns a function that stops playback. */
export function openTarget(pane: HTMLElement, target: CardTarget): () => void {
  if (isPlayable(target)) return openPlayer(pane, target, { head: header(target), passage: el('blockquote', { class: 'viewer-text' }, markedPassage(target.text, target)) });
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
    replaceChildren(body, el('p', { class: 'viewer-status error' }, t('error.generic', { message: errorText(err) })), el('blockquote', { class: 'viewer-text' }, target.text));
  }
}
