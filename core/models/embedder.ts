/**
 * Text embeddings with transformers.js, from a local model folder only: remote models are disabled, so a
 * missing file fails fast naming it, and nothing is downloaded. Mean pooling + L2 normalisation.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DarkroomError } from '../errors.ts';
import type { EmbedderStamp } from '../store/archive.ts';
import { hashFile } from './file-hash.ts';

/** The part of transformers.js's feature-extraction pipeline Darkroom uses (its full type is too large for tsc). */
interface FeatureExtractor {
  (texts: string[], options: { pooling: 'mean'; normalize: boolean }): Promise<{ data: Float32Array; dims: number[] }>;
  dispose(): Promise<void>;
}

export interface Embedder {
  readonly stamp: EmbedderStamp;
  /** Embeds texts in batches; returns one normalised vector per text. */
  embed(texts: string[]): Promise<Float32Array[]>;
  dispose(): Promise<void>;
}

/**
 * True when a vector can be stored and compared: `dim` finite numbers, not all zero. A text made only of words
 * outside a word-vector model's vocabulary (GloVe) pools to zeros, and normalising zeros gives NaN, which LanceDB
 * refuses for the whole write.
 */
export function isUsableVector(vector: ArrayLike<number> | null | undefined, dim: number): vector is Float32Array {
  if (!vector || vector.length !== dim) return false;
  let nonZero = false;
  for (let i = 0; i < vector.length; i++) {
    const v = vector[i]!;
    if (!Number.isFinite(v)) return false;
    if (v !== 0) nonZero = true;
  }
  return nonZero;
}

/** Texts per forward pass: large enough to amortise the call, small enough to bound memory. */
export const EMBED_BATCH = 32;

/** Finds the ONNX file transformers.js will load from `folder`, and the dtype that selects it. */
export function locateOnnx(folder: string): { file: string; dtype: 'fp32' | 'q8' | 'fp16' } {
  const candidates = [
    ['model.onnx', 'fp32'],
    ['model_quantized.onnx', 'q8'],
    ['model_fp16.onnx', 'fp16'],
  ] as const;
  for (const [name, dtype] of candidates) {
    const file = path.join(folder, 'onnx', name);
    if (existsSync(file)) return { file, dtype };
  }
  throw new DarkroomError(
    'MODEL_INVALID',
    `No onnx/model.onnx (or model_quantized.onnx, model_fp16.onnx) in ${folder}. DARKROOM_EMBED_MODEL must be a transformers.js model folder (config.json, tokenizer.json, onnx/).`,
  );
}

export async function loadEmbedder(folder: string): Promise<Embedder> {
  const dir = path.resolve(folder);
  for (const required of ['config.json', 'tokenizer.json']) {
    if (!existsSync(path.join(dir, required))) {
      throw new DarkroomError('MODEL_INVALID', `${path.join(dir, required)} is missing. DARKROOM_EMBED_MODEL must be a transformers.js model folder (config.json, tokenizer.json, onnx/).`);
    }
  }
  const { file, dtype } = locateOnnx(dir);
  const tf = await import('@huggingface/transformers');
  tf.env.allowRemoteModels = false;
  tf.env.allowLocalModels = true;
  tf.env.localModelPath = path.dirname(dir) + path.sep;
  let extractor: FeatureExtractor;
  try {
    extractor = (await tf.pipeline('feature-extraction', path.basename(dir), { dtype, device: 'cpu' })) as unknown as FeatureExtractor;
  } catch (cause) {
    throw new DarkroomError('MODEL_INVALID', `Could not load the embedding model in ${dir}: ${(cause as Error).message}`, { cause });
  }
  const sha256 = await hashFile(file);
  const probe = await extractor(['probe'], { pooling: 'mean', normalize: true });
  const dim = probe.dims[probe.dims.length - 1] ?? 0;
  const stamp: EmbedderStamp = { name: path.basename(dir), sha256, dim };

  return {
    stamp,
    async embed(texts) {
      const out: Float32Array[] = [];
      for (let i = 0; i < texts.length; i += EMBED_BATCH) {
        const batch = texts.slice(i, i + EMBED_BATCH);
        const tensor = await extractor(batch, { pooling: 'mean', normalize: true });
        const data = tensor.data as Float32Array;
        for (let j = 0; j < batch.length; j++) out.push(data.slice(j * dim, (j + 1) * dim));
      }
      return out;
    },
    async dispose() {
      await extractor.dispose();
    },
  };
}
