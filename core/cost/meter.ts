/**
 * What one answer cost, measured: wall time, retrieval time, time to first token, tokens in and out,
 * tokens/s, peak memory, VRAM and energy where the machine can measure them. A figure that cannot be
 * measured is null with a note saying why; nothing here estimates.
 */
import type { AnswerCost } from '../protocol/chat.ts';
import { startEnergyReading, type EnergyOptions } from './energy.ts';
import { startPeakMemory } from './peak-memory.ts';

export interface CostMeterInput {
  retrieval_s: number;
  ttft_s: number | null;
  tokens_in: number | null;
  tokens_out: number | null;
  /** Seconds of generation the tokens/s figure divides by. */
  gen_s: number | null;
  vram_mb: number | null;
  /** False when no model generated anything (an extractive answer): the notes then say so instead. Default true. */
  generated?: boolean;
}

export interface CostMeter {
  /** Stops measuring and returns the cost. Call once. */
  finish(input: CostMeterInput): AnswerCost;
}

/** Starts measuring an answer now (call it when the question arrives). */
export function startCostMeter(options: EnergyOptions = {}): CostMeter {
  const startedAt = performance.now();
  const memory = startPeakMemory();
  const energy = startEnergyReading(options);
  return {
    finish(input) {
      const wall_s = (performance.now() - startedAt) / 1000;
      const peak_rss_mb = memory.finish();
      const reading = energy.finish();
      const notes: string[] = [];
      const tokens_per_s =
        input.tokens_out !== null && input.gen_s !== null && input.gen_s > 0 ? input.tokens_out / input.gen_s : null;
      if (input.generated === false) notes.push('tokens, vram: no language model ran for this answer (extractive)');
      else {
        if (input.tokens_in === null || input.tokens_out === null) notes.push('tokens: not reported by the model server');
        if (input.vram_mb === null) notes.push('vram: no GPU in use, or its memory cannot be read');
      }
      notes.push(...reading.notes);
      return {
        wall_s,
        retrieval_s: input.retrieval_s,
        ttft_s: input.ttft_s,
        tokens_in: input.tokens_in,
        tokens_out: input.tokens_out,
        tokens_per_s,
        peak_rss_mb,
        vram_mb: input.vram_mb,
        energy_j: reading.energy_j,
        notes,
      };
    },
  };
}
