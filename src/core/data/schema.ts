/**
 * The schema: what each column of the samples is for (its role), why inference thought so,
 * its EasyRec `input_fields` type, its label reading and its statistics. Inference proposes,
 * the user overrides (`setRole`), and `schemaToProject` writes it into the project.
 */
import type { FieldType } from '../project/types';
import { deriveEquals, type DerivedRule } from './derived';
import { inferLabel, type LabelInfo } from './labels';
import { columnStats, type ColumnStats } from './stats';
import { findColumn, type Table } from './table';

/** `label`: a task's target. `id`: categorical. `tag`: multi-value. `dense`: a number. */
export const COLUMN_ROLES = ['label', 'id', 'tag', 'dense', 'ignore'] as const;
export type ColumnRole = (typeof COLUMN_ROLES)[number];

export interface SchemaColumn {
  name: string;
  role: ColumnRole;
  /** What inference proposed, and why (shown next to the user's choice). */
  inferredRole: ColumnRole;
  reason: string;
  fieldType: FieldType;
  /** How the column reads as a label; null when it cannot be one. */
  label: LabelInfo | null;
  stats: ColumnStats;
  /** Set for a column computed from another (not in the file). */
  derived?: DerivedRule;
}

export interface Schema {
  columns: SchemaColumn[];
  numRows: number;
  decimalComma: boolean;
}

export interface InferOptions {
  decimalComma?: boolean;
  fileSeparator?: string;
  /** Columns that are labels of the project's tasks. */
  labelNames?: readonly string[];
}

const ID_NAME =
  /(^|[_\-\s.])(id|ids|uid|iid|pid|code|key|segid|level|group|class|type|cate|category|gender|city|zip|device|channel|hour|day|weekday|os|country)$|^(id|uid|pid)(_|$)|[a-z]id$/i;
const DENSE_NAME =
  /count|cnt|num|amount|duration|costtime|time|price|age|hours|gain|loss|wgt|weight|rate|score|ratio|sum|avg|mean|len|size|pct|income_amt/i;
const LABEL_NAME =
  /^(is|has)_|(^|_)(click|clicked|clk|buy|purchase|conversion|convert|label|target|finish|like|ctr|cvr|income|churn)$/i;

/** A share of numeric cells at least this high makes a column numeric. */
const NUMERIC_SHARE = 0.95;

export function inferRole(
  name: string,
  stats: ColumnStats,
  label: LabelInfo | null,
  labelNames: readonly string[] = [],
): { role: ColumnRole; reason: string } {
  const present = stats.count - stats.missing;
  if (labelNames.includes(name)) return { role: 'label', reason: 'a task of the project uses it' };
  if (present === 0) return { role: 'ignore', reason: 'every cell is missing' };
  if (label?.kind === 'binary' && LABEL_NAME.test(name))
    return { role: 'label', reason: 'two values and a label-like name' };
  const numeric = stats.numeric / present >= NUMERIC_SHARE;
  if (!numeric && stats.tag && stats.tag.multiShare >= 0.2)
    return {
      role: 'tag',
      reason: `${Math.round(stats.tag.multiShare * 100)}% of cells hold several "${stats.tag.separator}"-separated items`,
    };
  if (!numeric) {
    const longText = stats.distinct === present && present > 100 && averageLength(stats) > 40;
    if (longText) return { role: 'ignore', reason: 'free text: every value differs' };
    return { role: 'id', reason: `text with ${stats.distinct} distinct values` };
  }
  const integers = stats.integer === stats.numeric;
  if (integers && ID_NAME.test(name)) return { role: 'id', reason: 'whole numbers, id-like name' };
  if (DENSE_NAME.test(name)) return { role: 'dense', reason: 'numbers, measure-like name' };
  if (integers && stats.distinct <= 2) return { role: 'id', reason: 'a 0/1-like flag' };
  // No value-only guess of "integer-coded ids": many distinct large whole numbers are as often
  // a measure (UCI Adult's fnlwgt) as ids, and a guess made under c2 flipped once the column
  // was named. Ids are recognised by name; headerless files take names from input_fields.
  return { role: 'dense', reason: integers ? 'whole numbers (a measure)' : 'numbers' };
}

function averageLength(stats: ColumnStats): number {
  const lengths = stats.sample.map((s) => s.length);
  return lengths.reduce((a, b) => a + b, 0) / Math.max(1, lengths.length);
}

export function fieldTypeFor(
  role: ColumnRole,
  stats: ColumnStats,
  label: LabelInfo | null,
): FieldType {
  const present = stats.count - stats.missing;
  const numeric = present > 0 && stats.numeric === present;
  const integers = numeric && stats.integer === stats.numeric;
  switch (role) {
    case 'label':
      if (label?.kind === 'numeric') return 'FLOAT';
      // EasyRec reads labels as numbers: a text label (`>50K`) is written as the 0/1 or
      // class id the app trains on in the samples file the app offers (samplesFile.ts).
      return integers || label?.kind === 'binary' || label?.kind === 'multiclass'
        ? 'INT32'
        : 'STRING';
    case 'dense':
      return 'DOUBLE';
    default:
      // EasyRec hashes ids as strings; STRING keeps `007` and `7` apart, as the file has them.
      return 'STRING';
  }
}

export function describeColumn(
  table: Table,
  index: number,
  options: InferOptions = {},
): SchemaColumn {
  const column = table.columns[index]!;
  const stats = columnStats(column, options);
  const present = stats.count - stats.missing;
  const values = stats.distinct <= stats.top.length ? stats.top : allValues(table, index);
  let label = values.length > 0 ? inferLabel(values, options.decimalComma) : null;
  // Too many distinct values to list: a numeric column still reads as a regression label.
  if (!label && present > 0 && stats.numeric === present)
    label = { kind: 'numeric', positive: [], negative: [], classes: [] };
  const { role, reason } = inferRole(column.name, stats, label, options.labelNames);
  return {
    name: column.name,
    role,
    inferredRole: role,
    reason,
    fieldType: fieldTypeFor(role, stats, label),
    label,
    stats,
  };
}

function allValues(table: Table, index: number): { value: string; count: number }[] {
  const column = table.columns[index]!;
  // More than a few dozen distinct values never make a binary or multi-class label.
  if (column.dict.length > 64) return [];
  const counts = new Map<string, number>();
  for (const code of column.codes) {
    const v = column.dict[code]!;
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return [...counts].map(([value, count]) => ({ value, count }));
}

export function inferSchema(table: Table, options: InferOptions = {}): Schema {
  return {
    columns: table.columns.map((_, i) => describeColumn(table, i, options)),
    numRows: table.numRows,
    decimalComma: options.decimalComma ?? false,
  };
}

/** The user's override of a column's role; its input type follows. */
export function setRole(schema: Schema, name: string, role: ColumnRole): Schema {
  return {
    ...schema,
    columns: schema.columns.map((c) =>
      c.name === name ? { ...c, role, fieldType: fieldTypeFor(role, c.stats, c.label) } : c,
    ),
  };
}

/**
 * Adds (or replaces) a derived binary column `name` = (`source` equals `value`), e.g.
 * `never_married` = marital-status equals Never-married, as a label.
 */
export function addDerivedLabel(
  schema: Schema,
  table: Table,
  rule: DerivedRule,
): Schema | { error: string } {
  const source = findColumn(table, rule.source);
  if (!source) return { error: `No column "${rule.source}" to derive "${rule.name}" from.` };
  if (schema.columns.some((c) => c.name === rule.name && !c.derived))
    return { error: `A column named "${rule.name}" already exists in the file.` };
  const derivedColumn = deriveEquals(source, rule);
  const stats = columnStats(derivedColumn);
  const label = inferLabel(stats.top);
  const column: SchemaColumn = {
    name: rule.name,
    role: 'label',
    inferredRole: 'label',
    reason: `1 where ${rule.source} equals "${rule.value}"`,
    fieldType: 'INT32',
    label,
    stats,
    derived: rule,
  };
  return {
    ...schema,
    columns: [...schema.columns.filter((c) => c.name !== rule.name), column],
  };
}

export function schemaColumn(schema: Schema, name: string): SchemaColumn | undefined {
  return schema.columns.find((c) => c.name === name);
}
