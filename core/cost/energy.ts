/**
 * Energy over an interval from the counters this machine exposes: CPU packages through RAPL, NVIDIA GPUs
 * through nvidia-smi. Whole-machine figures (every process on those packages/GPUs), never an estimate:
 * with no counter, energy is null and a note says why.
 */
import { findNvidiaSmi, readNvidiaEnergyMj } from './nvidia.ts';
import { POWERCAP_ROOT, raplJoulesBetween, readRapl, type RaplSnapshot } from './rapl.ts';

export interface EnergyOptions {
  /** powercap folder; tests give a temporary folder. Default /sys/class/powercap. */
  raplRoot?: string;
  /** nvidia-smi executable, null to not use one. Default: found on PATH. */
  nvidiaSmi?: string | null;
}

export interface EnergyReading {
  energy_j: number | null;
  notes: string[];
}

/** Reads the counters now; `finish()` reads them again and returns the joules in between. */
export function startEnergyReading(options: EnergyOptions = {}): { finish(): EnergyReading } {
  const root = options.raplRoot ?? POWERCAP_ROOT;
  const smi = options.nvidiaSmi === undefined ? findNvidiaSmi() : options.nvidiaSmi;
  const raplStart = readRapl(root);
  const gpuStart = smi ? readNvidiaEnergyMj(smi) : null;
  return {
    finish() {
      const notes: string[] = [];
      const reasons: string[] = [];
      let cpuJ: number | null = null;
      let gpuJ: number | null = null;
      if ('domains' in raplStart) {
        const end = readRapl(root);
        cpuJ = 'domains' in end ? raplJoulesBetween(raplStart, end as RaplSnapshot) : null;
        if (cpuJ === null) reasons.push('the RAPL counters changed between readings');
      } else {
        reasons.push(`RAPL: ${raplStart.unavailable}`);
      }
      if (smi && typeof gpuStart === 'number') {
        const end = readNvidiaEnergyMj(smi);
        gpuJ = typeof end === 'number' && end >= gpuStart ? (end - gpuStart) / 1000 : null;
        if (gpuJ === null) reasons.push('the NVIDIA energy counter could not be read again');
      } else {
        reasons.push(smi && gpuStart && typeof gpuStart === 'object' ? `NVIDIA: ${gpuStart.unavailable}` : 'no nvidia-smi');
      }
      if (cpuJ === null && gpuJ === null) {
        notes.push(`energy: not measurable here (${reasons.join('; ')})`);
        return { energy_j: null, notes };
      }
      const parts: string[] = [];
      if (cpuJ !== null) parts.push(`CPU packages ${round(cpuJ)} J (RAPL)`);
      if (gpuJ !== null) parts.push(`NVIDIA GPUs ${round(gpuJ)} J (nvidia-smi)`);
      notes.push(`energy: whole machine, all processes: ${parts.join(' + ')}`);
      if (cpuJ === null) notes.push(`energy: CPU not included (${reasons.join('; ')})`);
      return { energy_j: (cpuJ ?? 0) + (gpuJ ?? 0), notes };
    },
  };
}

function round(j: number): number {
  return Math.round(j * 1000) / 1000;
}
