/**
 * Per-column statistics, computed over a column's distinct values and their counts (a table
 * is dictionary-encoded), so a million rows of a 40-value column cost 40 number parses.
 */
import { valueCounts, type Column } from './table';
import { parseNumber } from './values';

export interface TagStats {
  separator: string;
  /** Rows (non-missing) that hold at least one separator. */
  multiShare: number;
  maxItems: number;
  meanItems: number;
  /** Distinct items, counted up to `ITEM_CAP`. */
  distinctItems: number;
}

export interface ColumnStats {
  count: number;
  missing: number;
  /** Distinct non-missing values. */
  distinct: number;
  /** Non-missing cells that read as numbers, and of those, whole numbers. */
  numeric: number;
  integer: number;
  min: number | null;
  max: number | null;
  mean: number | null;
  /** Share of numeric cells equal to 0. */
  zeroShare: number;
  /** Deciles (10 %, 20 %, … 90 %) of the numeric cells; empty when none. */
  deciles: number[];
  /** Deciles of the values above 0, and the smallest of them (for zero-heavy columns). */
  positiveDeciles: number[];
  minPositive: number | null;
  /** Most frequent non-missing values. */
  top: { value: string; count: number }[];
  /** A few distinct values in order of appearance. */
  sample: string[];
  /** Multi-value evidence for the most used item separator, or null. */
  tag: TagStats | null;
}

export const TOP_VALUES = 10;
export const SAMPLE_VALUES = 6;
const DECILES = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
const ITEM_CAP = 200_000;
const TAG_SEPARATORS = ['|', ';', ',', '#'] as const;

export function columnStats(
  column: Column,
  options: { decimalComma?: boolean; fileSeparator?: string } = {},
): ColumnStats {
  const counts = valueCounts(column);
  const numbers: [number, number][] = [];
  let count = 0;
  let missing = 0;
  let numeric = 0;
  let integer = 0;
  let sum = 0;
  let zeros = 0;
  const present: number[] = [];
  column.dict.forEach((value, code) => {
    const n = counts[code]!;
    count += n;
    if (value === '') {
      missing += n;
      return;
    }
    if (n > 0) present.push(code);
    const x = parseNumber(value, options.decimalComma);
    if (x === null || !Number.isFinite(x)) return;
    numeric += n;
    if (Number.isInteger(x) && !value.includes('.') && !value.includes(',')) integer += n;
    sum += x * n;
    if (x === 0) zeros += n;
    numbers.push([x, n]);
  });
  numbers.sort((a, b) => a[0] - b[0]);
  const positive = numbers.filter(([x]) => x > 0);
  const negatives = numbers.filter(([x]) => x < 0).reduce((a, [, n]) => a + n, 0);
  const byCount = [...present].sort((a, b) => counts[b]! - counts[a]! || a - b);
  return {
    count,
    missing,
    distinct: present.length,
    numeric,
    integer,
    min: numbers[0]?.[0] ?? null,
    max: numbers.at(-1)?.[0] ?? null,
    mean: numeric > 0 ? sum / numeric : null,
    zeroShare: numeric > 0 ? zeros / numeric : 0,
    deciles: quantiles(numbers, numeric, DECILES),
    positiveDeciles: quantiles(positive, numeric - zeros - negatives, DECILES),
    minPositive: positive[0]?.[0] ?? null,
    top: byCount.slice(0, TOP_VALUES).map((c) => ({ value: column.dict[c]!, count: counts[c]! })),
    sample: present.slice(0, SAMPLE_VALUES).map((c) => column.dict[c]!),
    tag: tagStats(column, counts, options.fileSeparator ?? ','),
  };
}

/** Lower quantiles (the smallest value with at least q of the mass at or below it). */
export function quantiles(sorted: [number, number][], total: number, qs: number[]): number[] {
  if (total === 0) return [];
  const out: number[] = [];
  let cumulative = 0;
  let i = 0;
  for (const q of qs) {
    const target = q * total;
    while (i < sorted.length && cumulative + sorted[i]![1] < target) {
      cumulative += sorted[i]![1];
      i++;
    }
    out.push(sorted[Math.min(i, sorted.length - 1)]![0]);
  }
  return out;
}

function tagStats(column: Column, counts: Int32Array, fileSeparator: string): TagStats | null {
  let best: TagStats | null = null;
  for (const separator of TAG_SEPARATORS) {
    if (separator === fileSeparator) continue;
    let rows = 0;
    let multi = 0;
    let items = 0;
    let maxItems = 0;
    const seen = new Set<string>();
    column.dict.forEach((value, code) => {
      const n = counts[code]!;
      if (value === '' || n === 0) return;
      rows += n;
      const parts = value.split(separator).filter((p) => p !== '');
      if (parts.length > 1) multi += n;
      items += parts.length * n;
      maxItems = Math.max(maxItems, parts.length);
      for (const p of parts) if (seen.size < ITEM_CAP) seen.add(p);
    });
    if (rows === 0 || multi === 0) continue;
    const stats = {
      separator,
      multiShare: multi / rows,
      maxItems,
      meanItems: items / rows,
      distinctItems: seen.size,
    };
    if (!best || stats.multiShare > best.multiShare) best = stats;
  }
  return best;
}
