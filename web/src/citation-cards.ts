/** Source cards: where a cited (or found) passage is, who speaks, and the passage itself; a click opens it. */
import type { Citation } from '../../core/protocol/chat.ts';
import type { SearchHit } from '../../core/types.ts';
import { el } from './dom.ts';
import { baseName, citationPlace } from './format.ts';
import { t, type MessageKey } from './i18n.ts';

/** What a card shows and what opening it needs: a citation, or a search hit numbered for display. */
export type CardTarget = Pick<
  Citation,
  'n' | 'source_id' | 'path' | 'kind' | 'title' | 'page' | 'char_start' | 'char_end' | 'start_s' | 'end_s' | 'tc_in' | 'tc_out' | 'fps' | 'reel' | 'speaker' | 'text'
> & { passage_id: string; quotes?: Citation['quotes']; score?: number };

/** A search hit as a card target. */
export function hitTarget(hit: SearchHit, n: number): CardTarget {
  return { ...hit, n, passage_id: hit.id, score: hit.score };
}

/** True when the target plays in the media player rather than opening as a document. */
export function isPlayable(target: Pick<CardTarget, 'kind' | 'start_s'>): boolean {
  return target.kind === 'media' && target.start_s !== null;
}

const MAX_CARD_TEXT = 420;

/** One card. `onOpen` runs on click (and Enter/Space, it is a button). */
export function renderCard(target: CardTarget, onOpen: (target: CardTarget) => void): HTMLLIElement {
  const place = citationPlace(target, t('cite.page'));
  const text = target.text.replace(/\s+/g, ' ').trim();
  const card = el(
    'li',
    { class: 'card', 'data-n': target.n, 'data-kind': target.kind, 'data-start-s': target.start_s, 'data-end-s': target.end_s, 'data-page': target.page },
    el(
      'button',
      { type: 'button', class: 'card-head', title: isPlayable(target) ? t('cite.play') : t('cite.open'), onclick: () => onOpen(target) },
      el('span', { class: 'card-n' }, target.n),
      el('span', { class: 'card-kind' }, t(`kind.${target.kind}` as MessageKey)),
      el('span', { class: 'card-file', title: target.path }, baseName(target.path)),
      target.reel ? el('span', { class: 'card-reel mono' }, target.reel) : null,
      place ? el('span', { class: 'card-place mono' }, place) : null,
      target.speaker ? el('span', { class: 'card-speaker' }, target.speaker) : null,
      el('span', { class: 'card-action' }, isPlayable(target) ? `▶ ${t('cite.play')}` : t('cite.open')),
    ),
    el('blockquote', { class: 'card-text' }, text.length > MAX_CARD_TEXT ? `${text.slice(0, MAX_CARD_TEXT)}…` : text),
  );
  for (const q of target.quotes ?? []) {
    card.appendChild(
      el('p', { class: q.verified ? 'quote verified' : 'quote unverified' }, `“${q.text}” — ${q.verified ? t('cite.quoteVerified') : t('cite.quoteUnverified')}`),
    );
  }
  return card;
}
