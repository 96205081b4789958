/**
 * The Whisper worker thread: loads a local transformers.js Whisper model once, then transcribes the audio
 * windows the main thread sends (so the CLI and the server stay responsive while it runs).
 * Messages in: `{ type: 'window', id, samples, offset_s, window_s }`; out: `ready`, `result`, `error`.
 */
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';

interface WorkerInput {
  model: string;
  dtype: string;
  threads: number;
  language: string | null;
}

interface GenerationConfig {
  is_multilingual?: boolean;
  lang_to_id?: Record<string, number>;
  decoder_start_token_id?: number;
}

type Asr = ((audio: Float32Array, options: Record<string, unknown>) => Promise<unknown>) & {
  processor: (audio: Float32Array) => Promise<{ input_features: unknown }>;
  model: ((inputs: Record<string, unknown>) => Promise<{ logits: { data: Float32Array; dims: number[] } }>) & { generation_config?: GenerationConfig };
};

const input = workerData as WorkerInput;
const port = parentPort;
if (!port) throw new Error('whisper-worker.ts must run as a worker thread');

const tf = await import('@huggingface/transformers');
tf.env.allowRemoteModels = false;
tf.env.allowLocalModels = true;
tf.env.localModelPath = path.dirname(input.model) + path.sep;
let asr: Asr;
try {
  asr = (await tf.pipeline('automatic-speech-recognition', path.basename(input.model), {
    dtype: input.dtype as 'fp32',
    device: 'cpu',
    session_options: { intraOpNumThreads: input.threads, interOpNumThreads: 1 },
  })) as unknown as Asr;
  port.postMessage({ type: 'ready', multilingual: asr.model.generation_config?.is_multilingual ?? false });
} catch (err) {
  port.postMessage({ type: 'error', id: null, message: (err as Error).message });
  process.exit(0);
}

let language = input.language;

/** Whisper's own language guess on up to 30 s of audio: the likeliest language token after start-of-transcript. */
async function detectLanguage(samples: Float32Array): Promise<string | null> {
  const config = asr.model.generation_config;
  if (!config?.is_multilingual || !config.lang_to_id || config.decoder_start_token_id === undefined) return null;
  const features = await asr.processor(samples.subarray(0, 30 * 16_000));
  const start = new tf.Tensor('int64', BigInt64Array.from([BigInt(config.decoder_start_token_id)]), [1, 1]);
  const { logits } = await asr.model({ input_features: features.input_features, decoder_input_ids: start });
  const vocab = logits.dims[logits.dims.length - 1] ?? 0;
  const last = logits.data.subarray(logits.data.length - vocab);
  let best: string | null = null;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (const [token, id] of Object.entries(config.lang_to_id)) {
    const score = last[id] ?? Number.NEGATIVE_INFINITY;
    if (score > bestScore) [best, bestScore] = [token.replace(/^<\|(.+)\|>$/, '$1'), score];
  }
  return best;
}

port.on('message', async (msg: { type: string; id: number; samples: Float32Array; offset_s: number }) => {
  if (msg.type !== 'window') return;
  try {
    let detected: string | null = null;
    if (language === null && asr.model.generation_config?.is_multilingual) {
      detected = await detectLanguage(msg.samples).catch(() => null);
      language = detected ?? 'en';
    }
    const options: Record<string, unknown> = { return_timestamps: true, chunk_length_s: 30, stride_length_s: 5 };
    if (language !== null && asr.model.generation_config?.is_multilingual) Object.assign(options, { language, task: 'transcribe' });
    const output = await asr(msg.samples, options);
    port.postMessage({ type: 'result', id: msg.id, output, language, detected });
  } catch (err) {
    port.postMessage({ type: 'error', id: msg.id, message: (err as Error).message });
  }
});
