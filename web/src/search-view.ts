/** Search without the LLM: the same hybrid search as `darkroom search`, with kind, speaker and language filters. */
import type { SourceKind } from '../../core/types.ts';
import { search } from './api.ts';
import { hitTarget, renderCard, type CardTarget } from './citation-cards.ts';
import { errorText, serverText } from './server-text.ts';
import { el, replaceChildren } from './dom.ts';
import { t, type MessageKey } from './i18n.ts';

const kinds: SourceKind[] = ['media', 'transcript', 'letter', 'document', 'pdf', 'image'];

/** Builds the search screen inside `root`. */
export function mountSearch(root: HTMLElement, ctx: { corpus(): string | null; openTarget(target: CardTarget): void }): void {
  const query = el('input', { type: 'search', placeholder: t('search.placeholder'), 'data-testid': 'search-query' });
  const kind = el('select', {}, el('option', { value: '' }, t('search.any')), ...kinds.map((k) => el('option', { value: k }, t(`kind.${k}` as MessageKey))));
  const speaker = el('input', { type: 'text', class: 'narrow', placeholder: t('search.any') });
  const language = el('select', {}, el('option', { value: '' }, t('search.any')), el('option', { value: 'en' }, 'en'), el('option', { value: 'fr' }, 'fr'));
  const status = el('p', { class: 'dim' });
  const results = el('ol', { class: 'cards', 'data-testid': 'search-results' });

  const run = async () => {
    const q = query.value.trim();
    if (!q) return;
    status.textContent = '…';
    const corpus = ctx.corpus();
    const filters = {
      ...(kind.value ? { kind: kind.value as SourceKind } : {}),
      ...(speaker.value.trim() ? { speaker: speaker.value.trim() } : {}),
      ...(language.value ? { language: language.value } : {}),
    };
    try {
      const r = await search({ query: q, limit: 30, ...(corpus ? { corpus } : {}), ...(Object.keys(filters).length ? { filters } : {}) });
      status.textContent = [r.hits.length ? t('search.results', { count: r.hits.length }) : (r.empty ? serverText(r.empty) : t('search.none')), ...r.notes.map(serverText)].join(' · ');
      replaceChildren(results, ...r.hits.map((h, i) => renderCard(hitTarget(h, i + 1), ctx.openTarget)));
    } catch (err) {
      status.textContent = t('error.generic', { message: errorText(err) });
      replaceChildren(results);
    }
  };

  const label = (text: string, control: HTMLElement) => el('label', { class: 'filter' }, el('span', { class: 'tc-label' }, text), control);
  replaceChildren(
    root,
    el(
      'div',
      { class: 'search-pane' },
      el(
        'form',
        { class: 'search-form', onsubmit: (e) => { e.preventDefault(); void run(); } },
        query,
        el('button', { type: 'submit', class: 'primary' }, t('search.go')),
        el('div', { class: 'filters' }, label(t('search.kind'), kind), label(t('search.speaker'), speaker), label(t('search.language'), language)),
      ),
      status,
      results,
    ),
  );
}
