/**
 * Columns computed from others. Today one rule: a binary label "value equals X" (UCI Adult's
 * `marital-status == Never-married` task; `income == >50K`). Values are compared after label
 * normalisation, so `>50K.` in adult.test equals `>50K`.
 */
import type { DerivedRule } from '../project/types';
import { normaliseLabel } from './labels';
import { findColumn, type Column, type Table } from './table';

/** The rule is part of the project (`data.derivedLabels`), so a saved project keeps it. */
export type { DerivedRule };

export function deriveEquals(source: Column, rule: DerivedRule): Column {
  const target = normaliseLabel(rule.value);
  // Missing stays missing: a row without the source value has no label.
  const map = source.dict.map((v) => (v === '' ? 0 : normaliseLabel(v) === target ? 2 : 1));
  const codes = new Int32Array(source.codes.length);
  for (let i = 0; i < codes.length; i++) codes[i] = map[source.codes[i]!]!;
  return { name: rule.name, dict: ['', '0', '1'], codes };
}

/** The table with the derived columns appended (file columns are shared, not copied). */
export function withDerived(table: Table, rules: readonly DerivedRule[]): Table {
  const extra: Column[] = [];
  for (const rule of rules) {
    const source = findColumn(table, rule.source);
    if (source && !findColumn(table, rule.name)) extra.push(deriveEquals(source, rule));
  }
  return extra.length ? { ...table, columns: [...table.columns, ...extra] } : table;
}

/**
 * The rules a file with these columns takes: those whose source column it has and whose name
 * it does not (a file column of that name is read as it is).
 */
export function rulesFor(columns: readonly string[], rules: readonly DerivedRule[]): DerivedRule[] {
  const have = new Set(columns);
  return rules.filter((rule) => have.has(rule.source) && !have.has(rule.name));
}

/**
 * The names a headerless file's columns take from a project's input_fields: all but the
 * derived labels, which the app makes (a headerless adult.data has 15 columns; a project with
 * never_married lists it as a 16th input field).
 */
export function fileFieldNames(names: readonly string[], rules: readonly DerivedRule[]): string[] {
  const made = new Set(rules.map((r) => r.name));
  return names.filter((n) => !made.has(n));
}
