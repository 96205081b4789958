/**
 * The remote backend: an OpenAI-compatible chat server the studio runs on its own network (llama.cpp's
 * llama-server, vLLM, Ollama), at DARKROOM_LLM_URL. Requests go to that server only: `{url}/chat/completions`
 * (streamed, SSE), `{url}/models`, and on llama-server its own `/props`, `/tokenize` and `/apply-template`
 * (same host and port, without the `/v1`). Routes the server lacks are noted once and not asked again.
 */
import type { Config } from '../../config.ts';
import { DarkroomError } from '../../errors.ts';
import { createLogger } from '../../logger.ts';
import type { ModelInfo } from '../../protocol/chat.ts';
import type { GenerateRequest, GenerateResult, LlmBackend } from './types.ts';

const log = createLogger('llm');

/** Context assumed when the server does not say and DARKROOM_LLM_CONTEXT is unset. */
export const DEFAULT_REMOTE_CONTEXT = 4096;
/** Milliseconds allowed for the start-up probes (model list, context size). */
const PROBE_TIMEOUT_MS = 3000;

/**
 * Tokens estimated for prompt fitting when the server has no /tokenize: one token per 3 bytes of UTF-8,
 * plus one. It over-counts English (about 4-5 bytes a token) so a prompt it fits does fit; it is never
 * reported as a measurement.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(Buffer.byteLength(text, 'utf8') / 3) + 1;
}

/** Connects to the configured OpenAI-compatible server; probes its model name and context size. */
export async function loadOpenAiBackend(config: Config): Promise<LlmBackend> {
  if (!config.llmUrl) throw new DarkroomError('CONFIG_INVALID', 'DARKROOM_LLM_URL is unset. Set it to the studio server, e.g. http://gpu-1.studio.lan:8080/v1.');
  const base = config.llmUrl.replace(/\/+$/, '');
  const root = base.replace(/\/v1$/, '');
  const models = await getJson(`${base}/models`);
  const listed = Array.isArray((models as { data?: unknown })?.data) ? ((models as { data: Array<Record<string, unknown>> }).data) : [];
  const name = config.llmApiModel ?? (typeof listed[0]?.id === 'string' ? listed[0].id : 'default');
  const entry = listed.find((m) => m.id === name);
  const props = (await getJson(`${root}/props`)) as { default_generation_settings?: { n_ctx?: unknown } } | null;
  const serverContext = numberOr(props?.default_generation_settings?.n_ctx) ?? numberOr(entry?.max_model_len) ?? numberOr(entry?.context_length);
  const contextSize = config.llmContextSize ?? serverContext ?? DEFAULT_REMOTE_CONTEXT;
  if (models === null) log.warn('the LLM server did not answer at start-up; answers will fail until it does', { url: base });

  let canTokenize: boolean | null = null;
  let canApplyTemplate: boolean | null = null;
  const info: ModelInfo = { backend: 'openai-compatible', name, sha256: null, url: base, context_size: contextSize, gpu: null };

  async function renderPrompt(messages: Array<{ role: string; content: string }>): Promise<string> {
    if (canApplyTemplate !== false) {
      const out = (await postJson(`${root}/apply-template`, { messages })) as { prompt?: unknown } | null;
      canApplyTemplate = typeof out?.prompt === 'string';
      if (typeof out?.prompt === 'string') return out.prompt;
    }
    return JSON.stringify({ model: name, messages }, null, 2);
  }

  async function generate(req: GenerateRequest): Promise<GenerateResult> {
    const startedAt = performance.now();
    const elapsed = () => (performance.now() - startedAt) / 1000;
    const messages = [{ role: 'system', content: req.system }, ...req.messages.map((m) => ({ role: m.role, content: m.content }))];
    const prompt = await renderPrompt(messages);
    const { settings } = req;
    const body = {
      model: name,
      messages,
      stream: true,
      stream_options: { include_usage: true },
      seed: settings.seed,
      temperature: settings.temperature,
      top_p: settings.top_p,
      top_k: settings.top_k,
      max_tokens: settings.max_tokens,
    };
    let text = '';
    let ttft: number | null = null;
    let finish: string | null = null;
    let usage: { prompt_tokens?: unknown; completion_tokens?: unknown } | null = null;
    const result = (stop_reason: GenerateResult['stop_reason']): GenerateResult => ({
      text,
      prompt,
      tokens_in: numberOr(usage?.prompt_tokens),
      tokens_out: numberOr(usage?.completion_tokens),
      ttft_s: ttft,
      gen_s: elapsed(),
      stop_reason,
    });
    if (req.signal?.aborted) return result('abort');
    try {
      const response = await fetch(`${base}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify(body),
        signal: req.signal ?? null,
      });
      if (!response.ok || !response.body) {
        const detail = (await response.text().catch(() => '')).slice(0, 300);
        throw new DarkroomError('LLM_FAILED', `${base}/chat/completions answered HTTP ${response.status}${detail ? `: ${detail}` : ''}. Check DARKROOM_LLM_URL and DARKROOM_LLM_API_MODEL (${name}).`);
      }
      for await (const event of readSse(response.body)) {
        if (event === '[DONE]') break;
        const chunk = parseJson(event) as { choices?: Array<{ delta?: { content?: unknown }; finish_reason?: unknown }>; usage?: typeof usage } | null;
        if (!chunk) continue;
        if (chunk.usage) usage = chunk.usage;
        const choice = chunk.choices?.[0];
        const piece = choice?.delta?.content;
        if (typeof piece === 'string' && piece !== '') {
          ttft ??= elapsed();
          text += piece;
          req.onToken?.(piece);
        }
        if (typeof choice?.finish_reason === 'string') finish = choice.finish_reason;
      }
    } catch (cause) {
      if (req.signal?.aborted) return result('abort');
      if (cause instanceof DarkroomError) throw cause;
      throw new DarkroomError('LLM_FAILED', `Could not generate with ${base} (${(cause as Error).message}). Check that the server runs and DARKROOM_LLM_URL is right.`, { cause });
    }
    return result(finish === 'length' ? 'max_tokens' : 'eos');
  }

  return {
    info,
    contextSize,
    threads: null,
    async countTokens(text) {
      if (canTokenize !== false) {
        const out = (await postJson(`${root}/tokenize`, { content: text })) as { tokens?: unknown } | null;
        canTokenize = Array.isArray(out?.tokens);
        if (Array.isArray(out?.tokens)) return out.tokens.length;
        log.info('the LLM server has no /tokenize; prompt fitting uses a conservative estimate', { url: root });
      }
      return estimateTokens(text);
    },
    generate,
    vramUsedMb: () => Promise.resolve(null),
    dispose: () => Promise.resolve(),
  };
}

/** Yields the `data:` payloads of a server-sent-events stream. */
async function* readSse(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffer = '';
  let data: string[] = [];
  for await (const bytes of body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(bytes, { stream: true });
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline).replace(/\r$/, '');
      buffer = buffer.slice(newline + 1);
      if (line === '') {
        if (data.length > 0) yield data.join('\n');
        data = [];
      } else if (line.startsWith('data:')) {
        data.push(line.slice(5).replace(/^ /, ''));
      }
    }
  }
  if (data.length > 0) yield data.join('\n');
}

async function getJson(url: string): Promise<unknown> {
  return requestJson(url, { method: 'GET' });
}

async function postJson(url: string, body: unknown): Promise<unknown> {
  return requestJson(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/** JSON from the configured server, or null when it is unreachable, lacks the route, or answers non-JSON. */
async function requestJson(url: string, init: RequestInit): Promise<unknown> {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    if (!response.ok) return null;
    return parseJson(await response.text());
  } catch {
    return null;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function numberOr(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : null;
}
