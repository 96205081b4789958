import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectLanguage, detectWithStopWords, languageMethod } from '../../core/lang/detect.ts';

describe('language detection', () => {
  it('loads the fastText model from the npm package, offline', () => {
    assert.equal(languageMethod(), 'fasttext');
  });

  it('tells English from French, even in a short interview turn or query', () => {
    assert.equal(detectLanguage("It's Pitman Poole. Pitman"), 'en');
    assert.equal(detectLanguage('Okay, tell us about your school.'), 'en');
    assert.equal(detectLanguage('Je vous écris de Lausanne.'), 'fr');
    assert.equal(detectLanguage('quand est-ce que la maison a brûlé'), 'fr');
    assert.equal(detectLanguage('tumeurs des cordes vocales'), 'fr');
    assert.equal(detectLanguage('Apollo 13 docking index'), 'en');
  });

  it('answers "und" when there is no evidence: a lone name, or no letters', () => {
    assert.equal(detectLanguage('Arles 1952?'), 'und');
    assert.equal(detectLanguage('Pitman'), 'und');
    assert.equal(detectLanguage('55:30:11 -- 267, 28.'), 'und');
    assert.equal(detectLanguage(''), 'und');
  });

  it('keeps a stop-word fallback that is right on full sentences and abstains on short ones', () => {
    assert.equal(detectWithStopWords('The school by the river was closed after the flood and the teacher went home.'), 'en');
    assert.equal(detectWithStopWords("Nous aurions pu commencer cette biographie avant la naissance de notre héroïne."), 'fr');
    assert.equal(detectWithStopWords('Okay.'), 'und');
  });
});
