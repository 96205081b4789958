/**
 * The chain behind an answer: how it was retrieved (passages, scores, which were cited), the exact prompt,
 * the model and its file hash, the settings and seed, what it cost, and a Replay button.
 */
import type { AnswerRecord } from '../../core/protocol/chat.ts';
import { orderCitations } from '../../core/protocol/citation-order.ts';
import type { RecordedPassage } from '../../core/protocol/chat.ts';
import { replayAnswer } from './api.ts';
import { errorText, serverText } from './server-text.ts';
import { el, replaceChildren } from './dom.ts';
import { baseName, citationPlace, formatNumber } from './format.ts';
import { t, type MessageKey } from './i18n.ts';

function row(label: string, value: string | Node, testid?: string): HTMLElement {
  return el('div', { class: 'kv' }, el('dt', {}, label), el('dd', testid ? { 'data-testid': testid } : {}, value));
}

function measured(value: number | null, unit: string, digits = 2): string {
  return value === null ? t('chain.notMeasurable') : `${formatNumber(value, digits)} ${unit}`.trim();
}

/**
 * One retrieved passage: whether the answer cites it (and as which number), its file, page or timecode,
 * speaker and first words, then its scores. Records made before places were kept show the passage id.
 */
function renderPassage(p: RecordedPassage, citedAs: number | null): HTMLElement {
  const place = p.path === undefined ? '' : citationPlace({ page: p.page ?? null, tc_in: p.tc_in ?? null, tc_out: p.tc_out ?? null, start_s: p.start_s ?? null, end_s: p.end_s ?? null }, t('cite.page'));
  return el(
    'li',
    { class: p.cited ? 'cited' : '', 'data-n': p.n, 'data-cited': String(p.cited) },
    el(
      'div',
      { class: 'chain-passage-head' },
      el('span', { class: p.cited ? 'badge ok' : 'badge', 'data-testid': 'chain-cited' }, p.cited ? `${t('chain.cited')}${citedAs === null ? '' : ` [${citedAs}]`}` : t('chain.notCited')),
      p.kind ? el('span', { class: 'card-kind' }, t(`kind.${p.kind}` as MessageKey)) : null,
      p.path ? el('span', { class: 'card-file', title: p.path, 'data-testid': 'chain-file' }, baseName(p.path)) : el('span', { class: 'mono dim id' }, p.id),
      place ? el('span', { class: 'card-place mono', 'data-testid': 'chain-place' }, place) : null,
      p.speaker ? el('span', { class: 'card-speaker', 'data-testid': 'chain-speaker' }, p.speaker) : null,
    ),
    p.excerpt ? el('div', { class: 'chain-excerpt', 'data-testid': 'chain-excerpt' }, `“${p.excerpt}”`) : null,
    el(
      'div',
      { class: 'mono dim chain-scores' },
      `#${p.n} · ${t('chain.score')} ${formatNumber(p.score, 4)} · bm25 #${p.why.bm25_rank ?? '–'} · vec #${p.why.vector_rank ?? '–'}${p.why.translation_rank ? ` · dict #${p.why.translation_rank}` : ''}`,
    ),
  );
}

/** Fills `pane` with the chain of `record`. */
export function renderChain(pane: HTMLElement, record: AnswerRecord): void {
  const { model, settings, cost, retrieval } = record;
  const status = el('span', { class: 'replay-status', 'data-testid': 'replay-status' });
  const replay = el('button', {
    type: 'button',
    class: 'primary',
    onclick: async () => {
      replay.disabled = true;
      status.textContent = t('chain.replaying');
      try {
        const result = await replayAnswer(record.id);
        status.textContent = [result.identical ? t('chain.replayIdentical') : t('chain.replayDifferent'), ...result.notes.map(serverText)].join(' ');
      } catch (err) {
        status.textContent = t('error.generic', { message: errorText(err) });
      } finally {
        replay.disabled = false;
      }
    },
  }, t('chain.replay'));

  // Cited passages carry the number the answer shows (1..n in order of use); the others their rank.
  const shown = orderCitations(record.answer, record.citations.map((c) => c.n));
  const passages = el('ol', { class: 'chain-passages', 'data-testid': 'chain-passages' });
  for (const p of retrieval.passages) passages.appendChild(renderPassage(p, shown.get(p.n) ?? null));

  const energy = cost.energy_j === null ? `${t('chain.notMeasurable')}` : `${formatNumber(cost.energy_j, 1)} J`;
  replaceChildren(
    pane,
    el('h2', {}, t('chain.title')),
    el('div', { class: 'chain-actions' }, replay, status),
    el(
      'dl',
      { class: 'chain-grid' },
      row(t('chain.answerId'), el('span', { class: 'mono' }, record.id)),
      row(t('chain.mode'), record.mode === 'llm' ? t('chat.mode.llm') : t('chat.mode.extractive'), 'chain-mode'),
      row(t('chain.retrieval'), `${retrieval.semantic ? t('chain.semantic') : t('chain.lexical')} — “${retrieval.query}”`),
      row(t('chain.tableVersion'), String(retrieval.table_version ?? '—')),
      retrieval.embedder ? row(t('chain.embedder'), el('span', { class: 'mono' }, `${retrieval.embedder.name} · ${retrieval.embedder.sha256.slice(0, 16)}…`)) : null,
      row(t('chain.model'), model.backend === 'none' ? t('chain.noModel') : `${model.name} (${model.backend}${model.gpu ? `, ${model.gpu}` : ''})`, 'chain-model'),
      model.sha256 ? row(t('chain.sha256'), el('span', { class: 'mono hash' }, model.sha256), 'chain-sha256') : null,
      settings
        ? row(
            t('chain.settings'),
            el('span', { class: 'mono' }, `${t('chain.seed')} ${settings.seed} · temp ${settings.temperature} · top_k ${settings.top_k} · top_p ${settings.top_p} · max ${settings.max_tokens}${settings.threads ? ` · threads ${settings.threads}` : ''}${model.context_size ? ` · ctx ${model.context_size}` : ''}`),
          )
        : null,
    ),
    el('h3', {}, t('chain.cost')),
    el(
      'dl',
      { class: 'chain-grid cost', 'data-testid': 'chain-cost' },
      row(t('chain.wall'), `${formatNumber(cost.wall_s, 3)} s`),
      row(t('chain.retrievalTime'), `${formatNumber(cost.retrieval_s, 3)} s`),
      row(t('chain.ttft'), measured(cost.ttft_s, 's', 3)),
      row(t('chain.tokensIn'), measured(cost.tokens_in, '', 0)),
      row(t('chain.tokensOut'), measured(cost.tokens_out, '', 0)),
      row(t('chain.tps'), measured(cost.tokens_per_s, '', 1)),
      row(t('chain.memory'), `${formatNumber(cost.peak_rss_mb, 0)} MB`),
      row(t('chain.vram'), measured(cost.vram_mb, 'MB', 0)),
      row(t('chain.energy'), energy),
    ),
    cost.notes.length ? el('ul', { class: 'notes' }, ...cost.notes.map((n) => el('li', {}, serverText(n)))) : null,
    retrieval.notes.length ? el('ul', { class: 'notes' }, ...retrieval.notes.map((n) => el('li', {}, serverText(n)))) : null,
    el('h3', {}, t('chain.passages')),
    passages,
    el('h3', {}, t('chain.prompt')),
    record.prompt === null ? el('p', { class: 'dim' }, t('chain.noPrompt')) : el('pre', { class: 'prompt', 'data-testid': 'chain-prompt' }, record.prompt),
    record.mode === 'llm' ? el('h3', {}, t('chain.output')) : null,
    record.mode === 'llm' ? el('pre', { class: 'prompt' }, record.output) : null,
  );
}
