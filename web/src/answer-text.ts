/**
 * Answer text as safe markup. Everything a document or a model wrote is escaped; the only markup Darkroom
 * adds is a citation marker for `[n]` (when n is a citation of this answer) and a line break for `\n`.
 * A markdown image, a link or an HTML tag in the answer therefore shows as the characters it is made of.
 * Pure: no DOM, so it is unit-tested in Node.
 */

/** A piece of an answer: plain text, a citation marker, or a line break. */
export type AnswerPiece = { type: 'text'; text: string } | { type: 'cite'; n: number } | { type: 'break' };

const MARKER = /\[(\d{1,3})\]/g;

/** Escapes the five characters that matter in HTML text and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/**
 * Splits answer text into pieces. `[n]` becomes a citation piece only when `known` holds n
 * (a marker that points at no citation stays text, as the model wrote it).
 */
export function splitAnswer(text: string, known: ReadonlySet<number>): AnswerPiece[] {
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
  for (const m of text.matchAll(MARKER)) {
    const n = Number(m[1]);
    if (!known.has(n)) continue;
    pushText(text.slice(at, m.index));
    pieces.push({ type: 'cite', n });
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
      if (p.type === 'cite') return `<button type="button" class="cite" data-n="${p.n}">${p.n}</button>`;
      return escapeHtml(p.text);
    })
    .join('');
}
