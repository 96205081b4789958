/**
 * Letters: is this text a letter, and which lines are its heading (place, date, number) that should stay
 * attached to every passage of it? Pure.
 */

const letterPath = /(?:^|[^a-z])(letters?|lettres?|correspondences?|correspondances?|courriers?)(?:[^a-z]|$)/i;

const months =
  'january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre';
/** A date as letters write it: "April 18, 1909", "18 avril 1909", "1er mai 1761", "1909-04-18", "18/04/1909". */
export const datePattern = new RegExp(
  `(?:(?<![A-Za-z])(?:${months})\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}\\b|(?<![\\d])\\d{1,2}(?:er|st|nd|rd|th)?\\s+(?:${months})\\.?,?\\s+\\d{4}\\b|\\b\\d{4}-\\d{2}-\\d{2}\\b|\\b\\d{1,2}/\\d{1,2}/\\d{4}\\b)`,
  'i',
);

/** An opening salutation: "Dear Mrs. Coney,", "My dear friend", "Chère amie", "Monsieur,", "Madame,". */
const salutation = /^(?:(?:my\s+)?dear(?:est)?\b|(?:mon\s+)?(?:cher|chère|chere|très\s+cher|très\s+chère)\b|(?:madame|monsieur|mademoiselle|messieurs)\s*[,:]|to whom it may concern)/i;

/** A line that opens a new letter inside a collection: "LETTER XIII. PROVING UP", "Lettre 4". */
export const letterOpening = /^\s*(?:letter|lettre)\s+(?:[IVXLC]+|\d+)\b.*$/i;

/** Lines of the text's start inspected for a date and a salutation. */
const HEAD_LINES = 12;
/** Longest heading kept (characters): it is repeated in every passage's search text. */
const MAX_HEADING = 240;

export interface LetterInfo {
  isLetter: boolean;
  /** The date/heading line(s) before the salutation, cleaned, or null. */
  heading: string | null;
}

/** Cleans a heading line: Gutenberg-style `_underscores_`, trailing "--" and commas, runs of spaces. */
function cleanLine(line: string): string {
  return line.replace(/_/g, '').replace(/[\s,;-]+$/, '').replace(/\s+/g, ' ').trim();
}

/**
 * Decides whether a document is a letter (its path names letters or correspondence, or its first lines hold
 * a date and then a salutation) and picks its heading: the non-empty lines before the salutation (place,
 * date, letter number and title), at most {@link MAX_HEADING} characters; without a salutation, the first
 * line that holds a date.
 */
export function detectLetter(file: string, text: string): LetterInfo {
  const lines = text.split(/\r\n?|\n/).map((l) => l.trim()).filter(Boolean).slice(0, HEAD_LINES);
  const salutationAt = lines.findIndex((l) => salutation.test(l));
  const dateAt = lines.findIndex((l) => datePattern.test(l));
  const datedSalutation = salutationAt > 0 && dateAt >= 0 && dateAt < salutationAt;
  const byPath = letterPath.test(file);
  if (!byPath && !datedSalutation) return { isLetter: false, heading: null };
  let headingLines: string[] = [];
  if (salutationAt > 0) headingLines = lines.slice(0, salutationAt);
  else if (dateAt >= 0) headingLines = [lines[dateAt] ?? ''];
  const heading = headingLines.map(cleanLine).filter(Boolean).join(' · ').slice(0, MAX_HEADING).trim();
  return { isLetter: true, heading: heading || null };
}

/** The heading of a letter that opens at `lines[i]` inside a collection: its opening line and a date line right after. */
export function letterOpeningHeading(lines: string[], i: number): string | null {
  const first = lines[i] ?? '';
  if (!letterOpening.test(first)) return null;
  const next = lines[i + 1] ?? '';
  const parts = [cleanLine(first)];
  if (datePattern.test(next) && next.length < 80) parts.push(cleanLine(next));
  return parts.join(' · ').slice(0, MAX_HEADING);
}
