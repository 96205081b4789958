/**
 * Builds corpora/demo/archive/documents/conseil_municipal_port-lenan_1953-1954.pdf: three pages of a
 * fictional village council register, with a real text layer (Helvetica, WinAnsi encoding, so French
 * accents and œ survive `pdftotext`), a running header and "Page n / N" footers.
 *
 * A tiny PDF 1.4 writer, no dependency: text lines are wrapped with Helvetica's widths, every page is one
 * uncompressed content stream, and the output is byte-for-byte deterministic.
 * Run: `npx tsx scripts/build-demo-pdf.ts`, then check with `pdftotext -layout <pdf> -`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const output = path.join(root, 'corpora/demo/archive/documents/conseil_municipal_port-lenan_1953-1954.pdf');

type Block = { style: 'title' | 'heading' | 'body' | 'small'; text: string };

const header = 'Commune de Port-Lénan (Loire-Inférieure) - Registre des délibérations du conseil municipal - extraits';

const pages: Block[][] = [
  [
    { style: 'title', text: 'Séance extraordinaire du samedi 21 février 1953' },
    { style: 'small', text: "Présents : M. Henri Le Floch, maire ; MM. Guillou, Rio, Bertho, Morvan (Yves), Le Gall, Tanguy, conseillers. Absent excusé : M. Kervella. Secrétaire de séance : M. Tanguy." },
    { style: 'heading', text: 'Objet : la tempête et la grande marée de la nuit du 13 au 14 février 1953' },
    { style: 'body', text: "Monsieur le Maire rend compte au conseil des dommages causés sur le territoire de la commune par la tempête de la nuit du vendredi 13 au samedi 14 février 1953. La grande marée de coefficient 112, poussée par un vent de suroît qui soufflait en tempête depuis le mercredi, a atteint son plein vers deux heures du matin." },
    { style: 'body', text: "La digue du Gouffre, qui protège le marais de Pen-Bras, a été rompue sur une longueur de soixante-deux mètres. La mer a envahi la totalité du marais de Pen-Bras et la moitié du marais du Trait. Le relevé fait par le garde champêtre et les paludiers le 16 février donne 212 œillets noyés, soit environ 38 hectares de salines, les talus d'argile éboulés, les étiers comblés de vase et de sable." },
    { style: 'body', text: "Les mulons de sel de la récolte 1952 qui se trouvaient encore sur les salines ont été emportés. La salorge de la coopérative des paludiers a été inondée sur un mètre vingt : le directeur de la coopérative estime la perte à trois cents tonnes de sel gris, non encore vendues, appartenant pour la plupart aux quatorze familles de paludiers de la commune." },
    { style: 'body', text: "Le chemin de la Côte est coupé à la hauteur de la pointe de Kervel. La cabane des douaniers a été emportée par la mer. Plusieurs bateaux ont rompu leurs amarres dans l'anse du port ; la barque l'Hirondelle, appartenant à M. Yves Morvan, a été retrouvée échouée sur les rochers de la pointe de Kervel, la coque percée. On ne déplore aucune victime dans la commune." },
    { style: 'body', text: "Monsieur le Maire souligne le courage des familles du marais qui, en pleine nuit, ont mis à l'abri les bêtes et les papiers, et remercie les douaniers qui ont donné l'alerte au bourg." },
  ],
  [
    { style: 'heading', text: 'Délibération (suite de la séance du 21 février 1953)' },
    { style: 'body', text: 'Après en avoir délibéré, le conseil municipal, à l\'unanimité :' },
    { style: 'body', text: "1. Demande à Monsieur le Préfet de la Loire-Inférieure que la commune soit déclarée sinistrée et que les paludiers bénéficient des secours de l'État prévus pour les calamités publiques." },
    { style: 'body', text: "2. Sollicite de l'État et du Département une subvention pour la reconstruction de la digue du Gouffre, dont le devis, établi par le service des Ponts et Chaussées, s'élève à 4 200 000 francs pour une digue en pierre maçonnée." },
    { style: 'body', text: "3. Ouvre un fonds de secours communal de 250 000 francs, prélevé sur les réserves, destiné aux familles de paludiers dont la récolte a été perdue, à raison de la quantité de sel déclarée à la coopérative au 31 décembre 1952." },
    { style: 'body', text: "4. Organise, à compter du lundi 23 février, une corvée de déblaiement des étiers et des chemins du marais, à laquelle chaque foyer valide fournira un homme deux jours par semaine, et demande le prêt de deux tombereaux à la commune de Kerbrat." },
    { style: 'heading', text: 'Prix du sel' },
    { style: 'body', text: "M. Morvan expose que la coopérative payait aux paludiers, pour la récolte 1952, sept mille cinq cents francs la tonne de gros sel, et que les négociants annoncent une baisse pour 1953 à cause de l'arrivée par chemin de fer du sel du Midi. Il craint que, sans récolte cette année et avec un prix en baisse, plusieurs familles ne quittent le marais. Le conseil émet le vœu que l'État protège la production de sel de l'Ouest." },
    { style: 'small', text: 'Fait et délibéré en mairie, les jour, mois et an que dessus. Suivent les signatures. Pour extrait conforme, le Maire : H. Le Floch.' },
  ],
  [
    { style: 'title', text: 'Séance ordinaire du mercredi 12 mai 1954' },
    { style: 'small', text: 'Présents : M. Henri Le Floch, maire ; MM. Guillou, Morvan (Yves), Tanguy, Kervella, conseillers. MM. Rio, Bertho et Le Gall, ayant quitté la commune, ont cessé de siéger.' },
    { style: 'heading', text: "Objet : fermeture de l'école publique de Port-Lénan" },
    { style: 'body', text: "Monsieur le Maire donne lecture de la lettre de Monsieur l'Inspecteur d'académie en date du 28 avril 1954. L'école publique de Port-Lénan, classe unique, ne compte plus que neuf élèves inscrits depuis Pâques, contre vingt-six à la rentrée d'octobre 1952, par suite du départ de plusieurs familles du marais après la tempête de février 1953. L'Inspecteur d'académie fait connaître que l'école sera fermée à la fin de l'année scolaire, le samedi 3 juillet 1954, et que le poste d'institutrice sera supprimé." },
    { style: 'body', text: "Les élèves seront accueillis à la rentrée d'octobre 1954 à l'école de Kerbrat, à six kilomètres. Le conseil décide d'assurer leur transport matin et soir par la camionnette de M. Guillou, boulanger, moyennant une indemnité de 3 000 francs par mois, et d'y affecter les pupitres, les cartes murales et le poêle de l'école." },
    { style: 'body', text: "Le conseil, à l'unanimité, proteste contre cette fermeture, qui prive le village de son école après soixante-douze ans d'existence, et adresse ses remerciements à Mademoiselle Odile Guérin, institutrice à Port-Lénan depuis octobre 1946, pour son dévouement pendant huit années. Il remercie également Mademoiselle Marie Morvan, monitrice rétribuée par la commune depuis octobre 1952, dont l'indemnité prendra fin le 3 juillet." },
    { style: 'heading', text: 'Objet : reconstruction de la digue du Gouffre' },
    { style: 'body', text: "Monsieur le Maire annonce que la subvention de l'État pour la reconstruction de la digue du Gouffre en pierre maçonnée a été accordée par arrêté du 2 avril 1954. Les travaux commenceront après les grandes marées de mai et devront être achevés avant celles de septembre." },
    { style: 'small', text: 'Fait et délibéré en mairie, les jour, mois et an que dessus. Pour extrait conforme, le Maire : H. Le Floch.' },
    { style: 'small', text: "Document fictif écrit pour la démonstration de Darkroom (film « Le Marais salant »). Port-Lénan, ses habitants et ces délibérations n'ont jamais existé." },
  ],
];

/** Helvetica advance widths (1/1000 em) for ASCII 32..126; accented letters take their base letter's width. */
const widths = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
  1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
  333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];
const specialWidths: Record<string, number> = { œ: 944, Œ: 1000, '«': 556, '»': 556, '’': 222, '–': 556, '—': 1000, '…': 1000 };

function charWidth(ch: string): number {
  if (specialWidths[ch] !== undefined) return specialWidths[ch];
  const base = ch.normalize('NFD').charAt(0);
  const code = base.charCodeAt(0);
  return code >= 32 && code <= 126 ? (widths[code - 32] ?? 556) : 556;
}

function textWidth(text: string, size: number, bold: boolean): number {
  let w = 0;
  for (const ch of text) w += charWidth(ch);
  return (w * size * (bold ? 1.06 : 1)) / 1000;
}

/** WinAnsiEncoding bytes for the characters this document uses (Latin-1 plus a few cp1252 extras). */
const cp1252: Record<string, number> = { '€': 0x80, '…': 0x85, Œ: 0x8c, '’': 0x92, '–': 0x96, '—': 0x97, œ: 0x9c };
function encode(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = cp1252[ch] ?? ch.charCodeAt(0);
    if (code > 0xff) throw new Error(`build-demo-pdf: "${ch}" has no WinAnsi code; use another character.`);
    if (ch === '(' || ch === ')' || ch === '\\') out += '\\' + ch;
    else if (code < 0x20 || code > 0x7e) out += '\\' + code.toString(8).padStart(3, '0');
    else out += ch;
  }
  return out;
}

function wrap(text: string, maxWidth: number, size: number, bold: boolean): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const candidate = line ? line + ' ' + word : word;
    if (line && textWidth(candidate, size, bold) > maxWidth) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line) lines.push(line);
  return lines;
}

const pageW = 595.28;
const pageH = 841.89;
const margin = 64;
const styles = {
  title: { font: 'F2', size: 14, leading: 19, before: 6, after: 8 },
  heading: { font: 'F2', size: 11, leading: 15, before: 10, after: 4 },
  body: { font: 'F1', size: 10.5, leading: 14.5, before: 0, after: 7 },
  small: { font: 'F3', size: 9.5, leading: 13, before: 0, after: 7 },
} as const;

function pageContent(blocks: Block[], n: number, total: number): string {
  const ops: string[] = [];
  const text = (font: string, size: number, x: number, y: number, s: string) => ops.push(`BT /${font} ${size} Tf ${x.toFixed(2)} ${y.toFixed(2)} Td (${encode(s)}) Tj ET`);
  text('F3', 8.5, margin, pageH - 40, header);
  ops.push(`0.5 w ${margin} ${pageH - 46} m ${(pageW - margin).toFixed(2)} ${pageH - 46} l S`);
  let y = pageH - 80;
  for (const block of blocks) {
    const st = styles[block.style];
    y -= st.before;
    for (const line of wrap(block.text, pageW - 2 * margin, st.size, st.font === 'F2')) {
      text(st.font, st.size, margin, y, line);
      y -= st.leading;
    }
    y -= st.after;
    if (y < 70) throw new Error(`build-demo-pdf: page ${n} overflows; move a block to the next page.`);
  }
  const footer = `Page ${n} / ${total}`;
  text('F1', 9, (pageW - textWidth(footer, 9, false)) / 2, 36, footer);
  return ops.join('\n') + '\n';
}

function buildPdf(): Buffer {
  const objects: string[] = [];
  /** Appends an object and returns its 1-based object number. */
  const add = (body: string) => objects.push(body);
  const catalog = add('');
  const pagesObj = add('');
  const fonts = [
    add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>'),
    add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>'),
    add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Oblique /Encoding /WinAnsiEncoding >>'),
  ];
  const resources = `<< /Font << /F1 ${fonts[0]} 0 R /F2 ${fonts[1]} 0 R /F3 ${fonts[2]} 0 R >> >>`;
  const kids: number[] = [];
  pages.forEach((blocks, i) => {
    const content = Buffer.from(pageContent(blocks, i + 1, pages.length), 'latin1');
    const stream = add(`<< /Length ${content.length} >>\nstream\n${content.toString('latin1')}endstream`);
    kids.push(add(`<< /Type /Page /Parent ${pagesObj} 0 R /MediaBox [0 0 ${pageW} ${pageH}] /Resources ${resources} /Contents ${stream} 0 R >>`));
  });
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesObj} 0 R >>`;
  objects[pagesObj - 1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;
  const info = add(
    `<< /Title (${encode('Port-Lénan, registre des délibérations, extraits 1953-1954 (fictif)')}) /Author (Darkroom demo corpus) /Producer (Darkroom scripts/build-demo-pdf.ts) /CreationDate (D:20261126000000Z) >>`,
  );

  let pdf = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(pdf, 'latin1'));
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf, 'latin1');
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) pdf += `${String(off).padStart(10, '0')} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R /Info ${info} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

const pdf = buildPdf();
mkdirSync(path.dirname(output), { recursive: true });
writeFileSync(output, pdf);
process.stdout.write(`build-demo-pdf: ${path.relative(root, output)} (${pages.length} pages, ${pdf.length} bytes)\n`);
