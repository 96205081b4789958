/** Source cards: where a cited (or found) passage is, who speaks, and the passage itself; a click opens it. */
import { DEFAULT_PREROLL_S, playbackStart } from '../../core/moments/moment.ts';
import type { Citation } from '../../core/protocol/chat.ts';
import type { SearchHit } from '../../core/types.ts';
import { el } from './dom.ts';
import { baseName, citationPlace } from './format.ts';
import { t, type MessageKey } from './i18n.ts';

/** What a card shows and what opening it needs: a citation, or a search hit numbered for display. */
export type CardTarget = Pick<
  Citation,
  'n' | 'source_id' | 'path' | 'kind' | 'title' | 'page' | 'char_start' | 'char_end' | 'start_s' | 'end_s' | 'tc_in' | 'tc_out' | 'fps' | 'reel' | 'speaker' | 'text'
> & {
  passage_id: string;
  quotes?: Citation['quotes'];
  score?: number;
  match_s?: number | null | undefined;
  match_tc?: string | null | undefined;
  /** The moment chosen to play (a quotation's), overriding the target's own. */
  play_s?: number | null | undefined;
};

const PREROLL_KEY = 'darkroom.preroll';

/** The pre-roll before a moment, in seconds (a setting kept in the browser; default 1 s, 0 to 10). */
export function prerollSeconds(): number {
  const stored = Number(globalThis.localStorage?.getItem(PREROLL_KEY) ?? NaN);
  return Number.isFinite(stored) && stored >= 0 && stored <= 10 ? stored : DEFAULT_PREROLL_S;
}

/** Keeps the pre-roll setting. */
export function setPrerollSeconds(seconds: number): void {
  if (Number.isFinite(seconds) && seconds >= 0 && seconds <= 10) globalThis.localStorage?.setItem(PREROLL_KEY, String(seconds));
}

/**
 * Where a target's words are spoken: the chosen quotation's moment, else its first timed quotation's, else
 * where the searched words are (`match_s`), else the passage's in point.
 */
export function momentOf(target: Pick<CardTarget, 'play_s' | 'quotes' | 'match_s' | 'start_s'>): number | null {
  const quoted = target.quotes?.find((q) => q.verified && typeof q.start_s === 'number')?.start_s;
  return target.play_s ?? quoted ?? target.match_s ?? target.start_s;
}

/** Where the player starts a target: its moment less the pre-roll. */
export function playFrom(target: Pick<CardTarget, 'play_s' | 'quotes' | 'match_s' | 'start_s'>, preroll = prerollSeconds()): number {
  const moment = momentOf(target);
  return moment === null ? 0 : playbackStart(moment, preroll);
}

/** A search hit as a card target. */
export function hitTarget(hit: SearchHit, n: number): CardTarget {
  return { ...hit, n, passage_id: hit.id, score: hit.score };
}

/** True when the target plays in the media player rather than opening as a document. */
export function isPlayable(target: Pick<CardTarget, 'kind' | 'start_s'>): boolean {
  return target.kind === 'media' && target.start_s !== null;
}

const MAX_CARD_TEXT = 420;

/**
 * One card. `onOpen` runs on click (and Enter/Space, it is a button). `shown` is the number the card
 * displays (a citation's place in the answer, 1..n); `data-n` keeps the passage's number in the prompt.
 */
export function renderCard(target: CardTarget, onOpen: (target: CardTarget) => void, shown: number = target.n): HTMLLIElement {
  const place = citationPlace(target, t('cite.page'));
  const text = target.text.replace(/\s+/g, ' ').trim();
  const playable = isPlayable(target);
  const card = el(
    'li',
    {
      class: 'card',
      'data-n': target.n,
      'data-shown': shown,
      'data-kind': target.kind,
      'data-start-s': target.start_s,
      'data-end-s': target.end_s,
      'data-page': target.page,
      'data-moment-s': playable ? momentOf(target) : null,
    },
    el(
      'button',
      { type: 'button', class: 'card-head', title: isPlayable(target) ? t('cite.play') : t('cite.open'), onclick: () => onOpen(target) },
      el('span', { class: 'card-n' }, shown),
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
    const timed = playable && q.verified && typeof q.start_s === 'number';
    card.appendChild(
      el(
        'p',
        { class: q.verified ? 'quote verified' : 'quote unverified' },
        timed
          ? el('button', { type: 'button', class: 'ghost quote-play mono', 'data-moment-s': q.start_s, title: t('cite.playQuote'), onclick: () => onOpen({ ...target, play_s: q.start_s }) }, `▶ ${q.tc ?? ''}`.trim())
          : null,
        `“${q.text}” — ${q.verified ? t('cite.quoteVerified') : t('cite.quoteUnverified')}`,
      ),
    );
  }
  return card;
}
