/**
 * The contract between the chat service and a language-model backend (node-llama-cpp in process, or an
 * OpenAI-compatible server on the studio's LAN). The server codes against these types only.
 */
import type { ModelInfo, SamplingSettings } from '../../protocol/chat.ts';

/** One chat turn given to the model. The system prompt travels separately. */
export interface ChatTurn {
  role: 'user' | 'assistant';
  content: string;
}

export interface GenerateRequest {
  system: string;
  messages: ChatTurn[];
  settings: SamplingSettings;
  /** Aborting stops generation; the result then has stop_reason 'abort' and the text produced so far. */
  signal?: AbortSignal;
  /** Called with each piece of text as it is generated. */
  onToken?: (text: string) => void;
}

export interface GenerateResult {
  /** The generated answer text. */
  text: string;
  /** The exact rendered prompt the model saw (chat template applied, special tokens as text); for a remote server, the JSON messages sent. */
  prompt: string;
  /** Prompt tokens (counted with the model's tokenizer, or the server's usage field). 0 is never a guess: see the backend. */
  tokens_in: number | null;
  /** Generated tokens, counted as they come (node-llama-cpp) or from the server's usage field; null when the server does not say. */
  tokens_out: number | null;
  /** Seconds from the call to the first generated text; null when nothing was generated. */
  ttft_s: number | null;
  /** Seconds from the call to the end of generation (prompt processing included). */
  gen_s: number;
  stop_reason: 'eos' | 'max_tokens' | 'abort';
}

export interface LlmBackend {
  readonly info: ModelInfo;
  /** Tokens the model's context holds (prompt + answer). */
  readonly contextSize: number;
  /**
   * CPU threads generation runs on (local model), to record in SamplingSettings.threads: on the CPU a
   * different thread count can change the floating-point sums and so the output. null for a remote server.
   */
  readonly threads?: number | null;
  /**
   * Tokens in `text` with the model's tokenizer. For a remote server without a /tokenize route this is a
   * conservative estimate used only to fit the prompt, never reported as a measurement.
   */
  countTokens(text: string): Promise<number>;
  generate(req: GenerateRequest): Promise<GenerateResult>;
  /** VRAM in use on the GPU in MB, or null when no GPU is used or it cannot be read. */
  vramUsedMb(): Promise<number | null>;
  dispose(): Promise<void>;
}
