/**
 * Finds the cited quotations inside a passage, so that the viewer marks the exact sentences an answer
 * quotes more strongly than the rest of the passage. Pure: unit-tested in Node.
 */

/** A run of passage text, quoted by the answer or not. */
export interface Run {
  text: string;
  quoted: boolean;
}

/** Splits `text` into runs, marking every verbatim occurrence of each quotation (overlaps merged). */
export function splitByQuotes(text: string, quotes: readonly string[]): Run[] {
  const spans: Array<[number, number]> = [];
  for (const quote of quotes) {
    const q = quote.trim();
    if (!q) continue;
    for (let at = text.indexOf(q); at !== -1; at = text.indexOf(q, at + q.length)) spans.push([at, at + q.length]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  const runs: Run[] = [];
  let pos = 0;
  for (const [start, end] of spans) {
    if (end <= pos) continue;
    const from = Math.max(start, pos);
    if (from > pos) runs.push({ text: text.slice(pos, from), quoted: false });
    runs.push({ text: text.slice(from, end), quoted: true });
    pos = end;
  }
  if (pos < text.length) runs.push({ text: text.slice(pos), quoted: false });
  return runs;
}
