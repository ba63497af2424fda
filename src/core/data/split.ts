/**
 * Which rows train and which are held out. A seeded random fraction decides per row from a
 * hash of (seed, row index), so the split does not depend on how the file was chunked or on
 * the order rows were encoded in.
 */
import { mix32 } from './hash';
import { findColumn, cellAt, type Table } from './table';

export type SplitSpec =
  | { kind: 'random'; fraction: number; seed: number }
  /** Rows whose `column` holds one of `values` (e.g. the last day) are held out. */
  | { kind: 'column'; column: string; values: readonly string[] }
  /** Every row trains; a separate validation file is held out. */
  | { kind: 'file' }
  | { kind: 'none' };

export interface SplitRows {
  train: Int32Array;
  validation: Int32Array;
}

/** Row indices of each side, in file order; rows with `drop[row] === 1` go to neither. */
export function splitRows(table: Table, spec: SplitSpec, drop?: Uint8Array): SplitRows {
  const held = new Uint8Array(table.numRows);
  if (spec.kind === 'random') {
    const threshold = spec.fraction * 4294967296;
    for (let r = 0; r < table.numRows; r++) held[r] = mix32(spec.seed, r) < threshold ? 1 : 0;
  } else if (spec.kind === 'column') {
    const column = findColumn(table, spec.column);
    const values = new Set(spec.values);
    if (column)
      for (let r = 0; r < table.numRows; r++) held[r] = values.has(cellAt(column, r)) ? 1 : 0;
  }
  const train: number[] = [];
  const validation: number[] = [];
  for (let r = 0; r < table.numRows; r++) {
    if (drop?.[r] === 1) continue;
    (held[r] ? validation : train).push(r);
  }
  return { train: Int32Array.from(train), validation: Int32Array.from(validation) };
}
