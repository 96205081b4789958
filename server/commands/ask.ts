/** `darkroom ask "<question>"` and `darkroom replay <answer-id>`: the chat service from the command line. */
import { cpus as cpus_ } from 'node:os';
import { Command } from 'commander';
import { withRuntime } from '../../core/cli-runtime.ts';
import type { Runtime } from '../../core/runtime.ts';
import type { AskResult } from '../../core/protocol/chat.ts';
import type { ChatDeps } from '../chat/service.ts';
import { locate } from './search.ts';

/** The chat service's dependencies for one CLI run; the LLM is loaded only if an answer needs it. */
async function chatDeps(rt: Runtime): Promise<ChatDeps> {
  const [{ loadLlm }, { openAnswerStore }, { createGenerationQueue }] = await Promise.all([import('../../core/models/llm/load.ts'), import('../records/answer-store.ts'), import('../chat/queue.ts')]);
  let llm: ReturnType<typeof loadLlm> | null = null;
  return {
    archive: rt.archive,
    embedder: () => rt.embedder(),
    llm: () => (llm ??= loadLlm(rt.config)),
    store: await openAnswerStore(rt.config.home, { state: rt.state() }),
    queue: createGenerationQueue(1),
  };
}

async function disposeLlm(deps: ChatDeps): Promise<void> {
  await (await deps.llm().catch(() => null))?.dispose();
}

export function askCommand(): Command {
  return new Command('ask')
    .description('Ask the archive a question: an answer with its citations and the id of its record')
    .argument('<question>', 'the question')
    .option('-c, --corpus <name>', 'ask this corpus only')
    .option('--mode <mode>', 'auto (LLM if configured), llm or extractive', 'auto')
    .option('--conversation <id>', 'a follow-up in this conversation')
    .option('-k, --limit <n>', 'passages retrieved')
    .option('--json', 'print the answer, mode, abstained, citations (search-hit fields) and record as JSON')
    .action(async (question: string, opts: { corpus?: string; mode: string; conversation?: string; limit?: string; json?: boolean }, command: Command) => {
      await withRuntime(command, async (rt) => {
        const [{ askPayloadSchema }, { validatePayload }, { collectAnswer }, { createChatService }] = await Promise.all([
          import('../../core/protocol/chat.ts'),
          import('../validate.ts'),
          import('../chat/collect.ts'),
          import('../chat/service.ts'),
        ]);
        const payload = validatePayload(
          askPayloadSchema,
          { question, corpus: opts.corpus, mode: opts.mode, conversation_id: opts.conversation, limit: opts.limit === undefined ? undefined : Number(opts.limit) },
          'question',
        );
        const { writeCliAudit } = await import('../../core/store/state/access/cli-audit.ts');
        // Who asked what, in which corpus, and which sources were retrieved and cited (docs/access.md).
        const deps: ChatDeps = { ...(await chatDeps(rt)), audit: (entry) => void writeCliAudit(rt, entry) };
        try {
          const controller = new AbortController();
          process.once('SIGINT', () => controller.abort());
          const result = await collectAnswer(createChatService(deps).ask(payload, { signal: controller.signal, actor: { name: 'local', via: 'cli' } }));
          process.stdout.write(opts.json ? JSON.stringify(result, null, 2) + '\n' : formatAnswer(result));
        } finally {
          await disposeLlm(deps);
        }
      });
    });
}

export function replayCommand(): Command {
  return new Command('replay')
    .description('Regenerate a recorded answer with the same model, prompt and settings; exit 0 if byte-identical, 1 if not')
    .argument('<answer-id>', 'the id `darkroom ask` printed (ans_…)')
    .option('--json', 'print the comparison as JSON')
    .action(async (id: string, opts: { json?: boolean }, command: Command) => {
      await withRuntime(command, async (rt) => {
        const [{ replayAnswer }, { createChatService }] = await Promise.all([import('../chat/replay.ts'), import('../chat/service.ts')]);
        const deps = await chatDeps(rt);
        try {
          const result = await replayAnswer({ ...deps, chat: createChatService(deps) }, id);
          if (opts.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
          else {
            process.stdout.write(`${id} (${result.mode}): ${result.identical ? 'byte-identical' : 'DIFFERENT'}\n`);
            for (const note of result.notes) process.stdout.write(`note: ${note}\n`);
            if (!result.identical) process.stdout.write(`--- recorded\n${result.original}\n--- replayed\n${result.replayed}\n`);
          }
          return result.identical ? 0 : 1;
        } finally {
          await disposeLlm(deps);
        }
      });
    });
}

function formatAnswer(r: AskResult): string {
  const lines = [r.answer.trimEnd(), ''];
  if (r.citations.length) lines.push('Sources:');
  else if (!r.abstained) lines.push('No citation: nothing in this answer is backed by a cited passage. Treat it as unverified.');
  for (const c of r.citations) {
    lines.push(`[${c.n}] ${locate(c)}`);
    for (const q of c.quotes) if (!q.verified) lines.push(`    quote not found verbatim in this passage: "${q.text}"`);
  }
  if (r.record.dropped_citations.length) lines.push(`dropped: [${r.record.dropped_citations.join('], [')}] pointed at no passage given to the model`);
  lines.push('', `mode: ${r.mode}${r.abstained ? ' (abstained)' : ''} · model: ${r.record.model.name}${r.record.model.sha256 ? ` (sha256 ${r.record.model.sha256.slice(0, 12)}…)` : ''}`);
  lines.push(`cost: ${formatCost(r.record.cost)}`);
  const hardware = formatHardware(r.record.model, r.record.settings?.threads ?? null);
  if (hardware) lines.push(`hardware: ${hardware}`);
  lines.push(`record: ${r.answer_id} (conversation ${r.conversation_id}; \`darkroom replay ${r.answer_id}\`)`, '');
  return lines.join('\n');
}

/**
 * Where the answer's model ran: "CPU" with this machine's processor and the threads used, or the GPU backend
 * holding its layers; a remote server by its URL. Null for an extractive answer. Nothing is guessed: the CPU
 * line reads the processor from the OS, the threads from the answer's settings.
 */
export function formatHardware(model: AskResult['record']['model'], threads: number | null): string | null {
  if (model.backend === 'openai-compatible') return `the model server at ${model.url ?? '?'} (its hardware is not visible from here)`;
  if (model.backend !== 'node-llama-cpp' || !model.gpu) return null;
  if (model.gpu !== 'CPU') return `GPU: ${model.gpu}`;
  const cpus = cpus_();
  return `CPU (${cpus[0]?.model.trim() || 'processor model not reported'}, ${cpus.length} logical cores${threads !== null ? `, ${threads} threads used` : ''})`;
}

/** Every measured figure of an answer on one line, and what could not be measured. */
function formatCost(c: AskResult['record']['cost']): string {
  const parts = [`${c.wall_s.toFixed(2)} s wall`, `retrieval ${c.retrieval_s.toFixed(3)} s`];
  if (c.ttft_s !== null) parts.push(`first token ${c.ttft_s.toFixed(3)} s`);
  if (c.tokens_in !== null && c.tokens_out !== null) parts.push(`${c.tokens_in} tokens in, ${c.tokens_out} out`);
  if (c.tokens_per_s !== null) parts.push(`${c.tokens_per_s.toFixed(1)} tokens/s`);
  parts.push(`peak memory ${Math.round(c.peak_rss_mb)} MB`);
  if (c.vram_mb !== null) parts.push(`VRAM ${c.vram_mb} MB`);
  parts.push(c.energy_j !== null ? `${c.energy_j.toFixed(1)} J` : 'energy not measurable here');
  return parts.join(' · ');
}
