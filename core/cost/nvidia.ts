/**
 * NVIDIA GPU energy through `nvidia-smi --query-gpu=total_energy_consumption` (millijoules since the driver
 * loaded, summed over GPUs). Used only when nvidia-smi is on PATH; it is a short synchronous call (tens of
 * milliseconds), made once when an answer starts and once when it ends.
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

let located: string | null | undefined;

/** The nvidia-smi executable on PATH, or null. Looked up once. */
export function findNvidiaSmi(): string | null {
  if (located !== undefined) return located;
  located = null;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, 'nvidia-smi');
    try {
      accessSync(file, constants.X_OK);
      located = file;
      break;
    } catch {
      continue;
    }
  }
  return located;
}

/** Total GPU energy counter in millijoules, or why it cannot be read. */
export function readNvidiaEnergyMj(executable: string): number | { unavailable: string } {
  let out: string;
  try {
    out = execFileSync(executable, ['--query-gpu=total_energy_consumption', '--format=csv,noheader,nounits'], { encoding: 'utf8', timeout: 2000 });
  } catch (err) {
    return { unavailable: `nvidia-smi failed: ${(err as Error).message.split('\n')[0]}` };
  }
  const values = out.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  if (values.length === 0) return { unavailable: 'nvidia-smi listed no GPU' };
  let total = 0;
  for (const v of values) {
    const n = Number(v);
    if (!Number.isFinite(n)) return { unavailable: `nvidia-smi reports energy as "${v}" (not supported by this GPU)` };
    total += n;
  }
  return total;
}
