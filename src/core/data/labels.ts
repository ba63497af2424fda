/**
 * Reading a column as a label: binary (two values mapped to 0/1), multi-class (class ids) or
 * numeric (regression). Values are normalised first: trimmed, and one trailing dot dropped
 * from text, because UCI Adult's test file writes `>50K.` where the training file has `>50K`.
 */
import { parseNumber } from './values';

export type LabelKind = 'binary' | 'multiclass' | 'numeric';

export interface LabelInfo {
  kind: LabelKind;
  /** Binary: the normalised values read as 1 (every other value is 0). */
  positive: string[];
  /** Binary: the normalised values read as 0. */
  negative: string[];
  /** Multi-class: the normalised values in class-id order. */
  classes: string[];
}

/** Multi-class labels with more values than this are not offered as labels. */
export const MAX_CLASSES = 20;

export function normaliseLabel(value: string): string {
  const trimmed = value.trim();
  if (trimmed.endsWith('.') && parseNumber(trimmed) === null) return trimmed.slice(0, -1);
  return trimmed;
}

const POSITIVE_WORDS = new Set(['1', 'yes', 'y', 'true', 't', 'pos', 'positive', '+1', '+']);
const NEGATIVE_WORDS = new Set(['0', 'no', 'n', 'false', 'f', 'neg', 'negative', '-1', '-']);

/**
 * Which of two values is the positive class: the larger number; a word that means yes; a
 * value starting with `>` (`>50K` against `<=50K`); else the rarer value, since the events a
 * ranking model predicts (a click, a purchase) are the rare ones.
 */
export function positiveOf(a: { value: string; count: number }, b: typeof a): string {
  const x = parseNumber(a.value);
  const y = parseNumber(b.value);
  if (x !== null && y !== null) return x > y ? a.value : b.value;
  for (const [p, q] of [
    [a, b],
    [b, a],
  ] as const) {
    const lower = p.value.toLowerCase();
    if (POSITIVE_WORDS.has(lower) || NEGATIVE_WORDS.has(q.value.toLowerCase())) return p.value;
    if (p.value.startsWith('>') && q.value.startsWith('<')) return p.value;
  }
  if (a.count !== b.count) return a.count < b.count ? a.value : b.value;
  return a.value < b.value ? a.value : b.value;
}

/** Label reading of a column from its distinct values with counts (missing excluded). */
export function inferLabel(
  values: { value: string; count: number }[],
  decimalComma = false,
): LabelInfo | null {
  const merged = new Map<string, number>();
  for (const { value, count } of values) {
    if (value === '') continue;
    const key = normaliseLabel(value);
    merged.set(key, (merged.get(key) ?? 0) + count);
  }
  const distinct = [...merged].map(([value, count]) => ({ value, count }));
  if (distinct.length === 0) return null;
  if (distinct.length === 2) {
    const positive = positiveOf(distinct[0]!, distinct[1]!);
    const negative = distinct.map((d) => d.value).filter((v) => v !== positive);
    return { kind: 'binary', positive: [positive], negative, classes: [] };
  }
  const allNumbers = distinct.every((d) => parseNumber(d.value, decimalComma) !== null);
  const allIntegers = allNumbers && distinct.every((d) => /^[+-]?\d+$/.test(d.value));
  if (distinct.length <= MAX_CLASSES && (!allNumbers || allIntegers)) {
    const classes = distinct.map((d) => d.value);
    if (allIntegers) classes.sort((a, b) => Number(a) - Number(b));
    else classes.sort();
    // Integer labels in 0..k-1 already are class ids; other sets are numbered in order.
    return { kind: 'multiclass', positive: [], negative: [], classes };
  }
  if (allNumbers) return { kind: 'numeric', positive: [], negative: [], classes: [] };
  return null;
}

/** The 0/1 (binary), class id (multi-class) or number (numeric) of one cell; null if unreadable. */
export function labelValue(info: LabelInfo, cell: string, decimalComma = false): number | null {
  if (cell === '') return null;
  if (info.kind === 'numeric') {
    const x = parseNumber(cell.trim(), decimalComma);
    return x !== null && Number.isFinite(x) ? x : null;
  }
  const value = normaliseLabel(cell);
  if (info.kind === 'binary') {
    if (info.positive.includes(value)) return 1;
    if (info.negative.includes(value)) return 0;
    // A validation file may hold a value the training file did not (`-1` for `0`).
    const x = parseNumber(value, decimalComma);
    return x === null ? null : x > 0 ? 1 : 0;
  }
  const id = info.classes.indexOf(value);
  return id >= 0 ? id : null;
}
