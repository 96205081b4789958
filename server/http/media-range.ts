/**
 * HTTP byte ranges (RFC 9110 §14) for media streaming: a single `bytes=` range, parsed against the file
 * size. Pure: no I/O. Several ranges in one request are answered with the whole file (a server may ignore
 * Range); browsers' media elements only ever ask for one.
 */

/** An inclusive byte span, as Content-Range writes it. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * The range a `Range` header asks for in a file of `size` bytes.
 * @returns null to send the whole file (no header, another unit, several ranges, or a syntax the server
 *   may ignore); 'unsatisfiable' for a well-formed range that lies past the end (answer 416);
 *   else the clamped span.
 */
export function parseByteRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  if (header === undefined) return null;
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!m) return null;
  const [, first = '', last = ''] = m;
  if (first === '' && last === '') return null;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Number(last);
  if (start >= size) return 'unsatisfiable';
  if (end < start) return null;
  return { start, end: Math.min(end, size - 1) };
}
