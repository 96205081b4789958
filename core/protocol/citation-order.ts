/**
 * Citation numbers as a reader sees them: 1..n in the order the answer first uses them. The stored answer
 * keeps the numbers the model was given (its prompt's [1]..[k], so replay and provenance stay exact);
 * every display (web UI, memo) maps them through {@link orderCitations}. Pure.
 */

/** A bracketed group of citation numbers as the answer text writes it: [2], [1, 3], [2; 4]. */
export const CITATION_GROUP = /\[(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\]/g;

/** The numbers of one group's inner text (`"1, 3"` -> [1, 3]). */
export function groupNumbers(inner: string): number[] {
  return inner.split(/\s*[,;]\s*/).map(Number).filter((n) => Number.isInteger(n));
}

/**
 * Maps each cited number to its display number: the first cited number the text uses becomes 1, the next
 * new one 2, and so on; cited numbers the text never writes as a marker follow, in their own order.
 * Numbers that are not in `cited` (dropped markers) get no display number.
 */
export function orderCitations(text: string, cited: Iterable<number>): Map<number, number> {
  const wanted = new Set(cited);
  const order = new Map<number, number>();
  for (const m of text.matchAll(CITATION_GROUP)) {
    for (const n of groupNumbers(m[1] ?? '')) if (wanted.has(n) && !order.has(n)) order.set(n, order.size + 1);
  }
  for (const n of [...wanted].sort((a, b) => a - b)) if (!order.has(n)) order.set(n, order.size + 1);
  return order;
}
