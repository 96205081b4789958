/**
 * Answer text as safe markup. Everything a document or a model wrote is escaped; the only markup Darkroom
 * adds is a citation marker for `[n]` (when n is a citation of this answer) and a line break for `\n`.
 * A markdown image, a link or an HTML tag in the answer therefore shows as the characters it is made of.
 * Pure: no DOM, so it is unit-tested in Node.
 */
import { CITATION_GROUP, groupNumbers, orderCitations } from '../../core/protocol/citation-order.ts';

/** A piece of an answer: plain text, a citation marker, or a line break. */
export type AnswerPiece = { type: 'text'; text: string } | { type: 'cite'; n: number; shown: number } | { type: 'break' };

/** Escapes the five characters that matter in HTML text and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/**
 * Splits answer text into pieces. `[n]` (or each number of `[n, m]`) becomes a citation piece only when
 * `known` holds n (a marker that points at no citation stays text, as the model wrote it). A citation
 * piece carries the number to show: 1..k in the order the answer first uses them (core/protocol/citation-order.ts).
 */
export function splitAnswer(text: string, known: ReadonlySet<number>): AnswerPiece[] {
  const shown = orderCitations(text, known);
  const pieces: AnswerPiece[] = [];
  const pushText = (s: string) => {
    const lines = s.split('\n');
    lines.forEach((line, i) => {
      if (i > 0) pieces.push({ type: 'break' });
      if (line) {
        const last = pieces[pieces.length - 1];
        if (last?.type === 'text') last.text += line;
        else pieces.push({ type: 'text', text: line });
      }
    });
  };
  let at = 0;
  for (const m of text.matchAll(CITATION_GROUP)) {
    const numbers = groupNumbers(m[1] ?? '');
    if (!numbers.some((n) => known.has(n))) continue;
    pushText(text.slice(at, m.index));
    const unknown = numbers.filter((n) => !known.has(n));
    for (const n of numbers) if (known.has(n)) pieces.push({ type: 'cite', n, shown: shown.get(n) ?? n });
    if (unknown.length) pushText(`[${unknown.join(', ')}]`);
    at = (m.index ?? 0) + m[0].length;
  }
  pushText(text.slice(at));
  return pieces;
}

/** The answer as HTML: escaped text, `<br>` for line breaks, and a button per citation marker. */
export function renderAnswerHtml(text: string, known: ReadonlySet<number>): string {
  return splitAnswer(text, known)
    .map((p) => {
      if (p.type === 'break') return '<br>';
      if (p.type === 'cite') return `<button type="button" class="cite" data-n="${p.n}">${p.shown}</button>`;
      return escapeHtml(p.text);
    })
    .join('');
}
