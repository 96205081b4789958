import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SearchHit } from '../../core/types.ts';
import { assessEvidence, distinctiveTerms, saysNotFound, withCorpusCheck } from '../../server/chat/evidence.ts';
import { answerExtractively, bestSentences, splitSentences } from '../../server/chat/extractive.ts';

function hit(id: string, text: string, title = 'letter'): SearchHit {
  return {
    id, corpus: 'c', source_id: id, path: `/a/${id}.txt`, kind: 'letter', title, page: null, char_start: 0, char_end: text.length,
    start_s: null, end_s: null, tc_in: null, tc_out: null, fps: null, reel: null, speaker: null, language: 'en', heading: null, text,
    score: 1, why: { bm25_rank: 1, bm25_score: 1, vector_rank: null, vector_distance: null },
  };
}

const barn = hit('barn', 'The barn burned in August. It was struck by lightning during the storm, and Mr. Pruitt lost two horses.');
const school = hit('school', 'The school by the river reopened after the flood. Miss Harriet Cole came back on Monday.');

describe('evidence: does the archive hold the answer?', () => {
  it('keeps the distinctive terms, names and numbers of a question, not its framing', () => {
    assert.deepEqual(distinctiveTerms('What did Harriet Cole say about the flood of 1911?'), { terms: ['harriet', 'cole', 'flood', '1911'], names: ['Harriet', 'Cole', '1911'] });
    assert.deepEqual(distinctiveTerms('Que dit la lettre de Marie sur l\'école ?').terms, ['lettre', 'marie', 'école']);
  });

  it('answers when one passage holds most of the terms, with stems matching ("storms" ~ "storm")', () => {
    const e = assessEvidence('What struck the barn during the storms?', [school, barn]);
    assert.equal(e.answerable, true);
    assert.deepEqual(e.supporting, [1]);
  });

  it('abstains when a name or a number of the question occurs in no passage', () => {
    assert.match(assessEvidence('What did Pruitt do in 1929?', [barn]).reason ?? '', /"1929" does not occur/);
    assert.match(assessEvidence('Did Harriet Cole ever meet Lindbergh?', [school]).reason ?? '', /"Lindbergh"/);
  });

  it('abstains when no passage holds half the terms, or nothing was retrieved, or the question has no distinctive word', () => {
    assert.equal(assessEvidence('price of oil barrels tankers refinery barn', [barn]).answerable, false);
    assert.equal(assessEvidence('the flood', []).answerable, false);
    assert.match(assessEvidence('What did they say about it?', [barn]).reason ?? '', /no distinctive word/);
  });

  it('abstains on a term found nowhere in the corpus only when the passages hold little of the question', () => {
    const weak = assessEvidence('barn software updates', [barn]);
    assert.equal(weak.answerable, false);
    const partial = assessEvidence('barn lightning software', [barn]);
    assert.equal(partial.answerable, true);
    assert.deepEqual(partial.unmatched, ['software']);
    assert.match(withCorpusCheck(partial, ['software']).reason ?? '', /"software" occurs nowhere in the corpus/);
    const strong = assessEvidence('barn lightning storm horses violin', [barn]);
    assert.equal(withCorpusCheck(strong, ['violin']).answerable, true, 'at 80% coverage an absent word is likely a paraphrase');
  });
});

describe("a model's own judgement", () => {
  it('recognises an answer that says the passages do not hold it, in English and French', () => {
    for (const text of [
      'I cannot find the answer in the passages.',
      'The passages do not mention the price of oil.',
      "There is no information about Jupiter's moons in the archive.",
      "Je ne trouve pas cette information dans l'archive.",
    ]) assert.equal(saysNotFound(text), true, text);
  });

  it('does not take an answer about someone who could not find something for a refusal', () => {
    for (const text of [
      'She could not find her horse after the storm [1].',
      'The barn burned [1]. The passages do not say who rebuilt it.',
      "He did not know the answer to the teacher's question, so he stayed silent [2].",
    ]) assert.equal(saysNotFound(text), false, text);
  });
});

describe('extractive answers', () => {
  it('splits sentences without changing a character of them', () => {
    const text = 'The barn burned. Was it lightning? Yes!\n\nA new paragraph… with more';
    for (const s of splitSentences(text)) assert.ok(text.includes(s), s);
    assert.deepEqual(splitSentences(text), ['The barn burned.', 'Was it lightning?', 'Yes!', 'A new paragraph…', 'with more']);
  });

  it('quotes the sentences that hold the question terms, verbatim, and cites each passage by its number', () => {
    assert.deepEqual(bestSentences(barn.text, ['lightning', 'storm']), ['It was struck by lightning during the storm, and Mr. Pruitt lost two horses.']);
    const answer = answerExtractively([school, barn], ['barn', 'lightning'], [1]);
    assert.match(answer.text, /\[2\] "The barn burned in August\. … It was struck by lightning/);
    assert.equal(answer.citations[0]?.n, 2);
    assert.equal(answer.citations[0]?.passage_id, 'barn');
    assert.ok(answer.citations[0]?.quotes.every((q) => q.verified));
  });

  it('quotes an interviewer\'s bare question after the passages that answer it', () => {
    const question = hit('q', 'And Mademoiselle Guérin?');
    const reply = hit('a', 'Mademoiselle Guérin was the teacher, one class for all the children of the village.');
    const answer = answerExtractively([question, reply], ['guérin'], [0, 1]);
    assert.deepEqual(answer.citations.map((c) => c.passage_id), ['a', 'q']);
    assert.match(answer.text.split('\n')[2] ?? '', /^\[2\] "Mademoiselle Guérin was the teacher/);
  });

  it('heads an extractive answer in the question\'s language', () => {
    assert.match(answerExtractively([barn], ['barn'], [0], 'fr').text, /^Réponse extractive/);
    assert.match(answerExtractively([barn], ['barn'], [0]).text, /^Extractive answer/);
  });
});

describe('framing words of a question', () => {
  it('are not taken for content: "According to", "Selon", "Find the moment", "Retrouve le passage", "phrase"', () => {
    assert.deepEqual(distinctiveTerms('According to Charles Forney, what did the principal tell them?').names, ['Charles', 'Forney']);
    assert.deepEqual(distinctiveTerms('Selon Jean, où était la barque ?').names, ['Jean']);
    assert.deepEqual(distinctiveTerms('Find the moment where Marie tastes the salt').terms, ['marie', 'tastes', 'salt']);
    assert.deepEqual(distinctiveTerms('Retrouve le passage, la phrase où Jean parle du sel').terms, ['jean', 'sel']);
  });
});
