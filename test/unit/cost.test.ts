import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { startCostMeter } from '../../core/cost/meter.ts';
import { raplJoulesBetween, readRapl } from '../../core/cost/rapl.ts';
import { formatRunCost, startRunMeter } from '../../core/cost/run-meter.ts';
import { tempDir } from '../helpers/env.ts';

const tmp = tempDir('darkroom-rapl-');
after(tmp.cleanup);

/** A powercap folder laid out like Linux's: packages intel-rapl:N with a sub-domain that must not be added twice. */
function fakePowercap(name: string, packages: Array<{ energy: number; max: number }>): string {
  const root = path.join(tmp.dir, name);
  packages.forEach((p, i) => {
    const pkg = path.join(root, `intel-rapl:${i}`);
    mkdirSync(path.join(root, `intel-rapl:${i}:0`), { recursive: true });
    mkdirSync(pkg, { recursive: true });
    writeFileSync(path.join(pkg, 'name'), `package-${i}\n`);
    writeFileSync(path.join(pkg, 'energy_uj'), `${p.energy}\n`);
    writeFileSync(path.join(pkg, 'max_energy_range_uj'), `${p.max}\n`);
    writeFileSync(path.join(root, `intel-rapl:${i}:0`, 'energy_uj'), '999999999\n');
  });
  return root;
}

function setEnergy(root: string, index: number, uj: number): void {
  writeFileSync(path.join(root, `intel-rapl:${index}`, 'energy_uj'), `${uj}\n`);
}

describe('RAPL energy', () => {
  it('sums package counters between two readings, in joules', () => {
    const root = fakePowercap('two-packages', [{ energy: 1_000_000, max: 262_143_328_850 }, { energy: 5_000_000, max: 262_143_328_850 }]);
    const start = readRapl(root);
    setEnergy(root, 0, 3_500_000);
    setEnergy(root, 1, 6_000_000);
    const end = readRapl(root);
    assert.ok('domains' in start && 'domains' in end);
    assert.equal(raplJoulesBetween(start, end), 3.5);
  });

  it('undoes one wraparound of a counter using max_energy_range_uj', () => {
    const root = fakePowercap('wrap', [{ energy: 999_000_000, max: 1_000_000_000 }]);
    const start = readRapl(root);
    setEnergy(root, 0, 2_000_000);
    const end = readRapl(root);
    assert.ok('domains' in start && 'domains' in end);
    assert.equal(raplJoulesBetween(start, end), 3);
  });

  it('says why when there is no powercap folder, no package, or garbage in the counter', () => {
    assert.match(String((readRapl(path.join(tmp.dir, 'absent')) as { unavailable: string }).unavailable), /no powercap folder/);
    mkdirSync(path.join(tmp.dir, 'empty'));
    assert.match(String((readRapl(path.join(tmp.dir, 'empty')) as { unavailable: string }).unavailable), /no RAPL package counter/);
    const root = fakePowercap('garbage', [{ energy: 1, max: 10 }]);
    writeFileSync(path.join(root, 'intel-rapl:0', 'energy_uj'), 'n/a\n');
    assert.match(String((readRapl(root) as { unavailable: string }).unavailable), /not a number/);
  });

  it('reports an unreadable counter (root-only since Linux 5.10) as not readable', { skip: process.getuid?.() === 0 ? 'root reads any file' : false }, () => {
    const root = fakePowercap('root-only', [{ energy: 1, max: 10 }]);
    chmodSync(path.join(root, 'intel-rapl:0', 'energy_uj'), 0o000);
    assert.match(String((readRapl(root) as { unavailable: string }).unavailable), /not readable by this user/);
  });
});

describe('cost meter', () => {
  it('measures energy from the counters and computes tokens/s from the generation figures', () => {
    const root = fakePowercap('meter', [{ energy: 10_000_000, max: 262_143_328_850 }]);
    const meter = startCostMeter({ raplRoot: root, nvidiaSmi: null });
    setEnergy(root, 0, 12_250_000);
    const cost = meter.finish({ retrieval_s: 0.01, ttft_s: 0.2, tokens_in: 300, tokens_out: 50, gen_s: 2, vram_mb: null });
    assert.equal(cost.energy_j, 2.25);
    assert.equal(cost.tokens_per_s, 25);
    assert.equal(cost.retrieval_s, 0.01);
    assert.ok(cost.wall_s >= 0);
    assert.ok(cost.peak_rss_mb > 10, `peak RSS ${cost.peak_rss_mb} MB`);
    assert.ok(cost.notes.some((n) => /energy: whole machine/.test(n)));
  });

  it('reports energy as not measurable, with the reason, instead of estimating it', () => {
    const cost = startCostMeter({ raplRoot: path.join(tmp.dir, 'nowhere'), nvidiaSmi: null }).finish({
      retrieval_s: 0, ttft_s: null, tokens_in: null, tokens_out: null, gen_s: null, vram_mb: null,
    });
    assert.equal(cost.energy_j, null);
    assert.equal(cost.tokens_per_s, null);
    assert.ok(cost.notes.some((n) => /^energy: not measurable here \(RAPL: no powercap folder at .*; no nvidia-smi\)$/.test(n)), cost.notes.join(' | '));
    assert.ok(cost.notes.some((n) => /tokens: not reported/.test(n)));
  });

  it('counts the memory a run allocates in its peak', () => {
    const meter = startRunMeter({ raplRoot: path.join(tmp.dir, 'nowhere'), nvidiaSmi: null });
    const before = process.memoryUsage.rss() / (1024 * 1024);
    const block = Buffer.alloc(64 * 1024 * 1024, 1);
    const cost = meter.finish();
    assert.equal(block[0], 1);
    assert.ok(cost.peak_rss_mb >= before + 32, `peak ${cost.peak_rss_mb} MB after allocating 64 MB on ${before} MB`);
    assert.match(formatRunCost(cost), /s wall, .* s CPU, peak \d+ MB, energy: not measurable here/);
  });
});
