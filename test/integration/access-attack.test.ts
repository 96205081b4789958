/**
 * The attacker's table: every HTTP route and socket event of the access table, called as anonymous, as a
 * viewer without the grant, as another user with valid ids of someone else's answers and conversations
 * (IDOR), and as an editor without the grant of the corpus holding someone else's selects and sources. Each
 * expects the refusal; a hidden thing answers exactly like a missing one. Every route and event has a case
 * here, so a new one fails this test until it has one. The owner's own calls (the controls) succeed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { isPublicAction } from '../../core/access/actions.ts';
import { httpPolicies, socketPolicies, type HttpPolicy } from '../../core/access/table.ts';
import { createToken, revokeToken } from '../../core/store/state/access/credentials.ts';
import { PASSWORD, signIn, startAccessFixture, type AccessFixture } from '../helpers/access-fixtures.ts';

type Who = 'anon' | 'vic' | 'eve' | 'mal';
/** What each identity must get: 401, a refusal (403 or a 404 like a missing id), a list without olga's things, or allowed by design. */
type Expect = 'unauthenticated' | 'refused' | 'filtered' | 'allowed';

interface HttpCase {
  path: string;
  body?: unknown;
  /** Lists: the refusal is that olga's things are not in it. */
  list?: boolean;
  /** Routes on olga's own answers/conversations: refused to eve too (she has the grant but not the ownership). */
  owned?: boolean;
  /** Admin routes. */
  admin?: boolean;
}

const MISSING = { answer: 'ans_ffffffffffffffff', conversation: 'conv_ffffffffffffffff', source: 'f'.repeat(40), corpus: 'nocorpus', select: 'sel_ffffffffffff', passage: 'nopassage' };

function httpCases(f: AccessFixture, ids = { answer: f.olga.answerId, conversation: f.olga.conversationId, source: f.olga.sourceId, corpus: 'secret', select: f.olga.selectId, passage: f.olga.passageId }): Record<string, HttpCase> {
  return {
    'GET /api/users': { path: '/api/users', admin: true },
    'POST /api/users': { path: '/api/users', body: { name: 'intruder', role: 'admin', password: PASSWORD }, admin: true },
    'PATCH /api/users/:name': { path: '/api/users/olga', body: {}, admin: true },
    'DELETE /api/users/:name': { path: '/api/users/scratch', admin: true },
    'PUT /api/users/:name/grants': { path: '/api/users/olga/grants', body: { corpora: ['test', 'secret'] }, admin: true },
    'GET /api/health': { path: '/api/health', list: true },
    'GET /api/corpora': { path: '/api/corpora', list: true },
    'GET /api/sources': { path: `/api/sources?corpus=${ids.corpus}` },
    'GET /api/search': { path: `/api/search?q=ledger&corpus=${ids.corpus}` },
    'POST /api/ask': { path: '/api/ask', body: { question: 'Who knew where the ledger was?', corpus: ids.corpus, conversation_id: ids.conversation }, owned: true },
    'GET /api/answers/:id': { path: `/api/answers/${ids.answer}`, owned: true },
    'POST /api/answers/:id/replay': { path: `/api/answers/${ids.answer}/replay`, owned: true },
    'GET /api/conversations': { path: '/api/conversations', list: true },
    'GET /api/conversations/:id': { path: `/api/conversations/${ids.conversation}`, owned: true },
    'GET /media/:sourceId/text': { path: `/media/${ids.source}/text` },
    'GET /media/:sourceId/playback': { path: `/media/${ids.source}/playback` },
    'GET /media/:sourceId': { path: `/media/${ids.source}` },
    'GET /api/selects/:corpus/export': { path: `/api/selects/${ids.corpus}/export?format=edl` },
    'GET /api/selects/:corpus': { path: `/api/selects/${ids.corpus}` },
    'POST /api/selects/:corpus': { path: `/api/selects/${ids.corpus}`, body: { passage_id: ids.passage } },
    'PUT /api/selects/:corpus/order': { path: `/api/selects/${ids.corpus}/order`, body: { ids: [ids.select] } },
    'PATCH /api/selects/:corpus/:id': { path: `/api/selects/${ids.corpus}/${ids.select}`, body: { note: 'changed by someone else' } },
    'DELETE /api/selects/:corpus/:id': { path: `/api/selects/${ids.corpus}/${ids.select}` },
    'DELETE /api/selects/:corpus': { path: `/api/selects/${ids.corpus}` },
  };
}

function expectFor(who: Who, c: HttpCase): Expect {
  if (who === 'anon') return 'unauthenticated';
  if (c.admin) return 'refused';
  if (c.list) return 'filtered';
  if (who === 'eve') return c.owned ? 'refused' : 'allowed';
  return 'refused';
}

const key = (p: HttpPolicy) => `${p.method} ${p.path}`;

describe('the attacker\'s table: every route and event, as anonymous, a viewer without the grant, and other users (IDOR)', () => {
  let f: AccessFixture;
  before(async () => {
    f = await startAccessFixture();
    await f.users.add({ name: 'scratch', role: 'viewer', password: PASSWORD, actor: 'test' });
  });
  after(async () => {
    await f?.close();
  });

  const call = (c: HttpCase, method: string, cookie: string | null) =>
    fetch(f.server.url + c.path, {
      method,
      headers: { ...(cookie ? { cookie } : {}), ...(c.body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(c.body === undefined ? {} : { body: JSON.stringify(c.body) }),
    });
  /** The body with the ids replaced, so that a refusal and a missing id compare equal. */
  const normalize = (text: string, values: string[]) => values.reduce((t, v) => t.split(v).join('<ID>'), text);

  it('has a case for every non-public route of the access table', () => {
    const cases = httpCases(f);
    const missing = httpPolicies.filter((p) => !isPublicAction(p.action) && !(key(p) in cases)).map(key);
    assert.deepEqual(missing, [], 'routes of core/access/table.ts without a case in the attacker\'s table');
  });

  for (const who of ['anon', 'vic', 'eve', 'mal'] as const) {
    it(`refuses every route to ${who}`, async () => {
      const cases = httpCases(f);
      // eve holds the grant of "secret": her twins keep the corpus and miss only the answer or conversation.
      const twins = httpCases(f, who === 'eve' ? { ...MISSING, corpus: 'secret' } : MISSING);
      const rows: string[] = [];
      for (const policy of httpPolicies) {
        if (isPublicAction(policy.action)) continue;
        const k = key(policy);
        const c = cases[k] as HttpCase;
        const expected = expectFor(who, c);
        if (expected === 'allowed') {
          rows.push(`${k}: allowed by design (${who} has the grant)`);
          continue;
        }
        const res = await call(c, policy.method, who === 'anon' ? null : f.cookies[who]);
        const text = await res.text();
        rows.push(`${k}: ${res.status}`);
        // Nothing of olga's reaches anyone else, whatever the status.
        for (const secret of [f.olga.question, 'Marguerite', 'ledger was found']) assert.ok(!text.includes(secret), `${k} as ${who} leaks "${secret}": ${text.slice(0, 300)}`);
        if (expected === 'filtered') assert.ok(!text.includes(f.olga.conversationId), `${k} as ${who} lists olga's conversation`);
        if (expected === 'unauthenticated') {
          assert.equal(res.status, 401, `${k} as ${who}: ${text}`);
          assert.equal((JSON.parse(text) as { error: { code: string } }).error.code, 'UNAUTHENTICATED');
        } else if (expected === 'filtered') {
          assert.equal(res.status, 200, `${k} as ${who}: ${text}`);
          if (who !== 'eve') assert.ok(!/"secret"/.test(text), `${k} as ${who} names corpus "secret": ${text.slice(0, 300)}`);
        } else {
          assert.ok(res.status === 403 || res.status === 404, `${k} as ${who} answered ${res.status}: ${text.slice(0, 300)}`);
          if (res.status === 404) {
            // Exactly like a missing id: the same status, code and message, ids aside.
            const twin = await call(twins[k] as HttpCase, policy.method, f.cookies[who as Exclude<Who, 'anon'>]);
            const twinText = await twin.text();
            const values = [...Object.values(MISSING), f.olga.answerId, f.olga.conversationId, f.olga.sourceId, 'secret', f.olga.selectId, f.olga.passageId];
            assert.equal(twin.status, 404, `${k} with a missing id as ${who}: ${twinText}`);
            assert.equal(normalize(text, values), normalize(twinText, values), `${k} as ${who}: the refusal differs from a missing id`);
          }
        }
      }
      process.stdout.write(`attacker's table, ${who}:\n  ${rows.join('\n  ')}\n`);
    });
  }

  /** Connects with a cookie (or nothing) and resolves once connected, or rejects with the connect error. */
  const open = (namespace: string, auth: { cookie?: string; token?: string }): Promise<ClientSocket> => {
    const socket = connect(f.server.url + namespace, {
      transports: ['websocket'],
      reconnection: false,
      ...(auth.cookie ? { extraHeaders: { cookie: auth.cookie } } : {}),
      ...(auth.token ? { auth: { token: auth.token } } : {}),
    });
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', (err) => {
        socket.close();
        reject(err);
      });
    });
  };

  /** Sends one event and resolves with the error it got, or null when it succeeded. */
  const send = async (socket: ClientSocket, namespace: string, event: string, payload: Record<string, unknown>): Promise<{ code: string; message: string } | null> => {
    if (namespace === '/edit') {
      const reply = (await socket.timeout(30_000).emitWithAck(event, payload)) as { error?: { code: string; message: string } };
      return reply.error ?? null;
    }
    const rid = String(payload.request_id);
    return new Promise((resolve) => {
      const done = (result: { code: string; message: string } | null) => {
        for (const e of ['answer:error', 'answer:done', 'search:result', 'search:error']) socket.off(e);
        resolve(result);
      };
      socket.on('answer:error', (e: { request_id: string; error: { code: string; message: string } }) => e.request_id === rid && done(e.error));
      socket.on('search:error', (e: { request_id: string; error: { code: string; message: string } }) => e.request_id === rid && done(e.error));
      socket.on('answer:done', (e: { request_id: string }) => e.request_id === rid && done(null));
      socket.on('search:result', (e: { request_id: string }) => e.request_id === rid && done(null));
      socket.emit(event, payload);
      if (event === 'cancel') setTimeout(() => done(null), 300);
    });
  };

  const eventPayloads = (): Record<string, Record<string, unknown>> => ({
    '/ ask': { request_id: 'a1', question: 'Who knew where the ledger was?', corpus: 'secret', conversation_id: f.olga.conversationId },
    '/ cancel': { request_id: 'a1' },
    '/ search': { request_id: 's1', query: 'ledger', corpus: 'secret' },
    '/edit hello': { request_id: 'h1', protocol: 1 },
    '/edit search': { request_id: 'e1', query: 'ledger', corpus: 'secret' },
    '/edit ask': { request_id: 'e2', question: 'Who knew where the ledger was?', corpus: 'secret', conversation_id: f.olga.conversationId },
    '/edit cancel': { request_id: 'e2' },
    '/edit whats-said': { request_id: 'e3', source: f.olga.sourceId, seconds: 2 },
    '/edit selects:add': { request_id: 'e4', corpus: 'secret', passage_id: f.olga.passageId },
    '/edit selects:list': { request_id: 'e5', corpus: 'secret' },
    '/edit selects:remove': { request_id: 'e6', corpus: 'secret', id: f.olga.selectId },
    '/edit selects:export': { request_id: 'e7', corpus: 'secret', format: 'edl' },
  });

  it('refuses the socket handshake of both namespaces to anonymous, and to a revoked or made-up token', async () => {
    for (const namespace of ['/', '/edit']) {
      await assert.rejects(open(namespace, {}), /Sign in first/, `${namespace} as anonymous`);
      await assert.rejects(open(namespace, { token: 'drk_00000000_' + 'A'.repeat(43) }), /Sign in first/, `${namespace} with a made-up token`);
    }
  });

  for (const who of ['vic', 'eve', 'mal'] as const) {
    it(`refuses every event touching olga's corpus or conversation to ${who}`, async () => {
      const payloads = eventPayloads();
      const sockets = { '/': await open('/', { cookie: f.cookies[who] }), '/edit': await open('/edit', { cookie: f.cookies[who] }) };
      const rows: string[] = [];
      try {
        await send(sockets['/edit'], '/edit', 'hello', payloads['/edit hello'] as Record<string, unknown>);
        for (const policy of socketPolicies) {
          const k = `${policy.namespace} ${policy.event}`;
          const payload = payloads[k];
          assert.ok(payload, `no case for the event ${k} in the attacker's table`);
          if (policy.action === 'edit.hello' || policy.action === 'ask.cancel') continue;
          // eve holds the grant of "secret": only olga's conversation is refused to her.
          if (who === 'eve' && policy.action !== 'ask') continue;
          const error = await send(sockets[policy.namespace], policy.namespace, policy.event, payload);
          rows.push(`${k}: ${error ? error.code : 'ALLOWED'}`);
          assert.ok(error, `${k} as ${who} was let through`);
          assert.ok(['FORBIDDEN', 'CORPUS_UNKNOWN', 'NOT_FOUND', 'SOURCE_UNKNOWN'].includes(error.code), `${k} as ${who}: ${error.code} ${error.message}`);
          assert.ok(!error.message.includes('Marguerite'));
        }
      } finally {
        sockets['/'].close();
        sockets['/edit'].close();
      }
      process.stdout.write(`attacker's table (events), ${who}:\n  ${rows.join('\n  ')}\n`);
    });
  }

  it('searches and asks without a corpus only in the granted corpora', async () => {
    const socket = await open('/', { cookie: f.cookies.vic });
    try {
      const hits = await new Promise<Array<{ corpus: string }>>((resolve) => {
        socket.once('search:result', (r: { hits: Array<{ corpus: string }> }) => resolve(r.hits));
        socket.emit('search', { request_id: 'x', query: 'ledger bakery floor' });
      });
      assert.ok(hits.every((h) => h.corpus === 'test'), JSON.stringify(hits.map((h) => h.corpus)));
    } finally {
      socket.close();
    }
    const res = await fetch(`${f.server.url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: f.cookies.vic }, body: JSON.stringify({ question: 'Where did Marguerite hide the ledger under the floor of the bakery?' }) });
    const result = (await res.json()) as { answer: string; record: { retrieval: { passages: Array<{ id: string }> } }; citations: Array<{ path: string }> };
    assert.equal(res.status, 200);
    assert.ok(!result.answer.includes('Marguerite') && result.citations.every((c) => !c.path.includes('marguerite')), result.answer);
  });

  it('lets olga, the owner, do every call the others were refused (the ids are valid)', async () => {
    const cases = httpCases(f);
    const order = httpPolicies.filter((p) => !isPublicAction(p.action)).sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'));
    for (const policy of order) {
      const c = cases[key(policy)] as HttpCase;
      const res = await call(c, policy.method, c.admin ? f.cookies.ada : f.cookies.olga);
      assert.ok(![401, 403, 404].includes(res.status), `${key(policy)} as its owner answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
    }
  });

  it('disconnects the open sockets of a revoked token', async () => {
    const user = f.users.get('eve');
    assert.ok(user);
    const { id, token } = createToken(f.server.state, { userId: user.id, userName: user.name, name: 'Avid bay 2', actor: 'test' });
    const socket = await open('/edit', { token });
    try {
      const welcome = await send(socket, '/edit', 'hello', { request_id: 'h', protocol: 1 });
      assert.equal(welcome, null, 'the token works before it is revoked');
      const gone = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
      assert.ok(revokeToken(f.server.state, id, 'test'));
      // As `darkroom tokens revoke` would, from another process: the server's sweep finds it.
      assert.ok((await f.server.app.sweepSockets()) >= 1);
      assert.equal(await gone, 'io server disconnect');
      await assert.rejects(open('/edit', { token }), /Sign in first/);
    } finally {
      socket.close();
    }
  });

  it('refuses the next event of an open socket once its grant is revoked, and disconnects a removed person', async () => {
    await f.users.add({ name: 'zoe', role: 'editor', password: PASSWORD, actor: 'test' });
    f.users.grant('zoe', ['secret'], 'test');
    const cookie = await signIn(f.server.url, 'zoe');
    const sockets = { '/': await open('/', { cookie }), '/edit': await open('/edit', { cookie }) };
    try {
      await send(sockets['/edit'], '/edit', 'hello', { request_id: 'zh', protocol: 1 });
      assert.equal(await send(sockets['/'], '/', 'search', { request_id: 'z1', query: 'ledger', corpus: 'secret' }), null, 'the grant works before it is revoked');
      assert.equal(await send(sockets['/edit'], '/edit', 'search', { request_id: 'z2', query: 'ledger', corpus: 'secret' }), null);
      // As `darkroom users revoke zoe secret` would, from another process: the open sockets obey at once.
      f.users.revoke('zoe', ['secret'], 'test');
      assert.equal((await send(sockets['/'], '/', 'search', { request_id: 'z3', query: 'ledger', corpus: 'secret' }))?.code, 'CORPUS_UNKNOWN');
      assert.equal((await send(sockets['/edit'], '/edit', 'search', { request_id: 'z4', query: 'ledger', corpus: 'secret' }))?.code, 'CORPUS_UNKNOWN');
      const gone = Object.values(sockets).map((socket) => new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason))));
      f.users.remove('zoe', 'test');
      assert.ok((await f.server.app.sweepSockets()) >= 2);
      assert.deepEqual(await Promise.all(gone), ['io server disconnect', 'io server disconnect']);
      await assert.rejects(open('/', { cookie }), /Sign in first/);
    } finally {
      sockets['/'].close();
      sockets['/edit'].close();
    }
  });
});
