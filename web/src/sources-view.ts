/** Sources: what a corpus holds, per source its state (with the failure reason), kind, length and language. */
import type { SourceRecord } from '../../core/types.ts';
import { fetchSources, getJson, type SourceText } from './api.ts';
import { errorText } from './server-text.ts';
import { el, replaceChildren } from './dom.ts';
import { baseName, commonFolder, folderUnder, formatBytes, formatDuration, passageSpan } from './format.ts';
import { t, type MessageKey } from './i18n.ts';

/**
 * A source's length. A transcript's duration_s is its last cue's end, which reads "14 h 07 min" when its
 * cues carry a time-of-day clock: a transcript shows the span of its passages instead (filled in by
 * {@link fillSpan}), never that figure.
 */
function length(s: SourceRecord): string {
  if (s.kind === 'transcript') return '';
  if (s.duration_s !== null) return formatDuration(s.duration_s);
  if (s.pages !== null) return t('sources.pages', { pages: s.pages });
  return formatBytes(s.bytes);
}

/** Writes the time span of a transcript's passages (GET /media/<id>/text) into `cell`. */
async function fillSpan(cell: HTMLElement, s: SourceRecord): Promise<void> {
  try {
    const doc = await getJson<SourceText>(`/media/${encodeURIComponent(s.id)}/text`);
    cell.textContent = passageSpan(doc.passages) || formatBytes(s.bytes);
  } catch {
    cell.textContent = formatBytes(s.bytes);
  }
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
      const root = commonFolder(sources.map((s) => s.path));
      const spans: Array<[HTMLElement, SourceRecord]> = [];
      replaceChildren(
        body,
        ...sources.map((s) => {
          const len = el('td', { class: 'mono length' }, length(s));
          if (s.kind === 'transcript' && s.state === 'ingested') spans.push([len, s]);
          const folder = folderUnder(s.path, root);
          return el(
            'tr',
            { class: `state-${s.state}` },
            el(
              'td',
              { title: s.path },
              el('div', { class: 'file-name' }, corpus ? null : el('span', { class: 'badge' }, s.corpus), corpus ? null : ' ', baseName(s.path)),
              folder ? el('div', { class: 'dim small' }, folder) : null,
            ),
            el('td', {}, t(`kind.${s.kind}` as MessageKey)),
            el('td', {}, el('span', { class: `badge ${s.state === 'failed' ? 'bad' : s.state === 'ingested' ? 'ok' : 'warn'}` }, t(`state.${s.state}` as MessageKey)), s.error ? el('div', { class: 'small error-text' }, s.error) : null),
            len,
            el('td', { class: 'mono' }, s.language),
            el('td', { class: 'mono' }, s.passages),
          );
        }),
      );
      await Promise.all(spans.map(([cell, s]) => fillSpan(cell, s)));
    } catch (err) {
      summary.textContent = t('error.generic', { message: errorText(err) });
      replaceChildren(body);
    }
  };
}
