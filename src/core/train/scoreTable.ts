/**
 * Scoring a table that is not the training data (a file to predict on), shared by
 * `dbmtl predict` and the dashboard's "Predictions on a file": the project as trained (with
 * the dense min/max fitted on its training rows), label columns replaced by placeholders (a
 * file to score need not have them), a refusal naming the feature columns the file lacks, and
 * EasyRec's output columns written as CSV.
 */
import { encodeProject, type EncodeResult } from '../data/encode';
import type { Column, Table } from '../data/table';
import type { Project } from '../project/types';
import type { ScoreColumn } from './evaluate';

export type FittedRanges = Record<string, { minVal: number; maxVal: number }>;

/** The project with the min/max fitted on the training rows, so dense values scale as then. */
export function projectForScoring(project: Project, fitted: FittedRanges = {}): Project {
  const copy = structuredClone(project);
  copy.features = copy.features.map((f) => (fitted[f.name] ? { ...f, ...fitted[f.name] } : f));
  return copy;
}

/** The fitted ranges a saved model.json carries (`encoding.fitted`), or none. */
export function fittedOf(encoding: unknown): FittedRanges {
  return (encoding as { fitted?: FittedRanges } | undefined)?.fitted ?? {};
}

/** Label and task-space columns are replaced (or added) as a constant 0. */
export function withPlaceholderLabels(table: Table, project: Project): Table {
  const labels = new Set(
    project.tasks.flatMap((t) => [t.labelName, t.taskSpaceIndicatorLabel].filter(Boolean)),
  );
  const constant = (name: string): Column => ({
    name,
    dict: ['0'],
    codes: new Int32Array(table.numRows),
  });
  const columns = table.columns.map((c) => (labels.has(c.name) ? constant(c.name) : c));
  for (const name of labels)
    if (!columns.some((c) => c.name === name)) columns.push(constant(name));
  return { ...table, columns };
}

/** The input columns the model's features read that `table` lacks. */
export function missingFeatureColumns(table: Table, project: Project): string[] {
  const have = new Set(table.columns.map((c) => c.name));
  return [...new Set(project.features.filter((f) => f.inGroup).map((f) => f.inputName))].filter(
    (name) => !have.has(name),
  );
}

/** "FILE lacks 2 columns the model's features read: x, tags. It has 3: user, age, income." */
export function missingColumnsMessage(file: string, table: Table, missing: string[]): string {
  const shown = table.columns.slice(0, 12).map((c) => c.name);
  return (
    `${file} lacks ${missing.length} column${missing.length === 1 ? '' : 's'} the model's ` +
    `features read: ${missing.join(', ')}. It has ${table.columns.length}: ${shown.join(', ')}` +
    `${table.columns.length > shown.length ? ', …' : ''}.`
  );
}

/**
 * Every row of `table` encoded for the trained project (no split, labels not needed). Throws
 * an Error naming the file when feature columns are missing; `decimalComma` as the file reads.
 */
export function encodeForScoring(
  file: string,
  project: Project,
  table: Table,
  decimalComma = false,
): EncodeResult {
  const missing = missingFeatureColumns(table, project);
  if (missing.length > 0) throw new Error(missingColumnsMessage(file, table, missing));
  return encodeProject(project, withPlaceholderLabels(table, project), {
    split: { kind: 'none' },
    decimalComma,
  });
}

/** Float32 scores carry about seven significant digits; more would be noise in the file. */
export function csvNumber(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(7))) : '';
}

/** Header names of the columns: `probs_<task>_<k>` for a multi-class task's class k. */
export function scoreHeader(columns: readonly ScoreColumn[]): string[] {
  return columns.flatMap((c) =>
    c.width === 1 ? [c.name] : Array.from({ length: c.width }, (_, k) => `${c.name}_${k}`),
  );
}

/** One CSV line per scored row: the score columns only, in model order. */
export function scoresCsv(columns: readonly ScoreColumn[], numRows: number): string {
  const lines = [scoreHeader(columns).join(',')];
  for (let r = 0; r < numRows; r++) {
    lines.push(
      columns
        .flatMap((c) => Array.from(c.values.subarray(r * c.width, (r + 1) * c.width), csvNumber))
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
