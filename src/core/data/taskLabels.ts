/**
 * A task's label as numbers: what a loss type wants from a label column. Binary
 * classification wants 0/1 (two values mapped, or a number > 0 read as 1); multi-class wants
 * class ids below `num_class`; regression wants finite numbers.
 */
import type { Task } from '../project/types';
import { labelValue, type LabelInfo } from './labels';
import { parseNumber } from './values';

export type { LabelInfo } from './labels';

export type LabelReader = (cell: string) => number | null;

export function isRegression(task: Pick<Task, 'lossType'>): boolean {
  return task.lossType === 'L2_LOSS' || task.lossType === 'SIGMOID_L2_LOSS';
}

export function labelReader(
  task: Pick<Task, 'lossType' | 'numClass'>,
  info: LabelInfo | null,
  decimalComma = false,
): LabelReader {
  const number = (cell: string) => {
    const x = cell === '' ? null : parseNumber(cell.trim(), decimalComma);
    return x !== null && Number.isFinite(x) ? x : null;
  };
  if (isRegression(task)) return number;
  if (task.numClass > 1) {
    if (info?.kind === 'multiclass' && !info.classes.every((c) => /^\d+$/.test(c)))
      return (cell) => labelValue(info, cell, decimalComma);
    return (cell) => {
      const x = number(cell);
      return x !== null && Number.isInteger(x) && x >= 0 && x < task.numClass ? x : null;
    };
  }
  if (info?.kind === 'binary') return (cell) => labelValue(info, cell, decimalComma);
  return (cell) => {
    const x = number(cell);
    return x === null ? null : x > 0 ? 1 : 0;
  };
}

/** Label values of one column per dictionary entry (null = unreadable or missing). */
export function rowLabels(dict: string[], reader: LabelReader): (number | null)[] {
  return dict.map(reader);
}
