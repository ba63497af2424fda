/**
 * Encoding samples into the `EncodedDataset` the model reads (see encoded.ts): features in
 * the order of the `all` group, labels per task, sample weights and gAUC groups.
 *
 * - Ids: hashed with FNV-1a 32-bit mod `hash_bucket_size` (hash.ts); or a vocabulary, with
 *   one out-of-vocabulary id after the list (missing values land there too); or integer ids
 *   below `num_buckets`, anything else (out of range, not a number) → 0, as EasyRec does.
 * - Tags: items split on the feature's separator, hashed the same way, truncated to
 *   `maxItems` (fixed by the training rows) and padded with id 0 and mask 0.
 * - Raw numbers: bucketised by `boundaries` (bucket = how many boundaries are ≤ the value),
 *   or scaled by (x − min) / (max − min). A feature whose min and max are both 0 has them
 *   fitted on the training rows only (returned in `fitted`), so held-out rows never leak
 *   into the scaling. Missing numbers take the input field's `default_val` (else 0).
 * - Labels: 0/1, class ids or numbers as the task's loss wants (taskLabels.ts); a row with a
 *   missing or unreadable label for any task is left out and reported.
 *
 * Values are computed once per distinct string: the table is dictionary-encoded.
 */
import type { Feature, Project } from '../project/types';
import type { EncodedDataset, EncodedFeature } from './encoded';
import { hashBucket } from './hash';
import { IssueLog, type ReadIssue } from './issues';
import { splitRows, type SplitSpec } from './split';
import { findColumn, type Column, type Table } from './table';
import { labelReader, type LabelInfo } from './taskLabels';
import { parseNumber } from './values';

export interface EncodeOptions {
  split: SplitSpec;
  /** The held-out file, for `split: { kind: 'file' }`, with the same column names. */
  validationTable?: Table;
  /** Label reading per label column (from the schema). */
  labelInfo?: Record<string, LabelInfo | null>;
  /** Rows of the training table to leave out (1 = drop), e.g. a child positive without its parent. */
  drop?: Uint8Array;
  /** Upper bound on tag items per row. */
  maxTagItems?: number;
  decimalComma?: boolean;
}

export interface EncodeResult {
  train: EncodedDataset;
  validation: EncodedDataset | null;
  /** min/max fitted on the training rows, by feature name. */
  fitted: Record<string, { minVal: number; maxVal: number }>;
  /** For each side, the table row behind each encoded row. */
  trainRows: Int32Array;
  validationRows: Int32Array;
  issues: ReadIssue[];
}

export const DEFAULT_MAX_TAG_ITEMS = 50;

export function vocabSizeOf(feature: Feature): number {
  if (feature.type === 'RawFeature') return feature.boundaries.length + 1;
  if (feature.vocabList.length > 0) return feature.vocabList.length + 1;
  if (feature.numBuckets > 0) return feature.numBuckets;
  return Math.max(1, feature.hashBucketSize);
}

/** TensorFlow's bucketize: the number of boundaries at or below x. */
export function bucketOf(x: number, boundaries: readonly number[]): number {
  let lo = 0;
  let hi = boundaries.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (boundaries[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Id of each dictionary entry for an IdFeature. */
export function idsOf(feature: Feature, dict: readonly string[]): number[] {
  if (feature.vocabList.length > 0) {
    const index = new Map(feature.vocabList.map((v, i) => [v, i]));
    return dict.map((v) => index.get(v) ?? feature.vocabList.length);
  }
  if (feature.numBuckets > 0) {
    return dict.map((v) => {
      const x = /^[+-]?\d+$/.test(v.trim()) ? Number(v) : -1;
      return x >= 0 && x < feature.numBuckets ? x : 0;
    });
  }
  return dict.map((v) => hashBucket(v, Math.max(1, feature.hashBucketSize)));
}

/** Item ids of each dictionary entry for a TagFeature. */
export function tagIdsOf(feature: Feature, dict: readonly string[], cap: number): number[][] {
  const vocab = feature.vocabList.length ? new Map(feature.vocabList.map((v, i) => [v, i])) : null;
  const buckets = Math.max(1, feature.hashBucketSize);
  return dict.map((v) =>
    v
      .split(feature.separator || '|')
      .filter((item) => item !== '')
      .slice(0, cap)
      .map((item) =>
        vocab ? (vocab.get(item) ?? feature.vocabList.length) : hashBucket(item, buckets),
      ),
  );
}

class Side {
  constructor(
    readonly table: Table,
    readonly rows: Int32Array,
    readonly log: IssueLog,
    readonly decimalComma: boolean,
  ) {}

  /** Numbers of each dictionary entry; unreadable ones reported and replaced by `fallback`. */
  numbers(column: Column, fallback: number): Float64Array {
    const out = new Float64Array(column.dict.length);
    const bad = new Set<number>();
    column.dict.forEach((v, i) => {
      const x = v === '' ? fallback : parseNumber(v.trim(), this.decimalComma);
      if (x === null || !Number.isFinite(x)) bad.add(i);
      out[i] = x !== null && Number.isFinite(x) ? x : fallback;
    });
    if (bad.size > 0)
      for (const r of this.rows)
        if (bad.has(column.codes[r]!))
          this.log.add(
            'BAD_NUMBER',
            this.table.lines[r]!,
            `"${column.dict[column.codes[r]!]}" in ${column.name} is not a number; read as ${fallback}.`,
            undefined,
            column.name,
          );
    return out;
  }
}

function tableName(feature: Feature): string {
  return feature.embeddingName || feature.name;
}

function encodeFeature(
  feature: Feature,
  side: Side,
  column: Column,
  fallback: number,
  fit: { minVal: number; maxVal: number; maxItems: number },
): EncodedFeature {
  const { rows } = side;
  const n = rows.length;
  const embeddingDim = feature.embeddingDim > 0 ? feature.embeddingDim : 8;
  const common = {
    name: feature.name,
    table: tableName(feature),
    vocabSize: vocabSizeOf(feature),
    embeddingDim,
  };
  if (feature.type === 'TagFeature') {
    const width = fit.maxItems;
    const perValue = tagIdsOf(feature, column.dict, width);
    const ids = new Int32Array(n * width);
    const mask = new Float32Array(n * width);
    for (let i = 0; i < n; i++) {
      const items = perValue[column.codes[rows[i]!]!]!;
      for (let k = 0; k < items.length; k++) {
        ids[i * width + k] = items[k]!;
        mask[i * width + k] = 1;
      }
    }
    return { kind: 'tag', ...common, combiner: feature.combiner, maxItems: width, ids, mask };
  }
  if (feature.type === 'IdFeature' || feature.boundaries.length > 0) {
    const perValue =
      feature.type === 'IdFeature'
        ? idsOf(feature, column.dict)
        : Array.from(side.numbers(column, fallback), (x) => bucketOf(x, feature.boundaries));
    const ids = new Int32Array(n);
    for (let i = 0; i < n; i++) ids[i] = perValue[column.codes[rows[i]!]!]!;
    return { kind: 'id', ...common, ids };
  }
  const perValue = side.numbers(column, fallback);
  const span = fit.maxVal - fit.minVal;
  const values = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const x = perValue[column.codes[rows[i]!]!]!;
    values[i] = span > 0 ? (x - fit.minVal) / span : 0;
  }
  return { kind: 'dense', name: feature.name, values };
}

/** Encodes a project's features and labels from a table (and an optional validation table). */
export function encodeProject(
  project: Project,
  table: Table,
  options: EncodeOptions,
): EncodeResult {
  const log = new IssueLog();
  const dc = options.decimalComma ?? false;
  const split = splitRows(table, options.split, options.drop);
  const valTable = options.split.kind === 'file' ? (options.validationTable ?? null) : null;
  const trainRows = keepLabelled(project, table, split.train, options, log);
  const valRows = valTable
    ? keepLabelled(
        project,
        valTable,
        Int32Array.from({ length: valTable.numRows }, (_, i) => i),
        options,
        log,
      )
    : keepLabelled(project, table, split.validation, options, log);
  const trainSide = new Side(table, trainRows, log, dc);
  const valSide = new Side(valTable ?? table, valRows, log, dc);
  const hasValidation =
    options.split.kind !== 'none' && (valTable !== null || split.validation.length > 0);

  const fitted: EncodeResult['fitted'] = {};
  const trainFeatures: EncodedFeature[] = [];
  const valFeatures: EncodedFeature[] = [];
  const cap = options.maxTagItems ?? DEFAULT_MAX_TAG_ITEMS;
  for (const feature of project.features.filter((f) => f.inGroup)) {
    const column = findColumn(table, feature.inputName);
    const valColumn = findColumn(valSide.table, feature.inputName);
    if (!column || !valColumn) {
      log.add(
        'NO_COLUMN',
        0,
        `Feature ${feature.name} reads column "${feature.inputName}", which the data does not have.`,
        undefined,
        feature.inputName,
      );
      continue;
    }
    const field = project.data.inputFields.find((f) => f.name === feature.inputName);
    const fallback = parseNumber(field?.defaultVal ?? '') ?? 0;
    const fit = { minVal: feature.minVal, maxVal: feature.maxVal, maxItems: 1 };
    if (feature.type === 'TagFeature') {
      const lengths = tagIdsOf(feature, column.dict, cap).map((items) => items.length);
      for (const r of trainRows) fit.maxItems = Math.max(fit.maxItems, lengths[column.codes[r]!]!);
    } else if (
      feature.type === 'RawFeature' &&
      feature.boundaries.length === 0 &&
      feature.minVal === 0 &&
      feature.maxVal === 0
    ) {
      const numbers = trainSide.numbers(column, fallback);
      let lo = Infinity;
      let hi = -Infinity;
      for (const r of trainRows) {
        const x = numbers[column.codes[r]!]!;
        if (x < lo) lo = x;
        if (x > hi) hi = x;
      }
      if (Number.isFinite(lo)) [fit.minVal, fit.maxVal] = [lo, hi];
      fitted[feature.name] = { minVal: fit.minVal, maxVal: fit.maxVal };
    }
    trainFeatures.push(encodeFeature(feature, trainSide, column, fallback, fit));
    if (hasValidation) valFeatures.push(encodeFeature(feature, valSide, valColumn, fallback, fit));
  }
  shareTables(trainFeatures);
  shareTables(valFeatures);
  return {
    train: dataset(project, trainSide, trainFeatures, options),
    validation: hasValidation ? dataset(project, valSide, valFeatures, options) : null,
    fitted,
    trainRows,
    validationRows: valRows,
    issues: log.list(),
  };
}

/** Features sharing an embedding table must agree on its size: the largest wins. */
function shareTables(features: EncodedFeature[]): void {
  const sizes = new Map<string, number>();
  for (const f of features)
    if (f.kind !== 'dense') sizes.set(f.table, Math.max(sizes.get(f.table) ?? 0, f.vocabSize));
  for (const f of features) if (f.kind !== 'dense') f.vocabSize = sizes.get(f.table)!;
}

function labelColumns(project: Project): string[] {
  return [...new Set(project.tasks.map((t) => t.labelName))];
}

/** The rows whose every task label reads; the others are reported per column. */
function keepLabelled(
  project: Project,
  table: Table,
  rows: Int32Array,
  options: EncodeOptions,
  log: IssueLog,
): Int32Array {
  const ok = new Uint8Array(table.numRows).fill(1);
  for (const task of project.tasks) {
    const column = findColumn(table, task.labelName);
    if (!column) {
      log.add(
        'NO_COLUMN',
        0,
        `Task ${task.name} reads label "${task.labelName}", which the data does not have.`,
        undefined,
        task.labelName,
      );
      return new Int32Array(0);
    }
    const read = labelReader(
      task,
      options.labelInfo?.[task.labelName] ?? null,
      options.decimalComma,
    );
    const values = column.dict.map(read);
    for (const r of rows) {
      const code = column.codes[r]!;
      if (values[code] !== null) continue;
      ok[r] = 0;
      const missing = column.dict[code] === '';
      log.add(
        missing ? 'MISSING_LABEL' : 'BAD_LABEL',
        table.lines[r]!,
        missing
          ? `Label ${task.labelName} is missing; the row is left out.`
          : `Label ${task.labelName} = "${column.dict[code]}" does not fit task ${task.name}; the row is left out.`,
        undefined,
        task.labelName,
      );
    }
  }
  return rows.filter((r) => ok[r] === 1);
}

function dataset(
  project: Project,
  side: Side,
  features: EncodedFeature[],
  options: EncodeOptions,
): EncodedDataset {
  const { table, rows } = side;
  const labels: Record<string, Float32Array> = {};
  for (const name of labelColumns(project)) {
    const task = project.tasks.find((t) => t.labelName === name)!;
    const column = findColumn(table, name);
    const values = new Float32Array(rows.length);
    if (column) {
      const perValue = column.dict.map(
        labelReader(task, options.labelInfo?.[name] ?? null, options.decimalComma),
      );
      rows.forEach((r, i) => (values[i] = perValue[column.codes[r]!] ?? 0));
    }
    labels[name] = values;
  }
  const result: EncodedDataset = { numRows: rows.length, features, labels };
  const weightColumn = project.data.sampleWeight
    ? findColumn(table, project.data.sampleWeight)
    : undefined;
  if (weightColumn) {
    const perValue = side.numbers(weightColumn, 1);
    result.sampleWeight = Float32Array.from(rows, (r) => perValue[weightColumn.codes[r]!]!);
  }
  const uids = new Set(
    project.tasks.flatMap((t) => t.metrics.flatMap((m) => (m.kind === 'gauc' ? [m.uidField] : []))),
  );
  for (const uid of uids) {
    const column = findColumn(table, uid);
    if (!column) continue;
    result.groups ??= {};
    result.groups[uid] = Int32Array.from(rows, (r) => column.codes[r]!);
  }
  return result;
}

/** Bytes the encoded dataset of `numRows` rows will take, known before encoding. */
export function estimateEncodedBytes(
  project: Project,
  numRows: number,
  tagItems: Record<string, number> = {},
): number {
  let perRow = 0;
  for (const f of project.features.filter((x) => x.inGroup)) {
    if (f.type === 'TagFeature')
      perRow += 8 * Math.min(DEFAULT_MAX_TAG_ITEMS, tagItems[f.inputName] ?? DEFAULT_MAX_TAG_ITEMS);
    else perRow += 4;
  }
  perRow += 4 * labelColumns(project).length;
  if (project.data.sampleWeight) perRow += 4;
  perRow += 4 * project.tasks.filter((t) => t.metrics.some((m) => m.kind === 'gauc')).length;
  return perRow * numRows;
}
