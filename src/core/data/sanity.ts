/**
 * Label sanity per task, before training: the mistakes multi-task users keep making
 * (DBMTL.md, "Data sanity"). Each finding has a code, the task, a severity and a sentence;
 * chain-rule violations also carry the rows, so the user can drop them.
 */
import type { Project, Task } from '../project/types';
import { findColumn, type Column, type Table } from './table';
import { isRegression, labelReader, type LabelInfo } from './taskLabels';
import { parseNumber } from './values';

export type FindingCode =
  | 'LABEL_COLUMN_MISSING'
  | 'POSITIVE_RATE'
  | 'CONSTANT_LABEL'
  | 'FEW_POSITIVES'
  | 'LEAKAGE'
  | 'CHAIN_VIOLATION'
  | 'CHAIN_OK'
  | 'CHAIN_NOT_GATED'
  | 'REGRESSION_SCALE'
  | 'LABEL_UNREADABLE'
  | 'NOT_A_NUMBER';

export interface Finding {
  code: FindingCode;
  task: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** Rows concerned and the first of their lines, where rows are concerned. */
  count?: number;
  firstLines?: number[];
  /** The parent task of a chain finding; the feature column of a leakage finding. */
  parent?: string;
  column?: string;
  /** A task weight that brings a regression loss to the scale of a log loss. */
  suggestedWeight?: number;
}

export interface SanityReport {
  findings: Finding[];
  /** Rows where the child is positive and the parent is not, by edge key `parent→child`. */
  violations: Record<string, Int32Array>;
}

/**
 * A regression child non-zero on more than this share of the rows where its parent is not
 * positive is not gated by the parent: the chain check does not apply to it.
 */
const GATED_SHARE = 0.5;

/** Fewer positives than this make a binary task's AUC noise. */
export const FEW_POSITIVES = 50;
/** A regression label with a variance above this drowns a log loss (about 0.1–0.7). */
export const SCALE_LIMIT = 10;
/** Average rows per value a feature needs before "it determines the label" means leakage. */
const LEAK_ROWS_PER_VALUE = 20;

export function edgeKey(parent: string, child: string): string {
  return `${parent}→${child}`;
}

/** One significant digit of 1 / variance: the weight that makes a label's MSE about 1. */
export function suggestedRegressionWeight(variance: number): number {
  if (!(variance > 0)) return 1;
  return Number((1 / variance).toPrecision(1));
}

/** Label values per row (NaN where unreadable). */
function labelValues(task: Task, column: Column, info: LabelInfo | null): Float64Array {
  const read = labelReader(task, info);
  const perCode = Float64Array.from(column.dict, (v) => read(v) ?? Number.NaN);
  const { codes } = column;
  const y = new Float64Array(codes.length);
  for (let r = 0; r < codes.length; r++) y[r] = perCode[codes[r]!]!;
  return y;
}

/** "1 row has" / "3 rows have": a count with the singular or plural words after it. */
function count(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

function pct(x: number): string {
  return `${(100 * x).toFixed(x < 0.1 ? 2 : 1)}%`;
}

function firstLines(table: Table, rows: ArrayLike<number>, n = 5): number[] {
  return Array.from({ length: Math.min(n, rows.length) }, (_, i) => table.lines[rows[i]!]!);
}

export function checkLabels(
  project: Project,
  table: Table,
  labelInfo: Record<string, LabelInfo | null> = {},
): SanityReport {
  const findings: Finding[] = [];
  const violations: Record<string, Int32Array> = {};
  const values = new Map<string, Float64Array>();
  for (const task of project.tasks) {
    const column = findColumn(table, task.labelName);
    if (!column) {
      findings.push({
        code: 'LABEL_COLUMN_MISSING',
        task: task.name,
        severity: 'error',
        message: `Task ${task.name}: the data has no column "${task.labelName}".`,
      });
      continue;
    }
    const y = labelValues(task, column, labelInfo[task.labelName] ?? null);
    values.set(task.name, y);
    const unreadable: number[] = [];
    for (let r = 0; r < y.length; r++) if (Number.isNaN(y[r]!)) unreadable.push(r);
    if (unreadable.length > 0)
      findings.push({
        code: 'LABEL_UNREADABLE',
        task: task.name,
        column: task.labelName,
        severity: 'warning',
        count: unreadable.length,
        firstLines: firstLines(table, unreadable),
        message: `Task ${task.name}: ${count(unreadable.length, 'row has', 'rows have')} a missing or unreadable ${task.labelName} (first "${column.dict[column.codes[unreadable[0]!]!]}"); ${unreadable.length === 1 ? 'it is' : 'they are'} left out of training.`,
      });
    findings.push(...distribution(task, y), ...leakage(project, task, table, column, y));
  }
  for (const task of project.tasks) {
    const child = values.get(task.name);
    for (const parentName of task.relationTowerNames) {
      const parentTask = project.tasks.find((t) => t.name === parentName);
      const parent = values.get(parentName);
      if (!child || !parent || !parentTask || isRegression(parentTask)) continue;
      const rows: number[] = [];
      let parentOff = 0;
      for (let r = 0; r < table.numRows; r++) {
        if (Number.isNaN(parent[r]!) || Number.isNaN(child[r]!) || parent[r]! > 0) continue;
        parentOff++;
        if (child[r]! > 0) rows.push(r);
      }
      // A regression target that is non-zero on most rows without its parent (hours worked
      // per week under "never married") is not gated by it: the chain rule is about targets
      // that only exist after the parent (a watch time after a view), so there is nothing to check.
      if (isRegression(task) && parentOff > 0 && rows.length > GATED_SHARE * parentOff) {
        findings.push({
          code: 'CHAIN_NOT_GATED',
          task: task.name,
          parent: parentName,
          severity: 'info',
          message: `${parentName} → ${task.name}: not checked; ${task.name} is non-zero on ${pct(rows.length / parentOff)} of the rows without ${parentName}, so it does not follow it as a chain (the check is for targets that exist only after their parent, like a watch time after a view).`,
        });
        continue;
      }
      const key = edgeKey(parentName, task.name);
      violations[key] = Int32Array.from(rows);
      findings.push(
        rows.length === 0
          ? {
              code: 'CHAIN_OK',
              task: task.name,
              parent: parentName,
              severity: 'info',
              count: 0,
              message: `${parentName} → ${task.name}: no row has ${task.name} without ${parentName}.`,
            }
          : {
              code: 'CHAIN_VIOLATION',
              task: task.name,
              parent: parentName,
              severity: 'warning',
              count: rows.length,
              firstLines: firstLines(table, rows),
              message: `${parentName} → ${task.name}: ${count(rows.length, 'row has', 'rows have')} ${task.name} positive while ${parentName} is not; the chain rule assumes none. Drop ${rows.length === 1 ? 'it or keep it' : 'them or keep them'} knowingly.`,
            },
      );
    }
  }
  return { findings: [...findings, ...checkNumbers(project, table)], violations };
}

/** Cells of number features that are not numbers (they are read as the default value). */
function checkNumbers(project: Project, table: Table): Finding[] {
  const findings: Finding[] = [];
  for (const feature of project.features) {
    if (feature.type !== 'RawFeature' || !feature.inGroup) continue;
    const column = findColumn(table, feature.inputName);
    if (!column) continue;
    const bad = new Set<number>();
    column.dict.forEach((v, i) => {
      if (v !== '' && parseNumber(v.trim(), true) === null) bad.add(i);
    });
    if (bad.size === 0) continue;
    const rows: number[] = [];
    for (let r = 0; r < table.numRows; r++) if (bad.has(column.codes[r]!)) rows.push(r);
    findings.push({
      code: 'NOT_A_NUMBER',
      task: '',
      column: column.name,
      severity: 'warning',
      count: rows.length,
      firstLines: firstLines(table, rows),
      message: `Feature ${feature.name}: ${count(rows.length, 'cell', 'cells')} of ${column.name} ${rows.length === 1 ? 'is not a number' : 'are not numbers'} (first "${column.dict[column.codes[rows[0]!]!]}"); ${rows.length === 1 ? 'it is' : 'they are'} read as its default value.`,
    });
  }
  return findings;
}

function distribution(task: Task, y: Float64Array): Finding[] {
  let n = 0;
  let sum = 0;
  let sumSq = 0;
  let positives = 0;
  for (const v of y) {
    if (Number.isNaN(v)) continue;
    n++;
    sum += v;
    sumSq += v * v;
    if (v > 0) positives++;
  }
  const where = { task: task.name };
  if (n === 0)
    return [
      {
        code: 'CONSTANT_LABEL',
        ...where,
        severity: 'error',
        message: `Task ${task.name}: no row has a readable label.`,
      },
    ];
  if (isRegression(task)) {
    const mean = sum / n;
    const variance = Math.max(0, sumSq / n - mean * mean);
    if (variance === 0)
      return [
        {
          code: 'CONSTANT_LABEL',
          ...where,
          severity: 'error',
          message: `Task ${task.name}: the label is always ${mean}; there is nothing to learn.`,
        },
      ];
    if (variance <= SCALE_LIMIT) return [];
    const weight = suggestedRegressionWeight(variance);
    return [
      {
        code: 'REGRESSION_SCALE',
        ...where,
        severity: task.weight <= weight * 3 ? 'info' : 'warning',
        suggestedWeight: weight,
        message: `Task ${task.name}: label variance ${variance.toPrecision(3)} (standard deviation ${Math.sqrt(variance).toPrecision(3)}); its squared error would drown the classification losses (about 0.1–0.7). Use task weight ${weight}${task.weight <= weight * 3 ? ' (set)' : ''}, or normalise the label (divide by its standard deviation, or log1p).`,
      },
    ];
  }
  if (task.numClass > 1) return [];
  const rate = positives / n;
  const out: Finding[] = [
    {
      code: 'POSITIVE_RATE',
      ...where,
      severity: 'info',
      count: positives,
      message: `Task ${task.name}: ${pct(rate)} positive (${positives.toLocaleString('en-US')} of ${n.toLocaleString('en-US')}).`,
    },
  ];
  if (positives === 0 || positives === n)
    out.push({
      code: 'CONSTANT_LABEL',
      ...where,
      severity: 'error',
      message: `Task ${task.name}: every label is ${positives ? 1 : 0}; AUC is undefined and the tower learns nothing.`,
    });
  else if (positives < FEW_POSITIVES)
    out.push({
      code: 'FEW_POSITIVES',
      ...where,
      severity: 'warning',
      count: positives,
      message: `Task ${task.name}: only ${count(positives, 'positive row', 'positive rows')} of ${n.toLocaleString('en-US')} in its label column ${task.labelName} (fewer than ${FEW_POSITIVES}); its AUC will be noise. Collect more data or expect a flat curve.`,
    });
  return out;
}

/**
 * A feature column that equals the label, is a relabelling of it (a one-to-one map of
 * values), or determines it (each of its values always comes with the same label, with
 * enough rows per value to mean something) gives AUC 1.0 and a useless model.
 */
function leakage(
  project: Project,
  task: Task,
  table: Table,
  label: Column,
  y: Float64Array,
): Finding[] {
  const findings: Finding[] = [];
  const inputs = new Set(project.features.filter((f) => f.inGroup).map((f) => f.inputName));
  for (const name of inputs) {
    const column = findColumn(table, name);
    if (!column || column === label || name === task.labelName) continue;
    if (identical(column, label)) {
      findings.push(
        leak(task, name, `feature column ${name} is identical to the label ${task.labelName}`),
      );
      continue;
    }
    if (isRegression(task)) continue;
    const seen = new Float64Array(column.dict.length).fill(Number.NaN);
    let determines = true;
    for (let r = 0; r < table.numRows && determines; r++) {
      const v = y[r]!;
      if (Number.isNaN(v)) continue;
      const code = column.codes[r]!;
      if (Number.isNaN(seen[code]!)) seen[code] = v;
      else if (seen[code] !== v) determines = false;
    }
    if (!determines) continue;
    const used = [...seen].filter((v) => !Number.isNaN(v));
    const classes = new Set(used).size;
    if (classes < 2) continue;
    if (used.length === classes)
      findings.push(
        leak(
          task,
          name,
          `feature column ${name} is a relabelling of the label ${task.labelName} (one value per class)`,
        ),
      );
    else if (table.numRows / used.length >= LEAK_ROWS_PER_VALUE)
      findings.push(
        leak(
          task,
          name,
          `feature column ${name} determines the label ${task.labelName} (${used.length === 1 ? 'its one value always has' : `each of its ${used.length} values always has`} the same label)`,
        ),
      );
  }
  return findings;
}

function identical(a: Column, b: Column): boolean {
  for (let r = 0; r < a.codes.length; r++)
    if (a.dict[a.codes[r]!] !== b.dict[b.codes[r]!]) return false;
  return a.codes.length > 0;
}

function leak(task: Task, column: string, what: string): Finding {
  return {
    code: 'LEAKAGE',
    task: task.name,
    column,
    severity: 'error',
    message: `Task ${task.name}: ${what}. The model would read the answer (AUC 1.0); remove the feature.`,
  };
}

/** A drop mask (1 = drop) for the rows of the chosen edges' violations. */
export function dropMask(
  numRows: number,
  report: SanityReport,
  edges: readonly string[],
): Uint8Array {
  const mask = new Uint8Array(numRows);
  for (const key of edges) for (const r of report.violations[key] ?? []) mask[r] = 1;
  return mask;
}
