/**
 * Oversized documents built at test time (never committed): a DOCX zip bomb (a few hundred KB that inflate to
 * hundreds of MB), the same with a central directory that lies about the size, and a PDF whose deflated pages
 * hold more text than one document may.
 */
import { writeFileSync } from 'node:fs';
import { crc32, deflateSync, deflateRawSync } from 'node:zlib';
import { assemblePdf } from './document-fixtures.ts';

const contentTypes = '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
const rels = '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>';

interface Part {
  name: string;
  /** Deflated bytes, with the inflated size and CRC they stand for. */
  deflated: Buffer;
  size: number;
  crc: number;
  /** The uncompressed size written in the headers (a lie when it differs from `size`). */
  declared?: number;
}

function part(name: string, text: string): Part {
  const data = Buffer.from(text);
  return { name, deflated: deflateRawSync(data), size: data.length, crc: crc32(data) };
}

/** `chunk` repeated `times` times between `head` and `tail`, deflated (built whole in memory, once per test). */
function repeatedPart(name: string, head: string, chunk: string, times: number, tail: string): Part {
  const h = Buffer.from(head);
  const c = Buffer.from(chunk);
  const t = Buffer.from(tail);
  const whole = Buffer.concat([h, Buffer.alloc(c.length * times, c), t]);
  const size = whole.length;
  const crc = crc32(whole);
  const deflated = deflateRawSync(whole, { level: 9 });
  return { name, deflated, size, crc };
}

function zip(parts: Part[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const nameBuf = Buffer.from(p.name);
    const declared = p.declared ?? p.size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(p.crc, 14);
    local.writeUInt32LE(p.deflated.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(p.crc, 16);
    central.writeUInt32LE(p.deflated.length, 20);
    central.writeUInt32LE(declared, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, p.deflated);
    centrals.push(central, nameBuf);
    offset += local.length + nameBuf.length + p.deflated.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

/**
 * A DOCX whose document.xml inflates to about `mb` MB of one paragraph repeated; `lie`: the zip headers say it
 * is 2 KB. Returns the file's size in bytes.
 */
export function makeDocxBomb(file: string, mb: number, options: { lie?: boolean } = {}): number {
  const paragraph = '<w:p><w:r><w:t>The harvest failed again and the families left the valley for the mills. </w:t></w:r></w:p>';
  const times = Math.ceil((mb * 1048576) / paragraph.length);
  const doc = repeatedPart('word/document.xml', '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>', paragraph, times, '</w:body></w:document>');
  if (options.lie) doc.declared = 2048;
  const bytes = zip([part('[Content_Types].xml', contentTypes), part('_rels/.rels', rels), doc]);
  writeFileSync(file, bytes);
  return bytes.length;
}

/** A PDF of `pages` pages, each one deflated content stream drawing `charsPerPage` characters of text. */
export function makeLargeTextPdf(file: string, pages: number, charsPerPage: number): number {
  const line = 'The ferry crossed at dawn and the village watched it go. ';
  const objects: Buffer[] = [
    Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'),
    Buffer.from(`<< /Type /Pages /Kids [${Array.from({ length: pages }, (_, i) => `${4 + i * 2} 0 R`).join(' ')}] /Count ${pages} >>`),
    Buffer.from('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>'),
  ];
  const text = line.repeat(Math.ceil(charsPerPage / line.length)).slice(0, charsPerPage);
  const stream = deflateSync(Buffer.from(`BT /F1 1 Tf 10 700 Td (${text}) Tj ET`, 'latin1'), { level: 9 });
  for (let i = 0; i < pages; i += 1) {
    objects.push(Buffer.from(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${5 + i * 2} 0 R >>`));
    objects.push(Buffer.concat([Buffer.from(`<< /Length ${stream.length} /Filter /FlateDecode >>\nstream\n`), stream, Buffer.from('\nendstream')]));
  }
  const bytes = assemblePdf(objects);
  writeFileSync(file, bytes);
  return bytes.length;
}
