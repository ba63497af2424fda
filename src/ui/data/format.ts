/** Small formatters for the data panel. */
import type { SchemaColumn } from '../../core/data/schema';
import { normaliseLabel } from '../../core/data/labels';

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export const formatCount = (n: number) => n.toLocaleString('en-US');

export function formatNumber(x: number | null): string {
  if (x === null) return '–';
  if (Number.isInteger(x)) return formatCount(x);
  return Math.abs(x) >= 100 ? x.toFixed(1) : x.toPrecision(3);
}

/** Share of labelled rows that are positive, for a binary label column. */
export function positiveRate(column: SchemaColumn): number | null {
  const label = column.label;
  if (label?.kind !== 'binary') return null;
  const present = column.stats.count - column.stats.missing;
  if (present === 0) return null;
  const positives = column.stats.top
    .filter((t) => label.positive.includes(normaliseLabel(t.value)))
    .reduce((a, t) => a + t.count, 0);
  return positives / present;
}

/** One line of statistics for the schema table. */
export function statsLine(column: SchemaColumn): string {
  const { stats } = column;
  const parts: string[] = [];
  if (stats.missing > 0)
    parts.push(`${((100 * stats.missing) / Math.max(1, stats.count)).toFixed(1)}% missing`);
  parts.push(`${formatCount(stats.distinct)} distinct`);
  const rate = positiveRate(column);
  if (rate !== null && column.role === 'label')
    parts.push(`${(100 * rate).toFixed(rate < 0.1 ? 2 : 1)}% positive`);
  else if (column.role === 'tag' && stats.tag)
    parts.push(`${stats.tag.meanItems.toFixed(1)} items avg, max ${stats.tag.maxItems}`);
  else if (stats.numeric > 0 && stats.min !== null)
    parts.push(
      `${formatNumber(stats.min)}…${formatNumber(stats.max)}, mean ${formatNumber(stats.mean)}`,
    );
  return parts.join(' · ');
}

/** A task name (an identifier) from a column name, unique among `taken`. */
export function taskNameFor(column: string, taken: readonly string[]): string {
  let base = column.replace(/[^A-Za-z0-9_]/g, '_');
  if (!/^[A-Za-z_]/.test(base)) base = `t_${base}`;
  let name = base;
  for (let k = 2; taken.includes(name); k++) name = `${base}_${k}`;
  return name;
}
