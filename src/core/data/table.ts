/**
 * Samples held in memory, column by column, dictionary-encoded: each column keeps its distinct
 * strings once (`dict`) and one code per row (`codes`). A 2-million-row file of 20 columns
 * costs 160 MB of codes plus its distinct values, instead of 40 million string objects, and
 * statistics run over distinct values with their counts. Plain data only (arrays and typed
 * arrays), so a table crosses the worker boundary by transfer. The empty string is "missing".
 */

export interface Column {
  name: string;
  /** Distinct values in order of first appearance. */
  dict: string[];
  /** One index into `dict` per row. */
  codes: Int32Array;
}

export interface Table {
  columns: Column[];
  numRows: number;
  /** The 1-based line of the source file where each row starts, for messages. */
  lines: Int32Array;
}

class GrowableInt32 {
  data = new Int32Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }
  finish(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/**
 * What a raw cell stands for: the value stored for it (trimmed, a missing token as ''). Must be
 * idempotent (`clean(clean(x)) === clean(x)`), so a raw cell that equals some stored value
 * stands for that same value.
 */
export type CellCleaner = (raw: string) => string;

class ColumnBuilder {
  readonly dict: string[] = [];
  /**
   * Stored values and every raw spelling seen (" NA", "null" …) to their code: a cell costs one
   * lookup, and the cleaner runs once per distinct raw cell, not once per cell.
   */
  readonly index = new Map<string, number>();
  readonly codes = new GrowableInt32();
  constructor(
    readonly name: string,
    private readonly clean: CellCleaner | null,
  ) {}
  push(raw: string): void {
    let code = this.index.get(raw);
    if (code === undefined) code = this.add(raw);
    this.codes.push(code);
  }
  private add(raw: string): number {
    const value = this.clean ? this.clean(raw) : raw;
    let code = this.index.get(value);
    if (code === undefined) {
      code = this.dict.length;
      this.dict.push(value);
      this.index.set(value, code);
    }
    if (value !== raw) this.index.set(raw, code);
    return code;
  }
}

/**
 * Collects rows (already split into cells) into a table. With a cleaner, cells are stored as
 * it says (the reader's trimming and missing tokens); without, as they are.
 */
export class TableBuilder {
  private readonly columns: ColumnBuilder[];
  private readonly lines = new GrowableInt32();
  constructor(names: readonly string[], clean: CellCleaner | null = null) {
    this.columns = names.map((name) => new ColumnBuilder(name, clean));
  }
  get numRows(): number {
    return this.lines.length;
  }
  /** Appends a row; cells beyond the columns are ignored and absent cells are missing. */
  push(cells: readonly string[], line: number): void {
    for (let c = 0; c < this.columns.length; c++) this.columns[c]!.push(cells[c] ?? '');
    this.lines.push(line);
  }
  build(): Table {
    return {
      columns: this.columns.map((c) => ({ name: c.name, dict: c.dict, codes: c.codes.finish() })),
      numRows: this.lines.length,
      lines: this.lines.finish(),
    };
  }
}

/** A table from literal rows (tests, generated data); line numbers count a header line. */
export function tableFromRows(names: readonly string[], rows: readonly string[][]): Table {
  const builder = new TableBuilder(names);
  rows.forEach((row, i) => builder.push(row, i + 2));
  return builder.build();
}

export function findColumn(table: Table, name: string): Column | undefined {
  return table.columns.find((c) => c.name === name);
}

export function cellAt(column: Column, row: number): string {
  return column.dict[column.codes[row]!]!;
}

/** How many rows hold each dictionary entry. */
export function valueCounts(column: Column): Int32Array {
  const counts = new Int32Array(column.dict.length);
  for (const code of column.codes) counts[code]! += 1;
  return counts;
}

/** The buffers to list as transferables when posting a table to another thread. */
export function tableTransferables(table: Table): ArrayBuffer[] {
  return [table.lines.buffer, ...table.columns.map((c) => c.codes.buffer)].filter(
    (b): b is ArrayBuffer => b instanceof ArrayBuffer,
  );
}

/** Rough bytes a table holds: codes, line numbers and distinct strings (2 bytes a char). */
export function tableBytes(table: Table): number {
  let bytes = table.lines.byteLength;
  for (const column of table.columns) {
    bytes += column.codes.byteLength;
    for (const value of column.dict) bytes += 32 + 2 * value.length;
  }
  return bytes;
}
