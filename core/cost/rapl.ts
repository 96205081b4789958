/**
 * CPU package energy from Linux powercap/RAPL: `<root>/intel-rapl:N/energy_uj` (one counter per CPU package,
 * also used by AMD). Sub-domains (intel-rapl:N:M, cores/uncore/dram) are part of their package and are not
 * added again. Counters wrap at `max_energy_range_uj`. Reading is synchronous: a few tiny sysfs files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Where Linux exposes powercap; tests pass a temporary folder laid out the same way. */
export const POWERCAP_ROOT = '/sys/class/powercap';

export interface RaplSnapshot {
  /** Counter per package domain, in microjoules, with its wrap range. */
  domains: Array<{ name: string; energy_uj: number; max_energy_range_uj: number | null }>;
}

/** Reads every package counter, or returns why none can be read (absent, or not readable by this user). */
export function readRapl(root: string = POWERCAP_ROOT): RaplSnapshot | { unavailable: string } {
  let entries: string[];
  try {
    entries = readdirSync(root).filter((name) => /^intel-rapl:\d+$/.test(name)).sort();
  } catch {
    return { unavailable: `no powercap folder at ${root}` };
  }
  if (entries.length === 0) return { unavailable: `no RAPL package counter under ${root}` };
  const domains: RaplSnapshot['domains'] = [];
  for (const name of entries) {
    const dir = path.join(root, name);
    const energy = readNumber(path.join(dir, 'energy_uj'));
    if (typeof energy === 'string') return { unavailable: `${path.join(dir, 'energy_uj')} is ${energy}` };
    const max = readNumber(path.join(dir, 'max_energy_range_uj'));
    domains.push({ name, energy_uj: energy, max_energy_range_uj: typeof max === 'number' ? max : null });
  }
  return { domains };
}

/**
 * Joules used between two snapshots, summed over packages; a counter that went down wrapped once
 * (its range is added). null when the snapshots do not hold the same domains or a wrap cannot be undone.
 */
export function raplJoulesBetween(start: RaplSnapshot, end: RaplSnapshot): number | null {
  if (start.domains.length !== end.domains.length) return null;
  let total = 0;
  for (let i = 0; i < start.domains.length; i++) {
    const a = start.domains[i];
    const b = end.domains[i];
    if (!a || !b || a.name !== b.name) return null;
    let delta = b.energy_uj - a.energy_uj;
    if (delta < 0) {
      if (b.max_energy_range_uj === null) return null;
      delta += b.max_energy_range_uj;
    }
    total += delta;
  }
  return total / 1e6;
}

/** The number in a sysfs file, or why it could not be read ("not readable by this user", "absent", "not a number"). */
function readNumber(file: string): number | string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'EACCES' || code === 'EPERM' ? 'not readable by this user (root only since Linux 5.10; see docs)' : 'absent';
  }
  const value = Number(text.trim());
  return Number.isFinite(value) && text.trim() !== '' ? value : 'not a number';
}
