/**
 * Abstention, measured: the search engineer's answerable and unanswerable questions (test/eval/questions.ts)
 * asked of the chat service in extractive mode over ../shared/corpora/archive-sample (text, transcripts and
 * PDFs; the GloVe embedder when present). Prints the false-abstain and false-answer rates per language pair
 * (the figures in docs/server.md) and fails if they get worse than the bounds below.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadEmbedder, type Embedder } from '../../core/models/embedder.ts';
import type { AnswerRecord } from '../../core/protocol/chat.ts';
import { Archive } from '../../core/store/archive.ts';
import { ingest } from '../../ingest/pipeline.ts';
import { createGenerationQueue } from '../../server/chat/queue.ts';
import { createChatService, type ChatService } from '../../server/chat/service.ts';
import { openAnswerStore } from '../../server/records/answer-store.ts';
import { evalQuestions, unanswerableQuestions } from '../eval/questions.ts';
import { gloveModel, needs, sampleCorpus, tempDir } from '../helpers/env.ts';

const skip = needs(sampleCorpus, 'the sample archive');
const folders = ['letters', 'letters_fr', 'transcripts', 'pdf'];

describe('abstention on questions the sample archive can and cannot answer', { skip }, () => {
  const tmp = tempDir('darkroom-abstain-');
  let archive: Archive;
  let embedder: Embedder | null = null;
  let chat: ChatService;

  before(async () => {
    archive = await Archive.open({ home: tmp.dir });
    embedder = existsSync(gloveModel) ? await loadEmbedder(gloveModel) : null;
    await ingest({ archive, corpus: 'sample', inputs: folders.map((f) => path.join(sampleCorpus, f)), embedder });
    const store = await openAnswerStore(tmp.dir);
    chat = createChatService({ archive, embedder: () => Promise.resolve(embedder), llm: () => Promise.resolve(null), store, queue: createGenerationQueue() });
  });
  after(async () => {
    await embedder?.dispose();
    archive.close();
    tmp.cleanup();
  });

  async function record(question: string): Promise<AnswerRecord> {
    for await (const event of chat.ask({ question, corpus: 'sample', mode: 'extractive' })) {
      if (event.type === 'done') return event.record;
      if (event.type === 'error') throw new Error(`${question}: ${event.error.message}`);
    }
    throw new Error(`${question}: no answer`);
  }

  it('answers questions in the language of their material, abstains on most unanswerable ones, and cites the right file', async () => {
    const byPair = new Map<string, { asked: number; abstained: number; citedRight: number }>();
    const falseAbstains: string[] = [];
    for (const q of evalQuestions) {
      if (!folders.some((f) => q.file.startsWith(f + '/'))) continue;
      const r = await record(q.question);
      const pair = `${q.language}>${q.source}`;
      const row = byPair.get(pair) ?? { asked: 0, abstained: 0, citedRight: 0 };
      row.asked += 1;
      if (r.abstained) {
        row.abstained += 1;
        falseAbstains.push(`${pair} ${q.question} (${r.abstain_reason})`);
      } else if (r.citations.some((c) => path.relative(sampleCorpus, c.path) === q.file)) {
        row.citedRight += 1;
      }
      byPair.set(pair, row);
    }
    const falseAnswers: string[] = [];
    for (const q of unanswerableQuestions) {
      const r = await record(q.question);
      if (!r.abstained) falseAnswers.push(q.question);
      else assert.deepEqual(r.citations, [], 'an abstention cites nothing');
    }

    const same = [...byPair].filter(([p]) => p === 'en>en' || p === 'fr>fr').map(([, v]) => v);
    const cross = [...byPair].filter(([p]) => p !== 'en>en' && p !== 'fr>fr').map(([, v]) => v);
    const sum = (rows: typeof same, k: 'asked' | 'abstained' | 'citedRight') => rows.reduce((n, r) => n + r[k], 0);
    const lines = [
      `embedder: ${embedder ? 'GloVe 100d' : 'none (full-text only)'}`,
      ...[...byPair].map(([p, v]) => `${p}: ${v.abstained}/${v.asked} falsely abstained; ${v.citedRight}/${v.asked - v.abstained} answers cite the expected file`),
      `same language: false-abstain ${sum(same, 'abstained')}/${sum(same, 'asked')}; cross-language: ${sum(cross, 'abstained')}/${sum(cross, 'asked')}`,
      `unanswerable: false-answer ${falseAnswers.length}/${unanswerableQuestions.length}`,
      ...falseAbstains.map((s) => `  abstained: ${s}`),
      ...falseAnswers.map((s) => `  answered: ${s}`),
    ];
    process.stdout.write(lines.map((l) => `# ${l}\n`).join(''));

    assert.ok(sum(same, 'abstained') <= Math.ceil(sum(same, 'asked') * 0.1), 'at most 10% false abstentions on same-language questions');
    assert.ok(falseAnswers.length <= 2, 'at most 2 of 12 unanswerable questions answered');
    assert.ok(sum(same, 'citedRight') >= (sum(same, 'asked') - sum(same, 'abstained')) * 0.7, 'most answers cite the file that holds the answer');
  });
});
