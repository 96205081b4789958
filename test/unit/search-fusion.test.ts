import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultFusion, fuseRankings, toFtsQuery } from '../../core/search/search.ts';

const bm25 = (ids: string[]) => ids.map((id, i) => ({ id, _score: 10 - i }));
const vec = (ids: string[]) => ids.map((id, i) => ({ id, _distance: 0.1 * (i + 1) }));
const order = (fused: ReturnType<typeof fuseRankings>) => fused.map((f) => String(f.row.id));

describe('fusion of BM25 and vector rankings', () => {
  it('keeps BM25 order when the vector side only breaks ties (default weights)', () => {
    const fused = fuseRankings(bm25(['a', 'b', 'c']), vec(['c', 'b', 'a']), defaultFusion);
    assert.deepEqual(order(fused), ['a', 'b', 'c']);
  });

  it('lets passages only the vector side found fill in below the BM25 hits', () => {
    const fused = fuseRankings(bm25(['a', 'b']), vec(['x', 'a', 'y']), defaultFusion);
    assert.deepEqual(order(fused), ['a', 'b', 'x', 'y']);
  });

  it('with equal weights, a passage both sides rank well overtakes one only BM25 found', () => {
    const fused = fuseRankings(bm25(['a', 'b']), vec(['b']), { ...defaultFusion, vectorWeight: 1, vectorOnlyWeight: 1, translationWeight: 1 });
    assert.deepEqual(order(fused), ['b', 'a']);
  });

  it('says why each hit was retrieved: rank and raw score on each side', () => {
    const [first, second] = fuseRankings(bm25(['a']), vec(['z', 'a']), defaultFusion);
    assert.deepEqual(first?.why, { bm25_rank: 1, bm25_score: 10, vector_rank: 2, vector_distance: 0.2, translation_rank: null });
    assert.deepEqual(second?.why, { bm25_rank: null, bm25_score: null, vector_rank: 1, vector_distance: 0.1, translation_rank: null });
  });

  it('ranks first a passage both the query and its translation found, and says so', () => {
    const fused = fuseRankings(bm25(['a', 'b']), vec([]), { ...defaultFusion, translationWeight: 1 }, bm25(['t', 'b']));
    assert.deepEqual(order(fused), ['b', 'a', 't']);
    assert.equal(fused[0]?.why.translation_rank, 2);
    assert.equal(fused[0]?.why.bm25_rank, 2);
    assert.deepEqual(fused[2]?.why, { bm25_rank: null, bm25_score: null, vector_rank: null, vector_distance: null, translation_rank: 1 });
  });

  it('with the default weight, the translation ranking only annotates why (it is already inside the full-text query)', () => {
    const fused = fuseRankings(bm25(['a', 'b']), vec([]), defaultFusion, bm25(['t', 'b']));
    assert.deepEqual(order(fused), ['a', 'b']);
    assert.equal(fused[1]?.why.translation_rank, 2);
  });

  it('counts a passage once when a retriever returns it twice', () => {
    const fused = fuseRankings(bm25(['a', 'a', 'b']), vec([]), defaultFusion);
    assert.deepEqual(order(fused), ['a', 'b']);
  });
});

describe('query text for the full-text parser', () => {
  it('keeps only words: operators, quotes, colons and symbols go', () => {
    assert.equal(toFtsQuery('title:"flood" AND (river) -school +bus ~x^2 *'), 'title flood AND river school bus x 2');
  });

  it('keeps accented letters and splits elisions', () => {
    assert.equal(toFtsQuery("l'école d’été"), 'l école d été');
  });

  it('leaves nothing of a query made only of symbols', () => {
    assert.equal(toFtsQuery('?!* :: "" 🌊'), '');
  });
});
