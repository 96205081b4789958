/**
 * The bilingual dictionaries, read from Debian's real dictd files (dict-freedict-eng-fra, dict-freedict-fra-eng);
 * skipped, with the reason printed, where they are not installed.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { decodeDictdNumber, DEFAULT_DICTD_DIR, lemmaCandidates, loadDictionaries, parseEntry, translateQuery, translateWord } from '../../core/lang/dictionary.ts';
import { needs } from '../helpers/env.ts';

const skip = needs(path.join(DEFAULT_DICTD_DIR, 'freedict-eng-fra.index'), 'the FreeDict English-French dictionary (apt-get install dict-freedict-eng-fra dict-freedict-fra-eng)') ||
  needs(path.join(DEFAULT_DICTD_DIR, 'freedict-fra-eng.dict.dz'), 'the FreeDict French-English dictionary (apt-get install dict-freedict-fra-eng)');

describe('dictd format', () => {
  it('decodes dictd base64 offsets', () => {
    assert.equal(decodeDictdNumber('B'), 1);
    assert.equal(decodeDictdNumber('BA'), 64);
    assert.equal(decodeDictdNumber('BHEU'), 1 * 64 ** 3 + 7 * 64 ** 2 + 4 * 64 + 20);
    assert.throws(() => decodeDictdNumber('a-b'));
  });

  it('reads the translations of an entry, numbering and notes removed', () => {
    assert.deepEqual(parseEntry('sheet /ʃiːt/\n1. feuille\n2. drap, drap de lit\n3. plaque\n'), ['feuille', 'drap', 'drap de lit', 'plaque']);
    assert.deepEqual(parseEntry('cornemuse /kɔʀnəmyz/ <n, fem>\nbagpipe\n'), ['bagpipe']);
  });

  it('proposes the lemma of an inflected word', () => {
    assert.ok(lemmaCandidates('tumors', 'en').includes('tumor'));
    assert.ok(lemmaCandidates('noyés', 'fr').includes('noyer'));
    assert.ok(lemmaCandidates('jouait', 'fr').includes('jouer'));
  });
});

describe('the Debian dictionaries', { skip }, () => {
  it('translates words both ways, inflected forms included', async () => {
    const d = await loadDictionaries();
    assert.ok(d, 'the dictionaries load');
    assert.deepEqual(translateWord(d, 'cornemuse', 'fr->en'), ['bagpipe']);
    assert.ok(translateWord(d, 'tide', 'en->fr').includes('marée'));
    assert.ok(translateWord(d, 'storms', 'en->fr').includes('tempête'));
    assert.ok(translateWord(d, 'boîtes', 'fr->en').includes('box'));
    assert.deepEqual(translateWord(d, 'according', 'en->fr'), [], 'framing words are not translated');
  });

  it('translates a question’s content words, keeps its names, drops its framing', async () => {
    const d = await loadDictionaries();
    assert.ok(d);
    const t = translateQuery(d, 'Selon Marie, quel air M. Stewart jouait-il sur sa cornemuse ?', 'fr');
    assert.equal(t.direction, 'fr->en');
    assert.match(t.query, /\bbagpipe\b/);
    assert.match(t.query, /\bStewart\b/);
    assert.doesNotMatch(t.query, /according/i);
    assert.equal(translateQuery(d, 'Find the moment', 'en').query, '', 'nothing to translate in pure framing');
  });

  it('resolves to null, not an error, when the dictionary files are absent', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'darkroom-nodict-'));
    try {
      assert.equal(await loadDictionaries(empty), null);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
