/**
 * The sign-in page, and the admin page for people and their grants. Small forms in the page's own style;
 * every word from the i18n table (English and French).
 */
import { ApiError, fetchCorpora } from './api.ts';
import { errorText } from './server-text.ts';
import { el, replaceChildren } from './dom.ts';
import { t } from './i18n.ts';
import { addPerson, fetchPeople, removePerson, setGrants, signIn, type PersonInfo } from './session.ts';

/** Fills `root` with the sign-in form; `onSignedIn` runs once the session cookie is set. */
export function mountLogin(root: HTMLElement, onSignedIn: () => void): void {
  const error = el('p', { class: 'login-error', role: 'alert', 'data-testid': 'login-error' });
  const username = el('input', { name: 'username', autocomplete: 'username', required: true, 'data-testid': 'login-user' });
  const password = el('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true, 'data-testid': 'login-password' });
  const form = el(
    'form',
    { class: 'login', 'data-testid': 'login' },
    el('h1', {}, t('login.title')),
    el('label', {}, t('login.user'), username),
    el('label', {}, t('login.password'), password),
    el('button', { type: 'submit', 'data-testid': 'login-submit' }, t('login.submit')),
    error,
    el('p', { class: 'hint' }, t('login.hint')),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    error.textContent = '';
    signIn(username.value.trim(), password.value)
      .then(onSignedIn)
      .catch((err: unknown) => {
        error.textContent = err instanceof ApiError && err.code === 'RATE_LIMITED' ? errorText(err) : t('login.failed');
        password.value = '';
      });
  });
  replaceChildren(root, form);
  username.focus();
}

/** Fills `root` with the people and their grants, and the form that adds one. */
export async function mountAdmin(root: HTMLElement): Promise<void> {
  const error = el('p', { class: 'login-error', role: 'alert' });
  const fail = (err: unknown) => {
    error.textContent = errorText(err);
  };
  const [people, corpora] = await Promise.all([fetchPeople(), fetchCorpora().catch(() => [])]);
  const corpusNames = corpora.map((c) => c.corpus);
  const row = (p: PersonInfo) => {
    const grants = el('input', { value: p.corpora.join(', '), 'aria-label': t('admin.grants'), disabled: p.role === 'admin', placeholder: corpusNames.join(', ') });
    return el(
      'tr',
      { 'data-testid': `person-${p.name}` },
      el('td', {}, p.name),
      el('td', {}, t(`role.${p.role}`)),
      el('td', {}, p.role === 'admin' ? t('admin.everyCorpus') : grants),
      el(
        'td',
        {},
        p.role === 'admin' ? null : el('button', { type: 'button', onclick: () => void setGrants(p.name, grants.value.split(',').map((s) => s.trim()).filter(Boolean)).then(() => mountAdmin(root)).catch(fail) }, t('admin.saveGrants')),
        ' ',
        el('button', { type: 'button', class: 'ghost', onclick: () => window.confirm(t('admin.confirmRemove', { name: p.name })) && void removePerson(p.name).then(() => mountAdmin(root)).catch(fail) }, t('admin.remove')),
      ),
    );
  };
  const name = el('input', { name: 'name', required: true, 'aria-label': t('login.user'), placeholder: t('login.user') });
  const role = el('select', { name: 'role' }, ...(['viewer', 'editor', 'admin'] as const).map((r) => el('option', { value: r }, t(`role.${r}`))));
  const password = el('input', { name: 'password', type: 'password', autocomplete: 'new-password', required: true, 'aria-label': t('login.password'), placeholder: t('login.password') });
  const add = el('form', { class: 'admin-add' }, name, role, password, el('button', { type: 'submit' }, t('admin.add')));
  add.addEventListener('submit', (e) => {
    e.preventDefault();
    void addPerson({ name: name.value.trim(), role: role.value, password: password.value }).then(() => mountAdmin(root)).catch(fail);
  });
  replaceChildren(
    root,
    el('h2', {}, t('admin.title')),
    el('table', { class: 'admin-people', 'data-testid': 'people' }, el('thead', {}, el('tr', {}, el('th', {}, t('login.user')), el('th', {}, t('admin.role')), el('th', {}, t('admin.grants')), el('th', {}))), el('tbody', {}, ...people.map(row))),
    el('h3', {}, t('admin.addTitle')),
    add,
    error,
    el('p', { class: 'hint' }, t('admin.hint')),
  );
}
