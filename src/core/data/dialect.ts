/**
 * Sniffing how a delimited text file is written: separator, header, trimming, decimal commas,
 * junk lines before the data. Each choice comes with the evidence for it, so the UI can show
 * it and the user can override it.
 */
import Papa from 'papaparse';
import { hasDecimalComma, isNumberText } from './values';

export interface Dialect {
  /** One character: `,`, `\t`, `;`, `|` or any the user gives. */
  separator: string;
  /** The first (non-skipped) record names the columns. */
  hasHeader: boolean;
  /** Trim spaces around cells (files written with `", "`). */
  trim: boolean;
  /** Numbers written `1,5` (only with a separator other than a comma). */
  decimalComma: boolean;
  /** Records to skip before the header or data (a junk first line). */
  skipLines: number;
}

export interface SniffResult {
  dialect: Dialect;
  /** The usual number of fields per line in the sample. */
  fields: number;
  /** One sentence per decision, for the UI. */
  evidence: string[];
}

export const SEPARATOR_CANDIDATES = ['\t', ';', ',', '|'] as const;

export function separatorName(separator: string): string {
  switch (separator) {
    case '\t':
      return 'tab';
    case ',':
      return 'comma';
    case ';':
      return 'semicolon';
    case '|':
      return 'pipe';
    case ' ':
      return 'space';
    default:
      return JSON.stringify(separator);
  }
}

const SAMPLE_ROWS = 200;
/** Share of sampled rows that must have the usual field count for a separator to qualify. */
const CONSISTENCY = 0.9;

function parseSample(text: string, separator: string): string[][] {
  const parsed = Papa.parse<string[]>(text, {
    delimiter: separator,
    preview: SAMPLE_ROWS + 5,
    skipEmptyLines: true,
  });
  return parsed.data;
}

function modalCount(rows: string[][]): { count: number; share: number } {
  const freq = new Map<number, number>();
  for (const row of rows) freq.set(row.length, (freq.get(row.length) ?? 0) + 1);
  let best = 0;
  let bestFreq = 0;
  for (const [count, f] of freq)
    if (f > bestFreq || (f === bestFreq && count > best)) {
      best = count;
      bestFreq = f;
    }
  return { count: best, share: rows.length ? bestFreq / rows.length : 0 };
}

interface Candidate {
  separator: string;
  rows: string[][];
  fields: number;
  share: number;
  numericShare: number;
}

function numericShare(rows: string[][], decimalComma: boolean): number {
  let cells = 0;
  let numeric = 0;
  for (const row of rows)
    for (const cell of row) {
      const t = cell.trim();
      if (t === '') continue;
      cells++;
      if (isNumberText(t, decimalComma)) numeric++;
    }
  return cells ? numeric / cells : 0;
}

function scoreCandidate(text: string, separator: string): Candidate {
  const rows = parseSample(text, separator);
  const { count, share } = modalCount(rows);
  return {
    separator,
    rows,
    fields: count,
    share,
    numericShare: numericShare(rows, separator !== ','),
  };
}

/** The separator: consistent field counts first, then cells that read as numbers, then order. */
export function sniffSeparator(text: string): Candidate {
  const candidates = SEPARATOR_CANDIDATES.map((s) => scoreCandidate(text, s));
  const qualified = candidates.filter((c) => c.fields >= 2 && c.share >= CONSISTENCY);
  if (qualified.length === 0) {
    // One column, or nothing consistent: fall back to the comma (a one-column CSV).
    return candidates.find((c) => c.separator === ',')!;
  }
  // A semicolon file with decimal commas splits consistently on commas too, but its cells then
  // read `5;2`, not numbers; rounding keeps the fixed order for near ties.
  qualified.sort((a, b) => Math.round(b.numericShare * 20) - Math.round(a.numericShare * 20));
  return qualified[0]!;
}

function leadingJunk(rows: string[][], fields: number): number {
  let skip = 0;
  while (skip < Math.min(5, rows.length - 1) && fields >= 2 && rows[skip]!.length !== fields)
    skip++;
  return skip;
}

function shouldTrim(rows: string[][]): boolean {
  let cells = 0;
  let padded = 0;
  for (const row of rows)
    for (let i = 1; i < row.length; i++) {
      cells++;
      if (/^\s|\s$/.test(row[i]!)) padded++;
    }
  return cells > 0 && padded / cells >= 0.5;
}

/**
 * Whether the first record names the columns. Strong evidence: a column whose other cells are
 * numbers has a non-number first cell (`click` above 0/1, while a name `101` above numbers
 * proves nothing). Without numeric columns: the first row's values are distinct, filled, and
 * never seen again in their column.
 */
export function sniffHeader(rows: string[][], decimalComma: boolean): boolean {
  const first = rows[0];
  if (!first) return false;
  const rest = rows.slice(1).filter((r) => r.length === first.length);
  const isNum = (s: string) => isNumberText(s.trim(), decimalComma);
  if (rest.length === 0) {
    const filled = first.every((c) => c.trim() !== '');
    return filled && !first.some(isNum) && new Set(first).size === first.length;
  }
  let numericColumns = 0;
  for (let c = 0; c < first.length; c++) {
    const values = rest.map((r) => r[c]!.trim()).filter((v) => v !== '');
    if (values.length === 0) continue;
    const share = values.filter(isNum).length / values.length;
    if (share >= 0.9) {
      numericColumns++;
      const head = first[c]!.trim();
      if (head !== '' && !isNum(head)) return true;
    }
  }
  if (numericColumns > 0) return false;
  const names = first.map((c) => c.trim());
  if (names.some((n) => n === '') || new Set(names).size !== names.length) return false;
  return names.every((name, c) => !rest.some((r) => r[c]!.trim() === name));
}

/** Sniffs the dialect from the first complete lines of a file (BOM already removed). */
export function sniffDialect(sample: string): SniffResult {
  const chosen = sniffSeparator(sample);
  const evidence: string[] = [];
  const sepName = separatorName(chosen.separator);
  // An empty file has no evidence about separators or headers; the reader says EMPTY_FILE.
  if (chosen.rows.length > 0)
    evidence.push(
      chosen.fields >= 2
        ? `Separator ${sepName}: ${chosen.fields} fields in ${Math.round(chosen.share * 100)}% of ${chosen.rows.length} sampled lines.`
        : `No separator splits the lines consistently; reading one column.`,
    );
  const skipLines = leadingJunk(chosen.rows, chosen.fields);
  if (skipLines > 0)
    evidence.push(
      `Skipping ${skipLines} leading line(s) whose field count differs from ${chosen.fields}.`,
    );
  const rows = chosen.rows.slice(skipLines);
  const trim = shouldTrim(rows);
  if (trim) evidence.push('Cells start with spaces (", " separators): values are trimmed.');
  const decimalComma =
    chosen.separator !== ',' &&
    rows.some((r) => r.some((c) => hasDecimalComma(c.trim()))) &&
    !rows.some((r) => r.some((c) => /^[+-]?\d+\.\d+$/.test(c.trim())));
  if (decimalComma) evidence.push('Numbers use a decimal comma (1,5).');
  const hasHeader = sniffHeader(rows, decimalComma);
  if (chosen.rows.length > 0)
    evidence.push(
      hasHeader
        ? 'The first line names the columns.'
        : 'The first line looks like data: no header.',
    );
  return {
    dialect: { separator: chosen.separator, hasHeader, trim, decimalComma, skipLines },
    fields: chosen.fields,
    evidence,
  };
}
