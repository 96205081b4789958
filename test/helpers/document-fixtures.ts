/**
 * Real document fixtures built at test time, with no dependency beyond Node and ffmpeg (the npm-shipped one will do): a picture of printed
 * text (ffmpeg drawtext), a scanned PDF (that picture as the page's only content, no text layer), a DOCX
 * (a minimal Office Open XML zip), a text PDF (Helvetica, real text layer).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { testFfmpeg } from './env.ts';

/** The font ffmpeg draws with (Debian fonts-dejavu-core, installed by .ci/run). */
export const fixtureFont = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

/** Draws lines of black text on white with ffmpeg; `file` ends in .png or .jpg. Size in pixels. */
export function makeTextImage(file: string, lines: string[], size = { width: 1200, height: 120 + 60 * lines.length }): void {
  const dir = mkdtempSync(path.join(tmpdir(), 'darkroom-drawtext-'));
  const textFile = path.join(dir, 'text.txt');
  writeFileSync(textFile, lines.join('\n'));
  try {
    execFileSync(testFfmpeg(), [
      '-v', 'error', '-y', '-f', 'lavfi', '-i', `color=c=white:s=${size.width}x${size.height}`,
      '-vf', `drawtext=fontfile=${fixtureFont}:textfile=${textFile}:fontsize=40:fontcolor=black:x=40:y=60:line_spacing=20`,
      '-frames:v', '1', ...(file.endsWith('.jpg') ? ['-q:v', '2'] : []), file,
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes a PDF with a real text layer: one page per entry, each line of it drawn in Helvetica. */
export function makeTextPdf(file: string, pages: string[][]): void {
  const esc = (s: string) => s.replace(/[\\()]/g, (c) => '\\' + c);
  const n = pages.length;
  const objects: Buffer[] = [
    Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'),
    Buffer.from(`<< /Type /Pages /Kids [${pages.map((_, i) => `${4 + i * 2} 0 R`).join(' ')}] /Count ${n} >>`),
    Buffer.from('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>'),
  ];
  pages.forEach((lines, i) => {
    const content = `BT /F1 12 Tf 14 TL 72 740 Td ${lines.map((l) => `(${esc(l)}) Tj T*`).join(' ')} ET`;
    objects.push(Buffer.from(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${5 + i * 2} 0 R >>`));
    objects.push(Buffer.from(`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`));
  });
  writeFileSync(file, assemblePdf(objects));
}

/** Writes a one-page PDF whose page is only the given JPEG (no text layer), as a scanner would. */
export function makeScannedPdf(file: string, jpegFile: string, size: { width: number; height: number }): void {
  const jpeg = readFileSync(jpegFile);
  const w = size.width * 0.5;
  const h = size.height * 0.5;
  const content = `q ${w} 0 0 ${h} 0 0 cm /Im0 Do Q`;
  const objects: Buffer[] = [
    Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'),
    Buffer.from('<< /Type /Pages /Kids [3 0 R] /Count 1 >>'),
    Buffer.from(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${w} ${h}] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>`),
    Buffer.concat([
      Buffer.from(`<< /Type /XObject /Subtype /Image /Width ${size.width} /Height ${size.height} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length ${jpeg.length} >>\nstream\n`),
      jpeg,
      Buffer.from('\nendstream'),
    ]),
    Buffer.from(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`),
  ];
  writeFileSync(file, assemblePdf(objects));
}

/** Numbers the objects from 1 (the first is the catalog) and writes the header, cross-reference table and trailer. */
export function assemblePdf(objects: Buffer[]): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n')];
  const offsets: number[] = [];
  let at = parts[0]!.length;
  objects.forEach((body, i) => {
    offsets.push(at);
    const obj = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), body, Buffer.from('\nendobj\n')]);
    parts.push(obj);
    at += obj.length;
  });
  const xref = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => String(o).padStart(10, '0') + ' 00000 n \n').join('')}`;
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${at}\n%%EOF\n`));
  return Buffer.concat(parts);
}

/** Writes a minimal DOCX holding one paragraph per entry of `paragraphs`. */
export function makeDocx(file: string, paragraphs: string[]): void {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const entries: Array<[string, string]> = [
    ['[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'],
    ['_rels/.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'],
    ['word/document.xml', `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${paragraphs.map((p) => `<w:p><w:r><w:t xml:space="preserve">${esc(p)}</w:t></w:r></w:p>`).join('')}</w:body></w:document>`],
  ];
  writeFileSync(file, storedZip(entries.map(([name, text]) => [name, Buffer.from(text)])));
}

/** A zip archive with uncompressed ("stored") entries. */
function storedZip(entries: Array<[string, Buffer]>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of entries) {
    const nameBuf = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, data);
    centrals.push(central, nameBuf);
    offset += local.length + nameBuf.length + data.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}
