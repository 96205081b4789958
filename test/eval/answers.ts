/**
 * `npm run eval:answers`: asks every question of test/eval/question-set.ts of the chat service in extractive
 * mode (no language model) over the sample archive and the demo (GloVe embedder when present), and prints per
 * category and half: false abstentions (the answer was there), answers that cite an expected file, answers
 * that hold the expected facts, and false answers (unanswerable questions answered). Then the follow-ups:
 * two-turn conversations whose second question refers back.
 * Flags: `--list` prints each question's outcome; `--half tuning|held-out` asks only one half.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadEmbedder } from '../../core/models/embedder.ts';
import type { AnswerRecord } from '../../core/protocol/chat.ts';
import { createGenerationQueue } from '../../server/chat/queue.ts';
import { createChatService } from '../../server/chat/service.ts';
import { openAnswerStore } from '../../server/records/answer-store.ts';
import { gloveModel } from '../helpers/env.ts';
import { openEvalArchive } from './eval-archive.ts';
import { foldText } from './evaluate.ts';
import { corpusRoot, evalCategories, evalFollowUps, evalSet, type EvalHalf, type EvalItem, type EvalLocator } from './question-set.ts';

const list = process.argv.includes('--list');
const onlyHalf = process.argv.includes('--half') ? (process.argv[process.argv.indexOf('--half') + 1] as EvalHalf) : null;
const modelDir = process.env.DARKROOM_EVAL_MODEL ?? gloveModel;

interface AnswerOutcome {
  id: string;
  category: EvalItem['category'];
  half: EvalHalf;
  answerable: boolean;
  abstained: boolean;
  citesExpected: boolean;
  /** null when the question lists no facts. */
  factsHeld: boolean | null;
  reason: string | null;
}

/** Whether an answer record cites one of the expected files. */
function citesExpected(record: AnswerRecord, sources: EvalLocator[], root: string): boolean {
  return record.citations.some((c) => sources.some((s) => path.resolve(c.path) === path.resolve(root, s.file)));
}

/** Whether every fact (alternatives separated by `|`) occurs in the answer text, folded. */
function holdsFacts(text: string, facts: string[]): boolean {
  const folded = foldText(text);
  return facts.every((f) => f.split('|').some((alt) => folded.includes(foldText(alt))));
}

const embedder = existsSync(modelDir) ? await loadEmbedder(modelDir) : null;
const ev = await openEvalArchive(embedder);
try {
  console.log(`Ingested with embedder ${embedder?.stamp.name ?? 'none'}:\n  ${ev.summary.join('\n  ')}`);
  const store = await openAnswerStore(ev.home);
  const chat = createChatService({ archive: ev.archive, embedder: () => Promise.resolve(embedder), llm: () => Promise.resolve(null), store, queue: createGenerationQueue() });
  const ask = async (question: string, corpus: string, conversation_id?: string): Promise<AnswerRecord> => {
    for await (const event of chat.ask({ question, corpus, mode: 'extractive', ...(conversation_id ? { conversation_id } : {}) })) {
      if (event.type === 'done') return event.record;
      if (event.type === 'error') throw new Error(`${question}: ${event.error.message}`);
    }
    throw new Error(`${question}: no answer`);
  };

  const outcomes: AnswerOutcome[] = [];
  for (const q of evalSet) {
    if (onlyHalf && q.half !== onlyHalf) continue;
    const root = corpusRoot(q.corpus);
    if (q.sources.length > 0 && !q.sources.some((s) => ev.ingestedPaths.has(path.resolve(root, s.file)))) continue;
    if (q.sources.length === 0 && !existsSync(root)) continue;
    const r = await ask(q.question, q.corpus);
    const answerable = q.sources.length > 0;
    const outcome: AnswerOutcome = {
      id: q.id,
      category: q.category,
      half: q.half,
      answerable,
      abstained: r.abstained,
      citesExpected: !r.abstained && answerable && citesExpected(r, q.sources, root),
      factsHeld: q.facts && answerable ? !r.abstained && holdsFacts(r.answer, q.facts) : null,
      reason: r.abstain_reason,
    };
    outcomes.push(outcome);
    if (list) {
      const verdict = answerable ? (r.abstained ? 'FALSE ABSTENTION' : outcome.citesExpected ? 'cites expected' : 'cites other files') : r.abstained ? 'abstained (right)' : 'FALSE ANSWER';
      console.log(`[${q.half}] ${q.category} ${q.id}: ${verdict}${outcome.factsHeld === false ? ' (facts missing)' : ''}${r.abstained ? ` — ${r.abstain_reason ?? ''}` : ''}`);
    }
  }

  console.log('\n| category | half | questions | false abstentions | answers citing an expected file | answers holding the facts | false answers |\n|---|---|---|---|---|---|---|');
  for (const category of [...evalCategories, 'all answerable'] as const) {
    for (const half of ['tuning', 'held-out'] as const) {
      const rows = outcomes.filter((o) => o.half === half && (category === 'all answerable' ? o.answerable : o.category === category));
      if (rows.length === 0) continue;
      if (category === 'unanswerable') {
        const answered = rows.filter((o) => !o.abstained).length;
        console.log(`| ${category} | ${half} | ${rows.length} | – | – | – | ${answered}/${rows.length} (${pct(answered / rows.length)}) |`);
        continue;
      }
      const abstained = rows.filter((o) => o.abstained).length;
      const answered = rows.length - abstained;
      const cited = rows.filter((o) => o.citesExpected).length;
      const withFacts = rows.filter((o) => o.factsHeld !== null);
      const held = withFacts.filter((o) => o.factsHeld).length;
      console.log(`| ${category} | ${half} | ${rows.length} | ${abstained}/${rows.length} (${pct(abstained / rows.length)}) | ${cited}/${answered} | ${held}/${withFacts.length} | – |`);
    }
  }

  console.log('\nFollow-ups (second question refers back):\n| half | conversations | follow-up answered | cites an expected file | differs from the first answer |\n|---|---|---|---|---|');
  const fu = new Map<EvalHalf, { n: number; answered: number; cited: number; differs: number }>();
  for (const f of evalFollowUps) {
    if (onlyHalf && f.half !== onlyHalf) continue;
    const root = corpusRoot(f.corpus);
    if (!existsSync(root)) continue;
    const first = await ask(f.first, f.corpus);
    const then = await ask(f.then, f.corpus, first.conversation_id);
    const row = fu.get(f.half) ?? { n: 0, answered: 0, cited: 0, differs: 0 };
    row.n += 1;
    if (!then.abstained) row.answered += 1;
    if (!then.abstained && citesExpected(then, f.sources, root)) row.cited += 1;
    if (then.answer.trim() !== first.answer.trim()) row.differs += 1;
    fu.set(f.half, row);
    if (list) console.log(`[${f.half}] ${f.id}: "${f.then}" searched as "${then.retrieval.query}"; ${then.abstained ? `abstained — ${then.abstain_reason ?? ''}` : `cites ${then.citations.map((c) => path.basename(c.path)).join(', ')}`}`);
  }
  for (const [half, r] of fu) console.log(`| ${half} | ${r.n} | ${r.answered}/${r.n} | ${r.cited}/${r.n} | ${r.differs}/${r.n} |`);
} finally {
  ev.close();
  await embedder?.dispose();
}

function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}
