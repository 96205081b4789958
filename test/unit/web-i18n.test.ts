import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../helpers/env.ts';
import { messages, pickLanguage, setLanguage, t } from '../../web/src/i18n.ts';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the interface languages', () => {
  it('has every English message in French, non-empty, with the same placeholders', () => {
    const en = messages.en;
    const fr = messages.fr;
    assert.deepEqual(Object.keys(fr).sort(), Object.keys(en).sort());
    for (const [key, text] of Object.entries(en)) {
      const french = fr[key as keyof typeof fr];
      assert.ok(french.trim().length > 0, `${key} is empty in French`);
      assert.deepEqual(placeholders(french), placeholders(text), `${key} placeholders differ`);
    }
  });

  it('uses only message keys that exist (in code and in index.html)', () => {
    const used = new Set<string>();
    const src = path.join(repoRoot, 'web', 'src');
    for (const file of readdirSync(src)) {
      for (const m of readFileSync(path.join(src, file), 'utf8').matchAll(/\bt\('([\w.]+)'/g)) used.add(m[1] ?? '');
    }
    for (const m of readFileSync(path.join(repoRoot, 'web', 'index.html'), 'utf8').matchAll(/data-i18n="([\w.]+)"/g)) used.add(m[1] ?? '');
    assert.ok(used.size > 50, 'found the t() calls');
    for (const key of used) assert.ok(key in messages.en, `${key} is used but has no message`);
  });

  it('picks French for a French browser and English otherwise', () => {
    assert.equal(pickLanguage(['fr-FR', 'en-US']), 'fr');
    assert.equal(pickLanguage(['fr-CA']), 'fr');
    assert.equal(pickLanguage(['de-DE', 'en-GB']), 'en');
    assert.equal(pickLanguage(['de-DE']), 'en');
    assert.equal(pickLanguage([]), 'en');
  });

  it('fills placeholders in the current language', () => {
    setLanguage('fr');
    assert.equal(t('search.results', { count: 3 }), '3 passages');
    assert.equal(t('status.llm', { name: 'stories260K' }), 'LLM : stories260K');
    setLanguage('en');
    assert.equal(t('chat.retrieved', { count: 8 }), '8 passages retrieved');
  });
});
