/**
 * A studio server with sign-in on, for the access tests: corpora "test" and "secret" (a letter and a timed
 * transcript), and four people made through the real user directory. Olga (editor, both corpora) owns an
 * answer, a conversation and a select in "secret"; the others are who the attacker's table plays.
 */
import { createUserDirectory, type UserDirectory } from '../../core/store/state/access/users.ts';
import { startTestServer, type TestServer, type TestServerOptions } from './server-app.ts';

export const PASSWORD = 'correct horse battery staple';

export const secretDocs: Record<string, string> = {
  'testimony_marguerite.srt':
    '1\n00:00:01,000 --> 00:00:06,000\nMarguerite: I hid the ledger under the floor of the bakery in 1943.\n\n2\n00:00:06,500 --> 00:00:12,000\nMarguerite: Nobody in the village knew where the ledger was kept.\n',
  'letter_bakery.txt': 'Paris, 1944. The bakery on rue Mouffetard reopened; the ledger was found under the floor.',
};

export interface AccessFixture {
  server: TestServer;
  users: UserDirectory;
  /** Cookie header of each signed-in person. */
  cookies: Record<'olga' | 'vic' | 'eve' | 'mal' | 'ada', string>;
  /** Olga's things in corpus "secret". */
  olga: { answerId: string; conversationId: string; selectId: string; sourceId: string; passageId: string; question: string };
  close(): Promise<void>;
}

/** Signs in over HTTP and returns the Cookie header to send. */
export async function signIn(url: string, username: string, password = PASSWORD): Promise<string> {
  const res = await fetch(`${url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (res.status !== 200) throw new Error(`sign-in of ${username} answered ${res.status}: ${await res.text()}`);
  const set = res.headers.get('set-cookie') ?? '';
  return set.split(';')[0] ?? '';
}

export async function startAccessFixture(options: TestServerOptions = {}): Promise<AccessFixture> {
  const server = await startTestServer({ studio: true, corpora: { secret: secretDocs }, access: {}, ...options });
  const users = createUserDirectory(server.state);
  await users.add({ name: 'ada', role: 'admin', password: PASSWORD, actor: 'test' });
  await users.add({ name: 'olga', role: 'editor', password: PASSWORD, actor: 'test' });
  await users.add({ name: 'vic', role: 'viewer', password: PASSWORD, actor: 'test' });
  await users.add({ name: 'eve', role: 'editor', password: PASSWORD, actor: 'test' });
  await users.add({ name: 'mal', role: 'editor', password: PASSWORD, actor: 'test' });
  users.grant('olga', ['test', 'secret'], 'test');
  users.grant('vic', ['test'], 'test');
  users.grant('eve', ['test', 'secret'], 'test');
  users.grant('mal', ['test'], 'test');
  const cookies = {} as AccessFixture['cookies'];
  for (const name of ['olga', 'vic', 'eve', 'mal', 'ada'] as const) cookies[name] = await signIn(server.url, name);

  const post = async (path: string, body: unknown) => {
    const res = await fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/json', cookie: cookies.olga }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as Record<string, unknown>;
  };
  const question = 'Where did Marguerite hide the ledger?';
  const asked = (await post('/api/ask', { question, corpus: 'secret' })) as { answer_id: string; conversation_id: string };
  const sources = (await server.archive.listSources({ corpus: 'secret' })).filter((s) => s.path.endsWith('.srt'));
  const table = await server.archive.passages();
  const timed = table ? ((await table.query().where(`corpus = 'secret' AND start_s IS NOT NULL`).select(['id']).limit(1).toArray()) as Array<{ id: string }>) : [];
  const passageId = timed[0]?.id;
  if (!passageId || !sources[0]) throw new Error('no timed passage in corpus "secret"');
  const selected = (await post('/api/selects/secret', { passage_id: passageId })) as { items: Array<{ id: string }> };
  return {
    server,
    users,
    cookies,
    olga: { answerId: asked.answer_id, conversationId: asked.conversation_id, selectId: selected.items[0]?.id ?? '', sourceId: sources[0].id, passageId, question },
    close: () => server.close(),
  };
}
