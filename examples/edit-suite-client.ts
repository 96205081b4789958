/**
 * A minimal edit-suite panel: connects to Darkroom's `/edit` namespace, says hello, asks a question and
 * prints the clip references of the answer (reel, source timecode in/out, frame rate, file, speaker, words).
 *
 *   npx tsx examples/edit-suite-client.ts --url http://127.0.0.1:4317 --corpus myfilm "Where does she talk about the flood?"
 *
 * Options: --url (default http://127.0.0.1:4317), --corpus, --mode auto|llm|extractive, --search (search instead of ask).
 * Exit code 0 when an answer (or hits) came back, 1 on an error event or a timeout.
 */
import { parseArgs } from 'node:util';
import { io } from 'socket.io-client';

interface Clip {
  n?: number;
  kind: string;
  reel: string;
  tc_in: string | null;
  tc_out: string | null;
  fps: number | null;
  drop_frame: boolean;
  start_s: number | null;
  end_s: number | null;
  path: string;
  speaker: string | null;
  text: string;
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:4317' },
    corpus: { type: 'string' },
    mode: { type: 'string', default: 'auto' },
    search: { type: 'boolean', default: false },
    timeout: { type: 'string', default: '60' },
    /** An API token (darkroom tokens create), for a studio server with sign-in; default DARKROOM_TOKEN. */
    token: { type: 'string', default: process.env.DARKROOM_TOKEN ?? '' },
  },
});
const question = positionals.join(' ').trim();
if (!question) {
  console.error('usage: edit-suite-client.ts [--url URL] [--token drk_…] [--corpus NAME] [--search] "question"');
  process.exit(2);
}

const socket = io(`${values.url}/edit`, { transports: ['websocket'], reconnection: false, ...(values.token ? { auth: { token: values.token } } : {}) });
const timer = setTimeout(() => finish(1, `no answer within ${values.timeout} s`), Number(values.timeout) * 1000);

function finish(code: number, message?: string): void {
  if (message) console.error(message);
  clearTimeout(timer);
  socket.close();
  process.exitCode = code;
}

function printClips(clips: Clip[]): void {
  if (clips.length === 0) console.log('(no clip references)');
  for (const [i, c] of clips.entries()) {
    const where = c.tc_in ? `${c.tc_in} - ${c.tc_out} @ ${c.fps}${c.drop_frame ? ' DF' : ''}` : c.start_s !== null ? `${c.start_s} s - ${c.end_s} s` : `(${c.kind}, no timecode)`;
    const words = c.text.replace(/\s+/g, ' ');
    console.log(`[${c.n ?? i + 1}] ${c.reel.padEnd(8)} ${where}  ${c.path}`);
    console.log(`     ${c.speaker ? `${c.speaker}: ` : ''}${words.length > 160 ? words.slice(0, 160) + '…' : words}`);
  }
}

socket.on('connect_error', (err) => finish(1, `cannot connect to ${values.url}/edit: ${err.message}`));
socket.on('error', (err: { code: string; message: string }) => finish(1, `error ${err.code}: ${err.message}`));
socket.on('connect', () => socket.emit('hello', { protocol: 1, client: 'darkroom example client' }));
socket.on('welcome', () => {
  const corpus = values.corpus ? { corpus: values.corpus } : {};
  if (values.search) socket.emit('search', { request_id: 'r1', query: question, ...corpus });
  else socket.emit('ask', { request_id: 'r1', question, mode: values.mode, ...corpus });
});
socket.on('search:result', (result: { clips: Clip[] }) => {
  printClips(result.clips);
  finish(0);
});
socket.on('ask:result', (result: { answer: string; abstained: boolean; clips: Clip[] }) => {
  console.log(result.answer.trim());
  console.log('');
  printClips(result.clips);
  finish(0);
});
