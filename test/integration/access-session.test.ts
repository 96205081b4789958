/**
 * Sign-in over HTTP against the real state store: the cookie's flags, one answer for an unknown name and a
 * wrong password, the per-name limit, sign-out revoking the session, the desk tool answering without one,
 * and what the server writes to the audit trail (sign-ins, questions with their retrieved and cited sources,
 * searches, sources played).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { listAudit, verifyAudit } from '../../core/store/state/access/audit.ts';
import { PASSWORD, signIn, startAccessFixture, type AccessFixture } from '../helpers/access-fixtures.ts';
import { startTestServer } from '../helpers/server-app.ts';

describe('signing in and out, and the audit trail of a studio server', () => {
  let f: AccessFixture;
  before(async () => {
    f = await startAccessFixture({ access: { loginLimits: { perAddress: 100, perUser: 3, windowMs: 60_000 } } });
  });
  after(async () => {
    await f?.close();
  });

  const login = (username: string, password: string) =>
    fetch(`${f.server.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });

  it('sets an HttpOnly, SameSite=Strict, expiring session cookie, and says who is signed in', async () => {
    const res = await login('vic', PASSWORD);
    assert.equal(res.status, 200);
    const cookie = res.headers.get('set-cookie') ?? '';
    assert.match(cookie, /^darkroom_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200$/);
    const session = (await (await fetch(`${f.server.url}/api/session`, { headers: { cookie: cookie.split(';')[0] ?? '' } })).json()) as { logins: boolean; user: { name: string; role: string; corpora: string[] } };
    assert.deepEqual(session, { logins: true, user: { name: 'vic', role: 'viewer', corpora: ['test'] } });
    const anonymous = (await (await fetch(`${f.server.url}/api/session`)).json()) as { logins: boolean; user: null };
    assert.deepEqual(anonymous, { logins: true, user: null });
  });

  it('answers an unknown name exactly like a wrong password, then limits attempts per name', async () => {
    const unknown = await login('nobody', 'whatever password');
    const wrong = await login('mal', 'not the password');
    assert.equal(unknown.status, 401);
    assert.equal(wrong.status, 401);
    assert.deepEqual(await unknown.json(), await wrong.json());
    await login('mal', 'not the password');
    await login('mal', 'not the password');
    const limited = await login('mal', PASSWORD);
    assert.equal(limited.status, 429, 'the right password is refused too once the name is over its limit');
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
    const other = await login('ada', PASSWORD);
    assert.equal(other.status, 200, 'other names are not limited');
  });

  it('revokes the session on sign-out: the same cookie no longer works', async () => {
    const cookie = await signIn(f.server.url, 'eve');
    assert.equal((await fetch(`${f.server.url}/api/conversations`, { headers: { cookie } })).status, 200);
    const out = await fetch(`${f.server.url}/api/logout`, { method: 'POST', headers: { cookie } });
    assert.match(out.headers.get('set-cookie') ?? '', /Max-Age=0/);
    assert.equal((await fetch(`${f.server.url}/api/conversations`, { headers: { cookie } })).status, 401);
  });

  it('accepts an API token as a bearer, with its user\'s grants', async () => {
    const { createToken } = await import('../../core/store/state/access/credentials.ts');
    const vic = f.users.get('vic');
    assert.ok(vic);
    const { token } = createToken(f.server.state, { userId: vic.id, userName: vic.name, name: 'script', actor: 'test' });
    const ok = await fetch(`${f.server.url}/api/search?q=barn`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(ok.status, 200);
    const hidden = await fetch(`${f.server.url}/api/search?q=ledger&corpus=secret`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(hidden.status, 404);
    assert.equal((await fetch(`${f.server.url}/api/search?q=barn`, { headers: { authorization: `Bearer ${token}x` } })).status, 401);
  });

  it('writes sign-ins, failures, questions with retrieved and cited sources, searches and plays to a chain that verifies', async () => {
    await fetch(`${f.server.url}/api/search?q=ledger&corpus=secret`, { headers: { cookie: f.cookies.olga } });
    await fetch(`${f.server.url}/media/${f.olga.sourceId}`, { headers: { cookie: f.cookies.olga } });
    await fetch(`${f.server.url}/media/${f.olga.sourceId}`, { headers: { cookie: f.cookies.olga, range: 'bytes=10-20' } });
    const entries = listAudit(f.server.state.db);
    const ask = entries.find((e) => e.action === 'ask' && e.target === f.olga.answerId);
    assert.ok(ask, 'the question is in the trail');
    assert.equal(ask.actor, 'olga');
    assert.equal(ask.corpus, 'secret');
    assert.equal(ask.payload, f.olga.question);
    assert.ok(Array.isArray(ask.details?.retrieved) && (ask.details.retrieved as string[]).includes(f.olga.sourceId), JSON.stringify(ask.details));
    assert.ok(Array.isArray(ask.details?.cited));
    assert.ok(entries.some((e) => e.action === 'login' && e.outcome === 'ok' && e.actor === 'vic'));
    assert.ok(entries.some((e) => e.action === 'login' && e.outcome === 'failed' && e.target === 'nobody' && e.actor === null));
    assert.ok(entries.some((e) => e.action === 'login' && e.outcome === 'refused' && e.target === 'mal'));
    assert.ok(entries.some((e) => e.action === 'logout' && e.actor === 'eve'));
    assert.ok(entries.some((e) => e.action === 'search' && e.actor === 'olga' && e.corpus === 'secret' && e.payload === 'ledger'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const plays = listAudit(f.server.state.db).filter((e) => e.action === 'source.play' && e.target === f.olga.sourceId);
    assert.equal(plays.length, 1, 'a play, not every byte range');
    assert.equal(plays[0]?.corpus, 'secret');
    assert.ok(entries.some((e) => e.action === 'users.add' && e.target === 'olga'));
    assert.ok(entries.some((e) => e.action === 'grants.add' && e.target === 'vic' && e.corpus === 'test'));
    assert.deepEqual(verifyAudit(f.server.state.db).firstBad, null);
  });

  it('stays the desk tool on loopback with no user: no sign-in, everything readable', async () => {
    const desk = await startTestServer({ access: {} });
    try {
      const session = (await (await fetch(`${desk.url}/api/session`)).json()) as { logins: boolean; user: { name: string; role: string } };
      assert.equal(session.logins, false);
      assert.deepEqual({ name: session.user.name, role: session.user.role }, { name: 'local', role: 'admin' });
      assert.equal((await fetch(`${desk.url}/api/conversations`)).status, 200);
      const refused = await fetch(`${desk.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'a', password: 'b' }) });
      assert.equal(refused.status, 400);
    } finally {
      await desk.close();
    }
    const forced = await startTestServer({ access: { forced: true } });
    try {
      assert.equal((await fetch(`${forced.url}/api/conversations`)).status, 401, 'DARKROOM_AUTH=on asks for sign-in on loopback too');
    } finally {
      await forced.close();
    }
  });
});
