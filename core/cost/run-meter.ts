/**
 * The cost of a whole run (an ingestion, a benchmark): wall and CPU time, peak memory and energy, measured
 * the same way as an answer's cost, so the CLI can print comparable figures.
 */
import { startEnergyReading, type EnergyOptions } from './energy.ts';
import { startPeakMemory } from './peak-memory.ts';

export interface RunCost {
  wall_s: number;
  /** CPU seconds of this process (user + system), all threads. */
  cpu_s: number;
  peak_rss_mb: number;
  energy_j: number | null;
  notes: string[];
}

/** Starts measuring a run now. */
export function startRunMeter(options: EnergyOptions = {}): { finish(): RunCost } {
  const startedAt = performance.now();
  const cpuStart = process.cpuUsage();
  const memory = startPeakMemory(200);
  const energy = startEnergyReading(options);
  return {
    finish() {
      const cpu = process.cpuUsage(cpuStart);
      const reading = energy.finish();
      return {
        wall_s: (performance.now() - startedAt) / 1000,
        cpu_s: (cpu.user + cpu.system) / 1e6,
        peak_rss_mb: memory.finish(),
        energy_j: reading.energy_j,
        notes: reading.notes,
      };
    },
  };
}

/** One line for CLI output, e.g. "12.3 s wall, 20.1 s CPU, peak 412 MB, energy not measurable here (…)". */
export function formatRunCost(cost: RunCost): string {
  const energy = cost.energy_j === null ? (cost.notes[0] ?? 'energy: not measurable here') : `energy ${cost.energy_j.toFixed(1)} J`;
  return `${cost.wall_s.toFixed(1)} s wall, ${cost.cpu_s.toFixed(1)} s CPU, peak ${Math.round(cost.peak_rss_mb)} MB, ${energy}`;
}
