/**
 * The loaded samples as plain data (tables, rules, choices), and their encoding for a project:
 * what the training worker receives and encodes off the page's main thread (derived columns,
 * rows dropped for chain violations, the split). The data store's `encodeForProject` (Data tab
 * checks, predictions) runs the same `encodeSamples` on the page.
 */
import type { Project } from '../project/types';
import { withDerived, type DerivedRule } from './derived';
import { encodeProject, type EncodeResult } from './encode';
import type { EncodedDataset } from './encoded';
import { checkLabels, dropMask } from './sanity';
import type { SplitSpec } from './split';
import type { Table } from './table';
import type { LabelInfo } from './taskLabels';

export interface Samples {
  /** The train file's table as read, without derived columns. */
  table: Table;
  /** The validation file's table as read, if one is loaded. */
  validationTable: Table | null;
  /** Rules of the derived label columns (added to both tables). */
  derived: DerivedRule[];
  /** Label reading per column (from the schema). */
  labelInfo: Record<string, LabelInfo | null>;
  decimalComma: boolean;
  split: SplitSpec;
  /** Edges (`parent→child`) whose chain-violating rows are left out of training. */
  dropEdges: string[];
}

/** Encodes the samples for a project (throws what encodeProject throws). */
export function encodeSamples(samples: Samples, project: Project): EncodeResult {
  const table = withDerived(samples.table, samples.derived);
  const drop = samples.dropEdges.length
    ? dropMask(table.numRows, checkLabels(project, table, samples.labelInfo), samples.dropEdges)
    : undefined;
  const validationTable = samples.validationTable
    ? withDerived(samples.validationTable, samples.derived)
    : undefined;
  return encodeProject(project, table, {
    split: samples.split.kind === 'file' && !validationTable ? { kind: 'none' } : samples.split,
    labelInfo: samples.labelInfo,
    decimalComma: samples.decimalComma,
    ...(validationTable ? { validationTable } : {}),
    ...(drop ? { drop } : {}),
  });
}

export interface ClassCounts {
  positives: number;
  negatives: number;
}

/** Positives and negatives of each binary task among the held-out rows (what its AUC reads). */
export function heldOutClasses(
  project: Project,
  heldOut: EncodedDataset | null | undefined,
): Record<string, ClassCounts> {
  const result: Record<string, ClassCounts> = {};
  if (!heldOut) return result;
  for (const task of project.tasks) {
    if (task.lossType !== 'CLASSIFICATION' || task.numClass !== 1) continue;
    const labels = heldOut.labels[task.labelName];
    if (!labels) continue;
    let positives = 0;
    for (let i = 0; i < heldOut.numRows; i++) if ((labels[i] as number) > 0.5) positives += 1;
    result[task.name] = { positives, negatives: heldOut.numRows - positives };
  }
  return result;
}

/** What a new run's card shows about its data, read from the encoded samples. */
export interface EncodedSummary {
  trainRows: number;
  evalRows: number;
  /** min/max of dense features fitted on the training rows (written into model.json). */
  fitted: Record<string, { minVal: number; maxVal: number }>;
  heldOutClasses: Record<string, ClassCounts>;
}

export type Prepared =
  { ok: true; encoded: EncodeResult; summary: EncodedSummary } | { ok: false; message: string };

/** The samples encoded for a run of `project`, or why they cannot train it (said to the user). */
export function prepareSamples(samples: Samples, project: Project): Prepared {
  let encoded: EncodeResult;
  try {
    encoded = encodeSamples(samples, project);
  } catch (error) {
    return {
      ok: false,
      message: `The samples could not be encoded for this project: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  if (encoded.train.numRows === 0) {
    return {
      ok: false,
      message: 'No training rows are left after encoding: check the label columns in the Data tab.',
    };
  }
  return {
    ok: true,
    encoded,
    summary: {
      trainRows: encoded.train.numRows,
      evalRows: encoded.validation?.numRows ?? 0,
      fitted: encoded.fitted,
      heldOutClasses: heldOutClasses(project, encoded.validation),
    },
  };
}
