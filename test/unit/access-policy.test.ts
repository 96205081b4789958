import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { actionRoles, type Action } from '../../core/access/actions.ts';
import { decide, searchScope } from '../../core/access/policy.ts';
import { httpPolicies, socketPolicies } from '../../core/access/table.ts';
import { anonymousIdentity, localIdentity, userIdentity } from '../../core/access/types.ts';

const admin = userIdentity({ id: 'u_admin', name: 'ada', role: 'admin', corpora: [] }, 'session');
const editor = userIdentity({ id: 'u_ed', name: 'eve', role: 'editor', corpora: ['film-a'] }, 'session');
const viewer = userIdentity({ id: 'u_view', name: 'vic', role: 'viewer', corpora: ['film-a'] }, 'token');

describe('the access policy', () => {
  it('lets anyone load the UI and sign in, and asks everyone else to sign in first', () => {
    for (const action of ['ui.read', 'session.login', 'session.read', 'session.logout'] as const) assert.deepEqual(decide(anonymousIdentity, action), { allow: true });
    for (const action of Object.keys(actionRoles) as Action[]) {
      if (actionRoles[action] === 'public') continue;
      assert.deepEqual(decide(anonymousIdentity, action), { allow: false, refusal: 'unauthenticated' }, action);
    }
  });

  it('gives the desk tool\'s local identity everything, like an admin', () => {
    for (const action of Object.keys(actionRoles) as Action[]) assert.equal(decide(localIdentity, action, { corpora: ['any'], owners: [null] }).allow, true, action);
    assert.equal(searchScope(localIdentity), null);
  });

  it('keeps selects, exports and ingest to editors and admins, people and the audit to admins', () => {
    for (const action of ['selects.read', 'selects.write', 'selects.export', 'ingest'] as const) {
      assert.deepEqual(decide(viewer, action, { corpora: ['film-a'] }), { allow: false, refusal: 'forbidden' }, action);
      assert.equal(decide(editor, action, { corpora: ['film-a'] }).allow, true, action);
    }
    for (const action of ['users.manage', 'tokens.manage', 'audit.read', 'consent.manage', 'server.admin'] as const) {
      assert.deepEqual(decide(editor, action), { allow: false, refusal: 'forbidden' }, action);
      assert.equal(decide(admin, action).allow, true, action);
    }
  });

  it('hides corpora without a grant and answers or conversations of other people (404, not 403)', () => {
    assert.equal(decide(viewer, 'search', { corpora: ['film-a'] }).allow, true);
    assert.deepEqual(decide(viewer, 'search', { corpora: ['film-b'] }), { allow: false, refusal: 'hidden' });
    assert.deepEqual(decide(viewer, 'answer.read', { corpora: ['film-a'], owners: ['u_ed'] }), { allow: false, refusal: 'hidden' });
    assert.deepEqual(decide(viewer, 'answer.read', { corpora: [null], owners: [null] }), { allow: false, refusal: 'hidden' }, 'made at the desk tool: admins only');
    assert.equal(decide(viewer, 'answer.read', { corpora: [null], owners: ['u_view'] }).allow, true);
    assert.equal(decide(admin, 'answer.read', { corpora: ['film-b'], owners: ['u_ed'] }).allow, true);
    assert.deepEqual(searchScope(viewer), ['film-a']);
    assert.equal(searchScope(admin), null);
  });

  it('has table lines that name known actions, with no route or event listed twice', () => {
    const http = httpPolicies.map((p) => `${p.method} ${p.path}`);
    assert.equal(new Set(http).size, http.length);
    const events = socketPolicies.map((p) => `${p.namespace} ${p.event}`);
    assert.equal(new Set(events).size, events.length);
    for (const p of [...httpPolicies, ...socketPolicies]) assert.ok(p.action in actionRoles, p.action);
  });
});
