/**
 * A strict CMX3600 reader for the tests: checks the fixed columns of every event line (blanks where the
 * specification has blanks) and returns the fields, so that a written EDL can be read back and compared.
 */
export interface EdlEventLine {
  n: number;
  reel: string;
  channel: string;
  transition: string;
  srcIn: string;
  srcOut: string;
  recIn: string;
  recOut: string;
  comments: string[];
}

export interface ParsedEdl {
  title: string;
  fcm: string;
  events: EdlEventLine[];
}

/** 0-based indexes that must hold a space in an event line (columns 4-5, 14, 19-20, 25, 29, 41, 53, 65). */
const blanks = [3, 4, 13, 18, 19, 24, 28, 40, 52, 64];

export function readEdl(text: string): ParsedEdl {
  const lines = text.split('\n');
  const title = /^TITLE: (.*)$/.exec(lines[0] ?? '')?.[1];
  const fcm = /^FCM: (DROP FRAME|NON-DROP FRAME)$/.exec(lines[1] ?? '')?.[1];
  if (title === undefined || fcm === undefined) throw new Error(`EDL header is not TITLE:/FCM: (${lines.slice(0, 2).join(' | ')})`);
  const events: EdlEventLine[] = [];
  for (const [i, line] of lines.entries()) {
    if (!/^\d{3} /.test(line)) {
      const last = events[events.length - 1];
      if (last && line.trim()) last.comments.push(line);
      continue;
    }
    if (line.length !== 76) throw new Error(`line ${i + 1}: an event line is 76 columns, this one ${line.length}: "${line}"`);
    for (const b of blanks) if (line[b] !== ' ') throw new Error(`line ${i + 1}: column ${b + 1} must be blank: "${line}"`);
    events.push({
      n: Number(line.slice(0, 3)),
      reel: line.slice(5, 13).trimEnd(),
      channel: line.slice(14, 18).trimEnd(),
      transition: line.slice(20, 24).trimEnd(),
      srcIn: line.slice(29, 40),
      srcOut: line.slice(41, 52),
      recIn: line.slice(53, 64),
      recOut: line.slice(65, 76),
      comments: [],
    });
  }
  return { title, fcm, events };
}
