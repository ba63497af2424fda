/**
 * The samples as the exported config declares them: one CSV line per row with exactly the
 * columns of `data_config.input_fields`, in their order, joined by `separator`, after a header
 * line iff `with_header`. Cells are written as the app reads them: trimmed, missing tokens
 * (`?`) empty (EasyRec fills `default_val`), derived label columns filled in, every task's
 * label as the number the app trains on (`>50K` → 1, a class name → its id) and decimal
 * commas as points. This is the file an exported config can name when the user's own file
 * cannot be read by EasyRec as the config says (a derived column it lacks, `, ` separators, a
 * junk first line, text labels).
 */
import type { FieldType, Project } from '../project/types';
import type { Dialect } from './dialect';
import type { ReadIssue } from './issues';
import { labelValue, type LabelInfo } from './labels';
import { labelReader, type LabelReader } from './taskLabels';
import { findColumn, type Table } from './table';
import { parseNumber } from './values';

/** What a config says about its CSV files. */
export interface SamplesLayout {
  fields: readonly { name: string; type: FieldType }[];
  separator: string;
  withHeader: boolean;
}

export function layoutOf(project: Pick<Project, 'data'>): SamplesLayout {
  return {
    fields: project.data.inputFields.map((f) => ({ name: f.name, type: f.type })),
    separator: project.data.separator,
    withHeader: project.data.withHeader,
  };
}

/**
 * How label columns are written: each label column (`labels`: the schema's label columns with
 * their reading) as the number the app trains on; a column a task reads uses that task's
 * reader, the others their own reading (0/1, class id, number).
 */
export function labelWriters(
  project: Pick<Project, 'tasks'>,
  labels: Record<string, LabelInfo | null | undefined>,
  decimalComma = false,
): Record<string, LabelReader> {
  const writers: Record<string, LabelReader> = {};
  for (const task of project.tasks) {
    if (task.labelName === '' || writers[task.labelName]) continue;
    writers[task.labelName] = labelReader(task, labels[task.labelName] ?? null, decimalComma);
  }
  for (const [name, info] of Object.entries(labels)) {
    if (writers[name] || !info) continue;
    writers[name] = (cell) => labelValue(info, cell, decimalComma);
  }
  return writers;
}

export interface WriteOptions {
  labels?: Record<string, LabelReader>;
  decimalComma?: boolean;
  /** Rows to write, in this order; all rows when absent. */
  rows?: Int32Array;
}

function quote(cell: string, separator: string): string {
  if (cell.includes(separator) || cell.includes('"') || cell.includes('\n') || cell.includes('\r'))
    return `"${cell.replaceAll('"', '""')}"`;
  return cell;
}

/** Per column of the layout: the text written for each dictionary entry of the table's column. */
function cellTexts(
  table: Table,
  field: SamplesLayout['fields'][number],
  options: WriteOptions,
): (code: number) => string {
  const column = findColumn(table, field.name);
  if (!column) return () => '';
  const label = options.labels?.[field.name];
  const numeric = field.type === 'FLOAT' || field.type === 'DOUBLE';
  const texts = column.dict.map((raw) => {
    const cell = raw.trim();
    if (cell === '') return '';
    if (label) {
      const x = label(cell);
      return x === null ? '' : String(x);
    }
    if (numeric) {
      const x = parseNumber(cell, options.decimalComma ?? false);
      return x === null ? cell : String(x);
    }
    return cell;
  });
  return (code) => texts[code]!;
}

/** The CSV text of a table in a config's layout (see the file comment). */
export function writeSamples(table: Table, layout: SamplesLayout, options: WriteOptions = {}) {
  const sep = layout.separator;
  const writers = layout.fields.map((f) => cellTexts(table, f, options));
  const columns = layout.fields.map((f) => findColumn(table, f.name));
  const lines: string[] = [];
  if (layout.withHeader) lines.push(layout.fields.map((f) => quote(f.name, sep)).join(sep));
  const count = options.rows ? options.rows.length : table.numRows;
  for (let i = 0; i < count; i++) {
    const r = options.rows ? options.rows[i]! : i;
    lines.push(
      writers
        .map((write, c) => {
          const column = columns[c];
          return column ? quote(write(column.codes[r]!), sep) : '';
        })
        .join(sep),
    );
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/** How the user's file was read, as far as it matters to EasyRec reading it unchanged. */
export interface FileReading {
  /** The file's own columns (without derived ones), in file order. */
  columns: readonly string[];
  dialect: Dialect | null;
  issues: readonly ReadIssue[];
}

/** Issue codes whose rows or lines EasyRec would read as data. */
const SKIPPING = new Set(['GARBAGE', 'RAGGED_ROW', 'SKIPPED_LINES', 'QUOTE', 'STOPPED']);

/**
 * Why EasyRec could not read the user's file as the layout says (and the file the app writes
 * is needed), one short phrase each; empty when the file itself fits the layout.
 */
export function fileDiffers(
  table: Table,
  reading: FileReading,
  layout: SamplesLayout,
  options: WriteOptions = {},
): string[] {
  const reasons: string[] = [];
  const names = layout.fields.map((f) => f.name);
  const lacking = names.filter((n) => !reading.columns.includes(n));
  if (lacking.length > 0)
    reasons.push(`${lacking.length === 1 ? 'column' : 'columns'} ${lacking.join(', ')} not in it`);
  else if (!layout.withHeader && reading.columns.join('\u0000') !== names.join('\u0000'))
    reasons.push('its columns in another order');
  const dialect = reading.dialect;
  if (dialect) {
    if (dialect.separator !== layout.separator) reasons.push('another separator');
    if (dialect.hasHeader !== layout.withHeader)
      reasons.push(dialect.hasHeader ? 'a header line' : 'no header line');
    if (dialect.trim) reasons.push('spaces around cells');
    if (dialect.decimalComma) reasons.push('decimal commas');
  }
  if (reading.issues.some((i) => SKIPPING.has(i.code))) reasons.push('lines the app skipped');
  const relabelled = Object.keys(options.labels ?? {}).filter((name) => {
    if (!reading.columns.includes(name)) return false;
    const column = findColumn(table, name);
    const read = options.labels![name]!;
    return column?.dict.some((v) => {
      if (v.trim() === '') return false;
      const x = read(v.trim());
      return x === null || parseNumber(v.trim()) !== x;
    });
  });
  if (relabelled.length > 0)
    reasons.push(
      `${relabelled.length === 1 ? 'label' : 'labels'} ${relabelled.join(', ')} not written as numbers`,
    );
  return reasons;
}

/** The names of the files the app writes for a train file (`adult.data` → `adult_train.csv`). */
export function samplesFileNames(trainFile: string): { train: string; eval: string } {
  const base =
    trainFile.replace(/(\.(csv|tsv|txt|data|test|gz))+$/i, '').replace(/[^A-Za-z0-9_.-]/g, '_') ||
    'samples';
  return { train: `${base}_train.csv`, eval: `${base}_eval.csv` };
}
