import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { errorCodes } from '../../core/errors.ts';
import type { SearchHit } from '../../core/types.ts';
import { assessEvidence, withCorpusCheck } from '../../server/chat/evidence.ts';
import { setLanguage } from '../../web/src/i18n.ts';
import { errorTitles, serverError, serverText, translateServerText } from '../../web/src/server-text.ts';
import { repoRoot } from '../helpers/env.ts';

const hit = (text: string): SearchHit => ({ id: 'p1', text, title: 't', path: '/a.txt', kind: 'letter' }) as unknown as SearchHit;

/** Every fixed sentence a server file pushes as a note or gives as a reason (string literals without `${}`). */
function literalMessages(file: string, pattern: RegExp): string[] {
  const source = readFileSync(path.join(repoRoot, file), 'utf8');
  return [...source.matchAll(pattern)].map((m) => m[1] ?? '').filter((s) => s.length > 0);
}

describe('the server messages in French', () => {
  it('has a French headline for every error code of core/errors.ts', () => {
    for (const code of Object.keys(errorCodes)) assert.ok((errorTitles.fr as Record<string, string>)[code]?.trim(), `${code} has no French headline`);
  });

  it('translates every abstention reason the evidence check gives, keeping its variable parts', () => {
    const reasons = [
      assessEvidence('Où est le bateau ?', []).reason,
      assessEvidence('et ou ?', [hit('rien')]).reason,
      assessEvidence('Where did Hirondelle sink near Brest?', [hit('the weather was fine')]).reason,
      assessEvidence('where did the lighthouse keeper sleep during storms', [hit('the keeper')]).reason,
      withCorpusCheck({ ...assessEvidence('keeper software', [hit('the keeper spoke')]), answerable: true, coverage: 0.1 }, ['software']).reason,
      withCorpusCheck({ ...assessEvidence('keeper software', [hit('the keeper spoke')]), answerable: true, coverage: 0.1 }, ['software', 'laptop']).reason,
    ];
    for (const reason of reasons) {
      assert.ok(reason, 'the evidence check gave a reason');
      assert.ok(translateServerText(reason), `no French for "${reason}"`);
      const french = translateServerText(`evidence: ${reason}`);
      assert.ok(french, `no French for "evidence: ${reason}"`);
      assert.match(french, /^preuves : /);
      for (const quoted of reason.match(/"[^"]+"/g) ?? []) assert.ok(french.includes(quoted), `${quoted} is kept in ${french}`);
    }
    const answer = `The archive does not seem to hold the answer: ${reasons[0]}`;
    assert.equal(translateServerText(answer), 'L’archive ne semble pas contenir la réponse : aucun passage de l’archive ne correspond à la question.');
    assert.equal(translateServerText('model: the answer says the passages do not hold it'), 'modèle : la réponse dit que les passages ne la contiennent pas');
  });

  it('translates every fixed note the search, the replay and the cost meter write', () => {
    const notes = [
      ...literalMessages('core/search/search.ts', /notes\.push\('([^']+)'\)/g),
      ...literalMessages('core/search/search.ts', /notes: \['([^']+)'\]/g),
      ...literalMessages('server/chat/replay.ts', /notes\.push\('([^']+)'\)/g),
      ...literalMessages('core/cost/meter.ts', /notes\.push\('([^']+)'\)/g),
    ];
    assert.ok(notes.length >= 8, `found the notes (${notes.length})`);
    for (const note of notes) assert.ok(translateServerText(note), `no French for "${note}"`);
    assert.match(translateServerText('energy: not measurable here (RAPL: no counter; no nvidia-smi)') ?? '', /^énergie : non mesurable ici \(RAPL: no counter; no nvidia-smi\)$/);
    assert.match(translateServerText('Corpus "film" holds no passage yet. Fill it with `darkroom ingest <folder> --corpus film`.') ?? '', /^Le corpus « film » ne contient/);
  });

  it('shows English as the server wrote it and French with the code headline, the detail kept when unknown', () => {
    setLanguage('en');
    assert.equal(serverText('evidence: no passage of the archive matches the question.'), 'evidence: no passage of the archive matches the question.');
    assert.equal(serverError({ code: 'BUSY', message: 'Too many searches at once.' }), 'Too many searches at once.');
    setLanguage('fr');
    assert.equal(serverText('evidence: no passage of the archive matches the question.'), 'preuves : aucun passage de l’archive ne correspond à la question.');
    assert.equal(serverError({ code: 'BUSY', message: 'Too many searches at once.' }), 'Serveur occupé : réessayez dans un instant. Détail du serveur : Too many searches at once.');
    assert.equal(serverText('an unknown sentence'), 'an unknown sentence');
    setLanguage('en');
  });
});
