/**
 * The page's entry point: language, corpus picker, the three screens (chat, search, sources) and the side
 * pane where citations open and the chain behind an answer shows.
 */
import type { AnswerRecord } from '../../core/protocol/chat.ts';
import { fetchCorpora, fetchHealth, onSourcesChanged, type CorpusSummary, type HealthInfo } from './api.ts';
import { renderChain } from './chain-panel.ts';
import { mountChat } from './chat-view.ts';
import type { CardTarget } from './citation-cards.ts';
import { el, replaceChildren } from './dom.ts';
import { getLanguage, pickLanguage, setLanguage, t, type Language, type MessageKey } from './i18n.ts';
import { mountSearch } from './search-view.ts';
import { mountSources } from './sources-view.ts';
import { openTarget } from './viewer.ts';
import { mountAdmin, mountLogin } from './access-views.ts';
import { fetchSession, signOut, type SessionUser } from './session.ts';
import { showHealthProblems } from './health-banner.ts';

const LANG_KEY = 'darkroom.lang';
const CORPUS_KEY = 'darkroom.corpus';
type Screen = 'chat' | 'search' | 'sources';

const stored = localStorage.getItem(LANG_KEY);
setLanguage(stored === 'fr' || stored === 'en' ? stored : pickLanguage(navigator.languages?.length ? navigator.languages : [navigator.language]));
document.documentElement.lang = getLanguage();

const $ = <T extends HTMLElement>(id: string): T => {
  const node = document.getElementById(id);
  if (!node) throw new Error(`index.html lacks #${id}`);
  return node as T;
};

for (const node of document.querySelectorAll<HTMLElement>('[data-i18n]')) node.textContent = t(node.dataset.i18n as MessageKey);

// Sign-in first when the server asks for it (docs/access.md): nothing else loads until then.
const session = await fetchSession().catch(() => ({ logins: false, user: null as SessionUser | null }));
if (session.logins && !session.user) {
  document.body.classList.add('signed-out');
  for (const id of ['view-chat', 'view-search', 'view-sources']) $(id).hidden = true;
  const login = $('view-login');
  login.hidden = false;
  mountLogin(login, () => location.reload());
  throw new Error('signed out: the sign-in page is shown');
}

const corpusSelect = $<HTMLSelectElement>('corpus');
const status = $('status');
const side = $('side');
const sideBody = $('side-body');
let stopViewer: () => void = () => undefined;

const corpus = (): string | null => corpusSelect.value || null;

function closeSide(): void {
  stopViewer();
  stopViewer = () => undefined;
  side.hidden = true;
  document.body.classList.remove('with-side');
}

function showSide(fill: (pane: HTMLElement) => void): void {
  stopViewer();
  stopViewer = () => undefined;
  side.hidden = false;
  document.body.classList.add('with-side');
  fill(sideBody);
  sideBody.scrollTop = 0;
}

const ctx = {
  corpus,
  openTarget: (target: CardTarget) => showSide((pane) => (stopViewer = openTarget(pane, target))),
  openChain: (record: AnswerRecord) => showSide((pane) => renderChain(pane, record)),
  onModeSeen: (mode: 'llm' | 'extractive') => {
    if (mode === 'extractive' && health?.mode !== 'extractive') void refreshStatus();
  },
};

const chat = mountChat($('view-chat'), ctx);
mountSearch($('view-search'), ctx);
const reloadSources = mountSources($('view-sources'), ctx);

function show(screen: Screen): void {
  $('view-admin').hidden = true;
  for (const name of ['chat', 'search', 'sources'] as const) {
    $(`view-${name}`).hidden = name !== screen;
    document.querySelector(`nav button[data-view="${name}"]`)?.setAttribute('aria-current', String(name === screen));
  }
  if (screen === 'sources') {
    closeSide();
    void reloadSources();
  }
}

for (const button of document.querySelectorAll<HTMLButtonElement>('nav button[data-view]')) {
  button.addEventListener('click', () => show(button.dataset.view as Screen));
}
$('side-close').addEventListener('click', closeSide);
document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && !side.hidden) closeSide();
});

/** The signed-in user's name, the admin page for admins, and sign-out, in the header. */
function showWho(user: SessionUser): void {
  const who = $('who');
  who.hidden = false;
  const people = () => {
    for (const name of ['chat', 'search', 'sources'] as const) $(`view-${name}`).hidden = true;
    const admin = $('view-admin');
    admin.hidden = false;
    void mountAdmin(admin);
  };
  replaceChildren(
    who,
    el('span', { class: 'who-name', 'data-testid': 'who-name', title: t(`role.${user.role}`) }, user.name),
    user.role === 'admin' ? el('button', { type: 'button', class: 'ghost', onclick: people, 'data-testid': 'people-open' }, t('session.people')) : null,
    el('button', { type: 'button', class: 'ghost', 'data-testid': 'sign-out', onclick: () => void signOut().finally(() => location.reload()) }, t('session.signOut')),
  );
}
if (session.logins && session.user) showWho(session.user);

const langButton = $<HTMLButtonElement>('lang');
langButton.textContent = t('lang.toggle');
langButton.addEventListener('click', () => {
  const next: Language = getLanguage() === 'en' ? 'fr' : 'en';
  localStorage.setItem(LANG_KEY, next);
  location.reload();
});

function fillCorpora(list: CorpusSummary[]): void {
  const wanted = corpusSelect.value || localStorage.getItem(CORPUS_KEY) || '';
  replaceChildren(
    corpusSelect,
    el('option', { value: '' }, list.length ? t('corpus.all') : t('corpus.none')),
    ...list.map((c) => el('option', { value: c.corpus }, t('corpus.option', { corpus: c.corpus, sources: c.sources, passages: c.passages }))),
  );
  const first = list[0];
  corpusSelect.value = list.some((c) => c.corpus === wanted) ? wanted : list.length === 1 && first ? first.corpus : '';
}

let health: HealthInfo | null = null;

/** The top bar's status: how answers are made and how search runs, each with its reason on hover. */
async function refreshStatus(): Promise<void> {
  try {
    health = await fetchHealth();
    const answers = health.mode === 'llm' && health.model ? t('status.llm', { name: health.model }) : t('status.extractive');
    const search = health.semantic.on ? t('status.hybrid', { name: health.semantic.model ?? '' }) : t('status.lexical');
    replaceChildren(
      status,
      el('span', { 'data-testid': 'status-answers' }, answers),
      ' · ',
      el('span', { 'data-testid': 'status-search', title: health.semantic.note ?? health.semantic.model ?? '' }, search),
    );
    status.classList.remove('error');
    showHealthProblems(health);
  } catch {
    status.textContent = t('status.offline');
    status.classList.add('error');
  }
}

corpusSelect.addEventListener('change', () => {
  chat.corpusChanged();
  localStorage.setItem(CORPUS_KEY, corpusSelect.value);
  if (!$('view-sources').hidden) void reloadSources();
});

async function start(): Promise<void> {
  try {
    fillCorpora(await fetchCorpora());
  } catch {
    /* the status below says the server is unreachable */
  }
  await refreshStatus();
  chat.corpusChanged();
  onSourcesChanged(() => {
    void fetchCorpora().then((list) => {
      fillCorpora(list);
      chat.corpusChanged();
    });
    if (!$('view-sources').hidden) void reloadSources();
  });
  const wanted = /^#c=(.+)$/.exec(location.hash)?.[1];
  if (wanted) await chat.reopen(decodeURIComponent(wanted)).catch(() => undefined);
}

show('chat');
void start();
