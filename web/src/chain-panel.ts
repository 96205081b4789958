/**
 * The chain behind an answer: how it was retrieved (passages, scores, which were cited), the exact prompt,
 * the model and its file hash, the settings and seed, what it cost, and a Replay button.
 */
import type { AnswerRecord } from '../../core/protocol/chat.ts';
import { replayAnswer } from './api.ts';
import { el, replaceChildren } from './dom.ts';
import { formatNumber } from './format.ts';
import { t } from './i18n.ts';

function row(label: string, value: string | Node, testid?: string): HTMLElement {
  return el('div', { class: 'kv' }, el('dt', {}, label), el('dd', testid ? { 'data-testid': testid } : {}, value));
}

function measured(value: number | null, unit: string, digits = 2): string {
  return value === null ? t('chain.notMeasurable') : `${formatNumber(value, digits)} ${unit}`.trim();
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
        status.textContent = [result.identical ? t('chain.replayIdentical') : t('chain.replayDifferent'), ...result.notes].join(' ');
      } catch (err) {
        status.textContent = t('error.generic', { message: (err as Error).message });
      } finally {
        replay.disabled = false;
      }
    },
  }, t('chain.replay'));

  const passages = el('ol', { class: 'chain-passages' });
  for (const p of retrieval.passages) {
    passages.appendChild(
      el(
        'li',
        { class: p.cited ? 'cited' : '' },
        el('span', { class: 'card-n' }, p.n),
        el('span', { class: 'mono' }, `${t('chain.score')} ${formatNumber(p.score, 4)}`),
        el('span', { class: 'mono dim' }, `bm25 #${p.why.bm25_rank ?? '–'} · vec #${p.why.vector_rank ?? '–'}${p.why.translation_rank ? ` · dict #${p.why.translation_rank}` : ''}`),
        el('span', { class: p.cited ? 'badge ok' : 'badge' }, p.cited ? t('chain.cited') : t('chain.notCited')),
        el('span', { class: 'mono dim id' }, p.id),
      ),
    );
  }

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
    cost.notes.length ? el('ul', { class: 'notes' }, ...cost.notes.map((n) => el('li', {}, n))) : null,
    retrieval.notes.length ? el('ul', { class: 'notes' }, ...retrieval.notes.map((n) => el('li', {}, n))) : null,
    el('h3', {}, t('chain.passages')),
    passages,
    el('h3', {}, t('chain.prompt')),
    record.prompt === null ? el('p', { class: 'dim' }, t('chain.noPrompt')) : el('pre', { class: 'prompt', 'data-testid': 'chain-prompt' }, record.prompt),
    record.mode === 'llm' ? el('h3', {}, t('chain.output')) : null,
    record.mode === 'llm' ? el('pre', { class: 'prompt' }, record.output) : null,
  );
}
