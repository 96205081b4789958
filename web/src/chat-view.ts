/**
 * The chat: ask, watch the answer stream in with its citation markers, open a source card, follow up in
 * the same conversation, reopen a past one.
 */
import type { AnswerEvent, AnswerRecord, Citation, RetrievedPassage } from '../../core/protocol/chat.ts';
import type { SourceRecord } from '../../core/types.ts';
import { ask, fetchConversation, fetchConversations, fetchSources } from './api.ts';
import { renderAnswerHtml } from './answer-text.ts';
import { hitTarget, renderCard, type CardTarget } from './citation-cards.ts';
import { el, replaceChildren } from './dom.ts';
import { t, type MessageKey } from './i18n.ts';
import { orderCitations } from '../../core/protocol/citation-order.ts';
import { serverError, serverText } from './server-text.ts';

/** What the chat needs from the page around it. */
export interface ChatContext {
  corpus(): string | null;
  openTarget(target: CardTarget): void;
  openChain(record: AnswerRecord): void;
  onModeSeen(mode: 'llm' | 'extractive'): void;
}

/** One question and its answer as the thread shows them. */
class Turn {
  readonly root: HTMLElement;
  private readonly meta: HTMLElement;
  private readonly textEl: HTMLElement;
  private readonly cards: HTMLOListElement;
  private text = '';
  private known = new Set<number>();
  private shown = new Map<number, number>();
  private targets = new Map<number, CardTarget>();
  private frame = 0;
  record: AnswerRecord | null = null;

  constructor(question: string, private readonly ctx: ChatContext) {
    this.meta = el('div', { class: 'answer-meta' }, t('chat.retrieving'));
    this.textEl = el('div', { class: 'answer-text', 'data-testid': 'answer-text', 'aria-live': 'polite' });
    this.cards = el('ol', { class: 'cards', 'data-testid': 'citation-cards' });
    this.textEl.addEventListener('click', (e) => {
      const button = (e.target as HTMLElement).closest('button.cite');
      if (!button) return;
      const n = Number(button.getAttribute('data-n'));
      const target = this.targets.get(n);
      if (!target) return;
      this.cards.querySelector(`li[data-n="${n}"]`)?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
      this.ctx.openTarget(target);
    });
    this.root = el('article', { class: 'turn' }, el('div', { class: 'question' }, question), el('div', { class: 'answer' }, this.meta, this.textEl, this.cards));
  }

  handle(event: AnswerEvent): void {
    switch (event.type) {
      case 'start':
        this.ctx.onModeSeen(event.mode);
        this.setMeta(event.mode === 'llm' ? t('chat.mode.llm') : t('chat.mode.extractive'), t('chat.writing'));
        break;
      case 'retrieved':
        this.retrieved(event.passages);
        break;
      case 'token':
        this.text += event.text;
        this.scheduleRender();
        break;
      case 'citations':
        this.setCitations(event.citations, event.dropped);
        break;
      case 'done':
        this.finish(event.record);
        break;
      case 'error':
        this.fail(event.error.code === 'CANCELLED' ? t('chat.cancelled') : t('error.generic', { message: serverError(event.error) }));
        break;
    }
  }

  /** Shows a stored answer (a reopened conversation). */
  showRecord(record: AnswerRecord): void {
    this.text = record.answer;
    this.setCitations(record.citations, record.dropped_citations);
    this.finish(record);
  }

  fail(message: string): void {
    this.meta.classList.add('error');
    this.meta.textContent = message;
  }

  private retrieved(passages: RetrievedPassage[]): void {
    for (const p of passages) {
      this.targets.set(p.n, hitTarget(p.hit, p.n));
      this.known.add(p.n);
    }
    this.meta.appendChild(el('span', { class: 'dim' }, ` · ${t('chat.retrieved', { count: passages.length })}`));
    this.scheduleRender();
  }

  private setCitations(citations: Citation[], dropped: number[]): void {
    this.known = new Set(citations.map((c) => c.n));
    this.shown = orderCitations(this.text, this.known);
    replaceChildren(this.cards);
    const ordered = [...citations].sort((a, b) => (this.shown.get(a.n) ?? a.n) - (this.shown.get(b.n) ?? b.n));
    for (const c of ordered) {
      const target: CardTarget = { ...c };
      this.targets.set(c.n, target);
      this.cards.appendChild(renderCard(target, (x) => this.ctx.openTarget(x), this.shown.get(c.n)));
    }
    if (dropped.length) {
      this.cards.appendChild(el('li', { class: 'notes warn', 'data-testid': 'dropped' }, t('chat.dropped', { list: dropped.map((n) => `[${n}]`).join(' ') })));
    }
    this.scheduleRender();
  }

  private finish(record: AnswerRecord): void {
    this.record = record;
    this.text = record.abstained ? serverText(record.answer) : record.answer;
    this.render();
    const chain = el('button', { type: 'button', class: 'ghost chain-open', 'data-testid': 'open-chain', onclick: () => this.ctx.openChain(record) }, t('chat.chain'));
    this.setMeta(record.mode === 'llm' ? `${t('chat.mode.llm')} · ${record.model.name}` : t('chat.mode.extractive'), null, chain);
    if (record.abstained) {
      this.root.classList.add('abstained');
      this.meta.appendChild(el('span', { class: 'badge warn' }, t('chat.abstained')));
      if (record.abstain_reason) this.meta.appendChild(el('span', { class: 'dim', 'data-testid': 'abstain-reason' }, ` ${serverText(record.abstain_reason)}`));
    } else if (record.citations.length === 0 && !record.withdrawn) {
      // The CLI's words (server/commands/ask.ts): nothing in this answer is backed by a cited passage.
      this.root.classList.add('unverified');
      this.cards.before(el('p', { class: 'trust-warning', role: 'note', 'data-testid': 'unverified' }, el('span', { class: 'badge warn' }, t('chat.unverified')), ' ', t('chat.noCitation')));
    } else if (record.citations.some((c) => c.quotes.length > 0) && record.citations.every((c) => c.quotes.every((q) => !q.verified))) {
      this.cards.before(el('p', { class: 'trust-warning', role: 'note', 'data-testid': 'unverified-quotes' }, el('span', { class: 'badge warn' }, t('chat.unverified')), ' ', t('chat.noVerifiedQuote')));
    }
  }

  private setMeta(mode: string, activity: string | null, action?: HTMLElement): void {
    replaceChildren(this.meta, el('span', { class: 'badge' }, mode), activity ? el('span', { class: 'dim' }, ` ${activity}`) : null, action ?? null);
  }

  private scheduleRender(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private render(): void {
    // The only innerHTML in the app: escaped text, <br> and citation buttons (answer-text.ts).
    this.textEl.innerHTML = renderAnswerHtml(this.text, this.known);
  }
}

/** Builds the chat screen inside `root`. Returns `refresh()` to reload the conversation list. */
export function mountChat(root: HTMLElement, ctx: ChatContext): { refresh(): Promise<void>; reopen(id: string): Promise<void>; corpusChanged(): void } {
  let conversationId: string | null = null;
  let cancel: (() => void) | null = null;
  const historyList = el('ul', { class: 'history-list', 'data-testid': 'history' });
  const thread = el('div', { class: 'thread-scroll' });
  const input = el('textarea', { rows: 2, placeholder: t('chat.placeholder'), 'data-testid': 'question', 'aria-label': t('chat.send') });
  const send = el('button', { type: 'submit', class: 'primary', 'data-testid': 'ask' }, t('chat.send'));
  const stop = el('button', { type: 'button', class: 'ghost', hidden: true, onclick: () => cancel?.() }, t('chat.stop'));
  let welcomeToken = 0;
  /** The empty chat: what the corpus holds, how to ask, and questions about its first sources (filled once fetched). */
  const empty = () => {
    const box = el('div', { class: 'welcome', 'data-testid': 'welcome' }, el('p', { class: 'empty' }, t('welcome.how')));
    const token = ++welcomeToken;
    const corpus = ctx.corpus();
    void fetchSources(corpus)
      .then((sources) => {
        if (token !== welcomeToken || !box.isConnected) return;
        replaceChildren(box, ...welcomeParts(corpus, sources, (question) => {
          input.value = question;
          submit();
        }));
      })
      .catch(() => undefined);
    return box;
  };

  const busy = (on: boolean) => {
    send.disabled = on;
    stop.hidden = !on;
  };

  const submit = () => {
    const question = input.value.trim();
    if (!question || send.disabled) return;
    if (!conversationId) replaceChildren(thread);
    const turn = new Turn(question, ctx);
    thread.appendChild(turn.root);
    turn.root.scrollIntoView({ block: 'start' });
    input.value = '';
    input.placeholder = t('chat.followup');
    busy(true);
    const corpus = ctx.corpus();
    cancel = ask(
      { question, ...(corpus ? { corpus } : {}), ...(conversationId ? { conversation_id: conversationId } : {}) },
      {
        onEvent: (event) => {
          if (event.type === 'start') {
            conversationId = event.conversation_id;
            history.replaceState(null, '', `#c=${encodeURIComponent(conversationId)}`);
          }
          turn.handle(event);
          if (event.type === 'done' || event.type === 'error') {
            busy(false);
            cancel = null;
            void refresh();
          }
        },
      },
    );
  };

  const form = el('form', { class: 'ask-form', onsubmit: (e) => { e.preventDefault(); submit(); } }, input, el('div', { class: 'ask-buttons' }, send, stop));
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      submit();
    }
  });

  const startNew = () => {
    cancel?.();
    conversationId = null;
    history.replaceState(null, '', location.pathname + location.search);
    input.placeholder = t('chat.placeholder');
    replaceChildren(thread, empty());
    input.focus();
  };

  const reopen = async (id: string) => {
    const { conversation, answers } = await fetchConversation(id);
    conversationId = conversation.id;
    history.replaceState(null, '', `#c=${encodeURIComponent(conversationId)}`);
    replaceChildren(thread);
    for (const record of answers) {
      const turn = new Turn(record.question, ctx);
      turn.showRecord(record);
      thread.appendChild(turn.root);
    }
    input.placeholder = t('chat.followup');
    thread.lastElementChild?.scrollIntoView({ block: 'start' });
    void refresh();
  };

  const refresh = async () => {
    try {
      const list = await fetchConversations();
      const item = (c: (typeof list)[number]) =>
        el(
          'li',
          {},
          el(
            'button',
            { type: 'button', class: c.id === conversationId ? 'active' : '', title: c.title, onclick: () => void reopen(c.id) },
            el('span', { class: 'history-title' }, c.title),
            el('span', { class: 'dim mono' }, `${c.corpus ?? ''} · ${c.updated_at.slice(0, 16).replace('T', ' ')}`),
          ),
        );
      replaceChildren(historyList, ...list.map(item));
      if (!list.length) historyList.appendChild(el('li', { class: 'dim' }, t('chat.noHistory')));
    } catch {
      replaceChildren(historyList, el('li', { class: 'dim' }, t('chat.noHistory')));
    }
  };

  replaceChildren(
    root,
    el('aside', { class: 'history' }, el('button', { type: 'button', class: 'ghost new-chat', onclick: startNew }, `+ ${t('chat.new')}`), el('h2', {}, t('chat.history')), historyList),
    el('div', { class: 'thread' }, thread, form),
  );
  thread.appendChild(empty());
  void refresh();
  const corpusChanged = () => {
    if (!conversationId && thread.querySelector('[data-testid="welcome"]')) replaceChildren(thread, empty());
  };
  return { refresh, reopen, corpusChanged };
}

/** Kinds in the order the welcome lists them and picks example sources from. */
const KIND_ORDER = ['media', 'transcript', 'pdf', 'letter', 'document', 'image'];

/** The welcome's content for `sources` of `corpus` (null: all corpora). */
function welcomeParts(corpus: string | null, sources: SourceRecord[], onAsk: (question: string) => void): Array<HTMLElement | null> {
  const ready = sources.filter((s) => s.state === 'ingested' && s.passages > 0);
  const failed = sources.filter((s) => s.state === 'failed').length;
  const awaiting = sources.length - ready.length - failed;
  const passages = ready.reduce((sum, s) => sum + s.passages, 0);
  const unsearchable = failed || awaiting ? ` ${t('welcome.states', { failed, awaiting })}` : '';
  if (passages === 0) {
    return [
      el('p', { class: 'welcome-corpus', 'data-testid': 'welcome-empty' }, t(corpus ? 'welcome.emptyCorpus' : 'welcome.emptyArchive', { corpus: corpus ?? '' }), unsearchable),
      el('p', {}, el('code', {}, `darkroom ingest <folder> --corpus ${corpus ?? '<name>'}`)),
    ];
  }
  // Kinds of the sources that can be searched: a corpus whose rushes all failed does not hold rushes.
  const counts = new Map<string, number>();
  for (const s of ready) counts.set(s.kind, (counts.get(s.kind) ?? 0) + 1);
  const rank = (kind: string) => (KIND_ORDER.indexOf(kind) + KIND_ORDER.length + 1) % (KIND_ORDER.length + 1);
  const kinds = [...counts].sort((a, b) => rank(a[0]) - rank(b[0])).map(([kind, n]) => `${t(`kind.${kind}` as MessageKey)} (${n})`);
  // One source of each kind first (a rush, a transcript, a PDF, a letter), then the next ones, at most four.
  const picks: SourceRecord[] = [];
  for (const kind of KIND_ORDER) {
    const s = ready.find((x) => x.kind === kind);
    if (s) picks.push(s);
  }
  for (const s of ready) if (picks.length < 4 && !picks.includes(s)) picks.push(s);
  const questions = picks.slice(0, 4).map((s) => t(s.kind === 'media' || s.kind === 'transcript' ? 'welcome.askMedia' : 'welcome.ask', { title: s.title }));
  const vars = { corpus: corpus ?? '', sources: ready.length, passages };
  return [
    el('p', { class: 'welcome-corpus' }, t(corpus ? 'welcome.corpus' : 'welcome.all', vars), kinds.length ? ` ${t('welcome.kinds', { list: kinds.join(', ') })}` : '', unsearchable),
    el('p', { class: 'empty' }, t('welcome.how')),
    questions.length ? el('p', { class: 'dim' }, t('welcome.try')) : null,
    questions.length
      ? el('ul', { class: 'examples' }, ...questions.map((q) => el('li', {}, el('button', { type: 'button', class: 'ghost example', onclick: () => onAsk(q) }, q))))
      : null,
  ];
}
