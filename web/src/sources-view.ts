/** Sources: what a corpus holds, per source its state (with the failure reason), kind, length and language. */
import type { SourceRecord } from '../../core/types.ts';
import { fetchSources } from './api.ts';
import { el, replaceChildren } from './dom.ts';
import { baseName, formatBytes, formatDuration } from './format.ts';
import { t, type MessageKey } from './i18n.ts';

function length(s: SourceRecord): string {
  if (s.duration_s !== null) return formatDuration(s.duration_s);
  if (s.pages !== null) return t('sources.pages', { pages: s.pages });
  return formatBytes(s.bytes);
}

/** Builds the sources screen inside `root`; call the returned function to reload it. */
export function mountSources(root: HTMLElement, ctx: { corpus(): string | null }): () => Promise<void> {
  const summary = el('p', { class: 'dim' });
  const body = el('tbody');
  const table = el(
    'table',
    { class: 'sources', 'data-testid': 'sources-table' },
    el('thead', {}, el('tr', {}, ...(['sources.file', 'sources.kind', 'sources.state', 'sources.length', 'sources.language', 'sources.passages'] as MessageKey[]).map((k) => el('th', {}, t(k))))),
    body,
  );
  replaceChildren(root, el('div', { class: 'sources-pane' }, summary, table));

  return async () => {
    try {
      const corpus = ctx.corpus();
      const sources = await fetchSources(corpus);
      const failed = sources.filter((s) => s.state === 'failed').length;
      const passages = sources.reduce((sum, s) => sum + s.passages, 0);
      summary.textContent = sources.length ? t('sources.summary', { sources: sources.length, passages, failed }) : t('sources.empty');
      replaceChildren(
        body,
        ...sources.map((s) =>
          el(
            'tr',
            { class: `state-${s.state}` },
            el('td', { title: s.path }, el('div', {}, corpus ? null : el('span', { class: 'badge' }, s.corpus), corpus ? null : ' ', baseName(s.path)), el('div', { class: 'dim small' }, s.path)),
            el('td', {}, t(`kind.${s.kind}` as MessageKey)),
            el('td', {}, el('span', { class: `badge ${s.state === 'failed' ? 'bad' : s.state === 'ingested' ? 'ok' : 'warn'}` }, t(`state.${s.state}` as MessageKey)), s.error ? el('div', { class: 'small error-text' }, s.error) : null),
            el('td', { class: 'mono' }, length(s)),
            el('td', { class: 'mono' }, s.language),
            el('td', { class: 'mono' }, s.passages),
          ),
        ),
      );
    } catch (err) {
      summary.textContent = t('error.generic', { message: (err as Error).message });
      replaceChildren(body);
    }
  };
}
