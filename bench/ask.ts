/**
 * `npm run bench:ask`: what the server adds to an answer, measured against node-llama-cpp called directly
 * in the same run with the same model, prompt and settings; and search requests per second over HTTP with
 * 8 concurrent clients against searchArchive called in-process.
 *
 * Flags (`--help`; each with an environment variable of the same meaning): --llm / DARKROOM_BENCH_LLM: a GGUF (default ../shared/models/stories260k/stories260K.gguf); threads 1, CPU.
 * --passages / DARKROOM_BENCH_PASSAGES: passages in the prompt (default 3). --runs / DARKROOM_BENCH_RUNS: answers per side (default 5, after one warm-up each); --seconds / DARKROOM_BENCH_SECONDS: search duration (default 5).
 * Server and clients share this process (loopback socket.io and HTTP): the figures include the client's work.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getLlama, LlamaChat, LlamaLogLevel, type ChatHistoryItem } from 'node-llama-cpp';
import { io as connect, type Socket } from 'socket.io-client';
import { loadConfig, projectRoot } from '../core/config.ts';
import { loadLlm } from '../core/models/llm/load.ts';
import type { AnswerEvent, AnswerRecord } from '../core/protocol/chat.ts';
import { searchArchive } from '../core/search/search.ts';
import { Archive } from '../core/store/archive.ts';
import { ingest } from '../ingest/pipeline.ts';
import { createApp } from '../server/app.ts';
import { createGenerationQueue } from '../server/chat/queue.ts';
import { openAnswerStore } from '../server/records/answer-store.ts';
import { parseBenchFlags, positiveNumber } from './flags.ts';

const flags = parseBenchFlags<{ llm: string; passages: number; runs: number; seconds: number }>(
  'bench:ask',
  'What the server adds to an answer against node-llama-cpp called directly, and HTTP search requests per second.',
  (cmd) => cmd
    .option('--llm <gguf>', 'the GGUF model (env DARKROOM_BENCH_LLM)', process.env.DARKROOM_BENCH_LLM ?? path.join(projectRoot, '..', 'shared', 'models', 'stories260k', 'stories260K.gguf'))
    .option('--passages <n>', 'passages in the prompt (env DARKROOM_BENCH_PASSAGES)', positiveNumber(), Number(process.env.DARKROOM_BENCH_PASSAGES ?? 3))
    .option('--runs <n>', 'answers per side after one warm-up each (env DARKROOM_BENCH_RUNS)', positiveNumber(), Number(process.env.DARKROOM_BENCH_RUNS ?? 5))
    .option('--seconds <n>', 'search duration, seconds (env DARKROOM_BENCH_SECONDS)', positiveNumber(), Number(process.env.DARKROOM_BENCH_SECONDS ?? 5)),
);
const modelPath = path.resolve(flags.llm);
const runs = flags.runs;
const searchSeconds = flags.seconds;
const MAX_TOKENS = 64;

const docs: Record<string, string> = {
  'letter_1911_flood.txt': 'March 3, 1911\n\nDear Mother,\n\nThe school by the river reopened after the flood. The teacher, Miss Harriet Cole, came back on Monday. The water had reached the second step of the church.\n\nYour loving son, Thomas.',
  'letter_1912_barn.txt': 'August 14, 1912\n\nDear Sister,\n\nThe barn burned in August, struck by lightning during the storm. Mr. Pruitt lost two horses and all the hay. The neighbours came with buckets from the creek.\n\nThomas.',
  'notes_harvest.md': '# Harvest notes\n\nThe wheat harvest of 1913 was poor: hail in June flattened the east field. The threshing crew came in September.',
};
const question = { corpus: 'bench', question: 'What struck the barn during the storm in August?', max_tokens: MAX_TOKENS, limit: flags.passages };
const searchQueries = ['flood school', 'barn lightning', 'harvest hail', 'teacher', 'threshing crew September', 'horses hay creek'];

interface Timing {
  ttft_ms: number;
  tokens: number;
  tokens_per_s: number;
  output: string;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

function askOverSocket(socket: Socket, request_id: string): Promise<{ timing: Timing; record: AnswerRecord }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let t1: number | null = null;
    const onAny = (name: string, event: AnswerEvent) => {
      if (!name.startsWith('answer:') || event.request_id !== request_id) return;
      if (event.type === 'token') t1 ??= performance.now();
      if (event.type === 'error') reject(new Error(event.error.message));
      if (event.type === 'done') {
        socket.offAny(onAny);
        const t2 = performance.now();
        const tokens = event.record.cost.tokens_out ?? 0;
        const first = t1 ?? t2;
        resolve({ timing: { ttft_ms: first - t0, tokens, tokens_per_s: tokens / ((t2 - first) / 1000 || Infinity), output: event.record.output }, record: event.record });
      }
    };
    socket.onAny(onAny);
    socket.emit('ask', { request_id, ...question });
  });
}

async function main(): Promise<void> {
  const work = mkdtempSync(path.join(tmpdir(), 'darkroom-bench-ask-'));
  try {
    const docsDir = path.join(work, 'docs');
    mkdirSync(docsDir);
    for (const [name, text] of Object.entries(docs)) writeFileSync(path.join(docsDir, name), text);
    const home = path.join(work, 'home');
    const archive = await Archive.open({ home });
    await ingest({ archive, corpus: 'bench', inputs: [docsDir], embedder: null });

    const config = loadConfig({ DARKROOM_HOME: home, DARKROOM_LLM_MODEL: modelPath, DARKROOM_THREADS: '1', DARKROOM_GPU: 'false' });
    const llm = await loadLlm(config);
    if (!llm) throw new Error('no model');
    const app = createApp({
      archive,
      embedder: () => Promise.resolve(null),
      llm: () => Promise.resolve(llm),
      store: await openAnswerStore(home),
      queue: createGenerationQueue(1),
      webRoot: null,
    });
    await new Promise<void>((resolve) => app.http.listen(0, '127.0.0.1', () => resolve()));
    const url = `http://127.0.0.1:${(app.http.address() as AddressInfo).port}`;
    const socket = connect(url, { transports: ['websocket'], reconnection: false });
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));

    // The direct side: node-llama-cpp with the same model file, context size, threads and sampling.
    const llama = await getLlama({ gpu: false, build: 'never', logLevel: LlamaLogLevel.error });
    const model = await llama.loadModel({ modelPath });
    const context = await model.createContext({ contextSize: llm.contextSize, threads: 1, sequences: 1 });
    const sequence = context.getSequence();
    const chat = new LlamaChat({ contextSequence: sequence });

    const warm = await askOverSocket(socket, 'warm');
    const record = warm.record;
    if (!record.prompt_messages || !record.settings) throw new Error(`the bench question was not answered by the model: ${record.abstain_reason ?? record.answer}`);
    const { system, messages } = record.prompt_messages;
    const settings = record.settings;
    const history: ChatHistoryItem[] = [
      { type: 'system', text: system },
      ...messages.map((m): ChatHistoryItem => (m.role === 'user' ? { type: 'user', text: m.content } : { type: 'model', response: [m.content] })),
      { type: 'model', response: [] },
    ];
    const direct = async (): Promise<Timing> => {
      await sequence.clearHistory();
      const t0 = performance.now();
      let t1: number | null = null;
      let tokens = 0;
      const res = await chat.generateResponse(history, {
        maxTokens: settings.max_tokens,
        temperature: settings.temperature,
        topK: settings.top_k,
        topP: settings.top_p,
        seed: settings.seed,
        onToken: (t) => {
          tokens += t.length;
        },
        onTextChunk: () => {
          t1 ??= performance.now();
        },
      });
      const t2 = performance.now();
      const first = t1 ?? t2;
      return { ttft_ms: first - t0, tokens, tokens_per_s: tokens / ((t2 - first) / 1000 || Infinity), output: res.response };
    };
    await direct();

    const server: Timing[] = [];
    const baseline: Timing[] = [];
    const retrieval: number[] = [];
    for (let i = 0; i < runs; i++) {
      const s = await askOverSocket(socket, `run-${i}`);
      server.push(s.timing);
      retrieval.push(s.record.cost.retrieval_s * 1000);
      baseline.push(await direct());
    }
    const same = server.every((s) => s.output === baseline[0]?.output);
    const row = (name: string, xs: Timing[]) =>
      `${name.padEnd(24)} ttft median ${median(xs.map((x) => x.ttft_ms)).toFixed(1).padStart(7)} ms (min ${Math.min(...xs.map((x) => x.ttft_ms)).toFixed(1)})   ${median(xs.map((x) => x.tokens_per_s)).toFixed(1).padStart(7)} tokens/s (max ${Math.max(...xs.map((x) => x.tokens_per_s)).toFixed(1)})   ${median(xs.map((x) => x.tokens))} tokens`;
    const sTtft = median(server.map((x) => x.ttft_ms));
    const dTtft = median(baseline.map((x) => x.ttft_ms));
    const sTps = median(server.map((x) => x.tokens_per_s));
    const dTps = median(baseline.map((x) => x.tokens_per_s));
    console.log(`bench:ask  model ${path.basename(modelPath)}  threads 1  context ${llm.contextSize}  prompt ${record.cost.tokens_in} tokens  max_tokens ${MAX_TOKENS}  medians of ${runs} runs each, interleaved`);
    console.log(row('node-llama-cpp direct', baseline));
    console.log(row('server over socket.io', server));
    console.log(`server adds ${(sTtft - dTtft).toFixed(1)} ms to time to first token (retrieval ${median(retrieval).toFixed(1)} ms of it); tokens/s ${((sTps / dTps) * 100).toFixed(1)}% of direct; same output as direct: ${same ? 'yes' : 'NO'}`);

    // Search over HTTP, 8 concurrent clients, against searchArchive in-process.
    let n = 0;
    const deadline = performance.now() + searchSeconds * 1000;
    const latencies: number[] = [];
    await Promise.all(
      Array.from({ length: 8 }, async (_, c) => {
        for (let i = c; performance.now() < deadline; i++) {
          const q = searchQueries[i % searchQueries.length] ?? 'flood';
          const t = performance.now();
          const res = await fetch(`${url}/api/search?q=${encodeURIComponent(q)}&corpus=bench&limit=10`);
          if (!res.ok) throw new Error(`search failed: ${res.status}`);
          await res.json();
          latencies.push(performance.now() - t);
          n++;
        }
      }),
    );
    const httpRps = n / searchSeconds;
    let m = 0;
    const inDeadline = performance.now() + searchSeconds * 1000;
    while (performance.now() < inDeadline) {
      await searchArchive(archive, null, { query: searchQueries[m % searchQueries.length] ?? 'flood', corpus: 'bench', limit: 10 });
      m++;
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    console.log(`search over HTTP, 8 clients: ${httpRps.toFixed(0)} requests/s (p50 ${median(latencies).toFixed(1)} ms, p95 ${(sorted[Math.floor(sorted.length * 0.95)] ?? 0).toFixed(1)} ms); searchArchive in-process, one at a time: ${(m / searchSeconds).toFixed(0)} calls/s`);

    socket.close();
    await app.close();
    chat.dispose();
    await context.dispose();
    await model.dispose();
    await llm.dispose();
    archive.close();
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
