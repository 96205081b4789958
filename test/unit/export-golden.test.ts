import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { renderExport } from '../../server/exports/render-export.ts';
import { exportFormatNames } from '../../server/exports/types.ts';
import { fixtureTimeline, goldenRates } from '../golden/export-fixture.ts';
import { repoRoot } from '../helpers/env.ts';

/** Set UPDATE_GOLDEN=1 to rewrite the golden files after a deliberate format change (then review the diff). */
const update = process.env.UPDATE_GOLDEN === '1';
const goldenDir = path.join(repoRoot, 'test', 'golden', 'exports');

describe('every export format matches its golden file, line by line', () => {
  for (const rate of goldenRates) {
    for (const format of exportFormatNames) {
      it(`writes ${format} at ${rate} exactly as the golden file`, () => {
        const rendered = renderExport(format, fixtureTimeline(rate));
        const file = path.join(goldenDir, rendered.filename);
        if (update) writeFileSync(file, rendered.body);
        assert.ok(existsSync(file), `golden file ${file} is missing; run with UPDATE_GOLDEN=1 once and review it`);
        const expected = readFileSync(file, 'utf8').split('\n');
        const actual = rendered.body.split('\n');
        for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
          assert.equal(actual[i], expected[i], `${rendered.filename} line ${i + 1}`);
        }
      });
    }
  }
});
