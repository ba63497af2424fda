/**
 * The streaming reader: a delimited text file (plain or gzip) into a dictionary-encoded table,
 * with the dialect sniffed (or given), progress, cancel, and every bad row counted and
 * reported with its line numbers. It never throws on bad content; only a cancel rejects
 * (with the signal's reason).
 */
import Papa from 'papaparse';
import { openText, type ByteSource } from './bytes';
import { sniffDialect, type Dialect, type SniffResult } from './dialect';
import { IssueLog, type ReadIssue } from './issues';
import { lastRecordEnd, normaliseNewlines } from './records';
import { TableBuilder, type Table } from './table';
import { DEFAULT_MISSING_TOKENS } from './values';

export type { ByteSource } from './bytes';

export interface ReadProgress {
  bytesRead: number;
  totalBytes: number | null;
  rows: number;
  /** Known once the first 64 KB are sniffed: see `estimateMemory`. */
  estimate: MemoryEstimate | null;
}

/**
 * What a file will cost in memory, from its size and the sniffed sample, before it is read.
 * The table holds 4 bytes per cell plus each distinct value once (2 bytes a character):
 * `lowBytes` assumes few distinct values (ids repeat), `highBytes` all values distinct.
 */
export interface MemoryEstimate {
  rows: number;
  lowBytes: number;
  highBytes: number;
  /** Gzip sizes are guessed at 5 times the compressed size. */
  rough: boolean;
}

export function estimateMemory(
  sample: string,
  fields: number,
  totalBytes: number,
  gzip: boolean,
): MemoryEstimate | null {
  const lines = sample.split('\n').filter((l) => l !== '').length;
  if (lines === 0 || totalBytes <= 0) return null;
  const textBytes = gzip ? totalBytes * 5 : totalBytes;
  const rows = Math.round(
    (textBytes * lines) / Math.max(1, new TextEncoder().encode(sample).length),
  );
  const codes = rows * Math.max(1, fields) * 4 + rows * 4;
  return { rows, lowBytes: codes, highBytes: codes + 2 * textBytes, rough: gzip };
}

export interface ReadOptions {
  /** Overrides for the sniffed dialect (the user's choices in the UI). */
  dialect?: Partial<Dialect>;
  /** Names for a headerless file (an EasyRec `data_config.input_fields` list). */
  columnNames?: readonly string[];
  /**
   * The project's `input_fields` names: a headerless file with exactly this many fields takes
   * them (when `columnNames` is not given), so a file never replaces real names with c0, c1…
   */
  fieldNames?: readonly string[];
  /** Cells that mean "missing"; they are stored as ''. */
  missingTokens?: readonly string[];
  /** What a bad row (wrong field count, binary garbage) does: skipped, or stops the read. */
  onBadRow?: 'skip' | 'stop';
  /** Stop after this many rows. */
  maxRows?: number;
  signal?: AbortSignal;
  onProgress?: (progress: ReadProgress) => void;
}

export interface ReadResult {
  table: Table;
  dialect: Dialect;
  sniffed: SniffResult;
  gzip: boolean;
  bytesRead: number;
  /** Physical lines seen (a quoted cell with newlines spans several). */
  lineCount: number;
  issues: ReadIssue[];
  /** True when a bad row stopped the read (`onBadRow: 'stop'`). */
  stopped: boolean;
  /** Where the column names came from: the header, `columnNames`, `fieldNames`, or c0, c1… */
  namesFrom: NamesSource;
}

export type NamesSource = 'header' | 'given' | 'fields' | 'placeholder';

/** Bytes of text gathered before sniffing the dialect. */
const SNIFF_BYTES = 64 * 1024;
/** A quoted cell that never closes would buffer the whole file; cut it off here. */
const MAX_RECORD_CHARS = 16 * 1024 * 1024;
/**
 * More columns than this is not a table to train on (a wrong separator, or a file that is one
 * long line); the read stops at the first line instead of building that many columns.
 */
export const MAX_COLUMNS = 10_000;
/** Progress is reported at most once per this many bytes. */
const PROGRESS_STEP = 1 << 20;

export async function readDelimited(
  source: ByteSource,
  options: ReadOptions = {},
): Promise<ReadResult> {
  const { signal } = options;
  signal?.throwIfAborted();
  const totalBytes = source.size ?? null;
  let bytesRead = 0;
  let lastReport = -PROGRESS_STEP;
  let state: RowSink | null = null;
  let estimate: MemoryEstimate | null = null;
  const report = (force = false) => {
    if (!options.onProgress || (!force && bytesRead - lastReport < PROGRESS_STEP)) return;
    lastReport = bytesRead;
    options.onProgress({ bytesRead, totalBytes, rows: state?.builder?.numRows ?? 0, estimate });
  };
  const { gzip, chunks } = await openText(
    source,
    (n) => {
      bytesRead = n;
      report();
    },
    signal,
  );

  let pending = '';
  let carry = '';
  let ended = false;
  const log = new IssueLog();
  for (;;) {
    signal?.throwIfAborted();
    const next = ended ? undefined : await chunks.next();
    if (next && !next.done) {
      const normalised = normaliseNewlines(carry + next.value);
      pending += normalised.text;
      carry = normalised.carry;
      if (!state && pending.length < SNIFF_BYTES) continue;
    } else {
      ended = true;
      pending += carry ? '\n' : '';
      carry = '';
    }
    if (!state) {
      const sampleEnd = ended ? pending.length : pending.lastIndexOf('\n') + 1 || pending.length;
      const sniffed = sniffDialect(pending.slice(0, sampleEnd));
      state = new RowSink({ ...sniffed.dialect, ...options.dialect }, sniffed, options, log);
      const sample = pending.slice(0, sampleEnd);
      estimate = estimateMemory(sample, sniffed.fields, totalBytes ?? 0, gzip);
      report(true);
    }
    let cut = ended ? pending.length : lastRecordEnd(pending, state.dialect.separator);
    if (cut === 0 && pending.length > MAX_RECORD_CHARS) {
      cut = pending.lastIndexOf('\n') + 1 || pending.length;
      log.add('QUOTE', state.lineCursor, 'A quoted cell never closes; cut at a line end.');
    }
    if (cut > 0) {
      state.parseBlock(pending.slice(0, cut));
      pending = pending.slice(cut);
    }
    if (state.done || ended) break;
  }
  report(true);
  if (state.done && !ended) await chunks.return(undefined);
  return state.finish({ gzip, bytesRead, sniffedEmpty: bytesRead === 0 });
}

/** Turns parsed records into table rows: preamble, header, column names, bad rows. */
class RowSink {
  builder: TableBuilder | null = null;
  lineCursor = 1;
  done = false;
  stopped = false;
  namesFrom: NamesSource = 'placeholder';
  private stopLine = 0;
  private skipped = 0;
  private records = 0;
  private garbage = 0;
  private readonly missing: Set<string>;

  constructor(
    readonly dialect: Dialect,
    readonly sniffed: SniffResult,
    readonly options: ReadOptions,
    readonly log: IssueLog,
  ) {
    this.missing = new Set(options.missingTokens ?? DEFAULT_MISSING_TOKENS);
  }

  parseBlock(block: string): void {
    const text = block.endsWith('\n') ? block.slice(0, -1) : block;
    if (text.length === 0) {
      if (block.length > 0) this.lineCursor += 1; // a lone empty line
      return;
    }
    const parsed = Papa.parse<string[]>(text, {
      delimiter: this.dialect.separator,
      newline: '\n',
      quoteChar: '"',
    });
    const quoteRows = new Set(
      parsed.errors.filter((e) => e.type === 'Quotes').map((e) => e.row ?? -1),
    );
    // Checked once per block, not per cell: only a quoted cell can hold a newline, and only a
    // block with a replacement character or NUL can hold a garbage row.
    const quoted = text.includes('"');
    const suspect = text.includes('\uFFFD') || text.includes('\u0000');
    parsed.data.forEach((cells, i) => {
      if (this.done) return;
      const line = this.lineCursor;
      this.lineCursor += 1;
      if (quoted)
        for (const cell of cells) if (cell.includes('\n')) this.lineCursor += count(cell, '\n');
      if (quoteRows.has(i)) this.log.add('QUOTE', line, 'A quote is not closed as expected.');
      this.record(cells, line, suspect);
    });
  }

  private record(cells: string[], line: number, suspect = true): void {
    if (cells.length === 1 && cells[0] === '') return; // an empty line
    this.records++;
    if (this.skipped < this.dialect.skipLines) {
      this.skipped++;
      const preview = cells.join(this.dialect.separator).slice(0, 60);
      this.log.add('SKIPPED_LINES', line, `Skipped a line before the data: "${preview}".`);
      return;
    }
    if (!this.builder && cells.length > MAX_COLUMNS) {
      this.log.add(
        'TOO_MANY_COLUMNS',
        line,
        `Line ${line} has ${cells.length.toLocaleString('en-US')} columns, more than ${MAX_COLUMNS.toLocaleString('en-US')}; is the separator right?`,
      );
      this.done = true;
      return;
    }
    if (!this.builder) {
      const { missing } = this;
      const clean = this.dialect.trim
        ? (raw: string) => {
            const cell = raw.trim();
            return missing.has(cell) ? '' : cell;
          }
        : (raw: string) => (missing.has(raw) ? '' : raw);
      this.builder = new TableBuilder(this.columnNames(cells, line), clean);
      if (this.dialect.hasHeader) return;
    }
    if (suspect && isGarbage(cells)) {
      this.garbage++;
      this.bad('GARBAGE', line, 'Binary or undecodable bytes (not UTF-8 text).');
      return;
    }
    const width = this.width;
    if (cells.length !== width) {
      this.raggedWidths.add(cells.length);
      this.bad('RAGGED_ROW', line, `Expected ${width} fields, found ${cells.length}.`);
      return;
    }
    // Trimming and missing tokens are the builder's cleaner: once per distinct raw cell.
    this.builder.push(cells, line);
    const max = this.options.maxRows;
    if (max !== undefined && this.builder.numRows >= max) {
      this.log.add('ROW_LIMIT', line, `Stopped after ${max} rows (the row limit).`);
      this.done = true;
    }
  }

  private width = 0;
  /** Field counts of ragged rows, so the message names them all ("found 2 or 4"). */
  private readonly raggedWidths = new Set<number>();

  private columnNames(cells: string[], line: number): string[] {
    const given = this.options.columnNames;
    let names: string[];
    if (this.dialect.hasHeader) {
      names = cells.map((c) => c.trim().replace(/^\uFEFF/, ''));
      this.namesFrom = 'header';
    } else if (given && given.length > 0) {
      if (given.length !== cells.length)
        this.log.add(
          'COLUMN_NAMES',
          line,
          `The file has ${cells.length} ${cells.length === 1 ? 'field' : 'fields'} per line but ${given.length} column names were given; rows are checked against the names.`,
        );
      names = [...given];
      this.namesFrom = 'given';
    } else if (this.options.fieldNames?.length === cells.length) {
      names = [...this.options.fieldNames];
      this.namesFrom = 'fields';
    } else {
      names = cells.map((_, i) => `c${i}`);
    }
    this.width = names.length;
    // Each repaired name is its own entry: one count of several would show only the first.
    return dedupeNames(names, (message, name) =>
      this.log.add('HEADER_FIXED', line, message, undefined, name),
    );
  }

  private bad(code: 'RAGGED_ROW' | 'GARBAGE', line: number, message: string): void {
    this.log.add(code, line, message);
    if (this.options.onBadRow === 'stop') {
      this.done = true;
      this.stopped = true;
      this.stopLine = line;
    }
  }

  finish(info: { gzip: boolean; bytesRead: number; sniffedEmpty: boolean }): ReadResult {
    if (this.records === 0)
      this.log.add('EMPTY_FILE', 0, 'The file has no lines of data.', 'error');
    else if (
      this.builder &&
      this.builder.numRows === 0 &&
      this.dialect.hasHeader &&
      !this.stopped &&
      this.garbage === 0 &&
      this.raggedWidths.size === 0
    )
      this.log.add('HEADER_ONLY', 1, 'The file has a header but no rows.', 'warning');
    if (this.records > 10 && this.garbage / this.records > 0.5)
      this.log.add('NOT_TEXT', 0, 'Most lines are not text: is this a CSV file?', 'error');
    if (this.stopped)
      this.log.add('STOPPED', this.stopLine, 'Reading stopped at the first bad row.', 'error');
    const table = (this.builder ?? new TableBuilder([])).build();
    return {
      table,
      dialect: this.dialect,
      sniffed: this.sniffed,
      gzip: info.gzip,
      bytesRead: info.bytesRead,
      lineCount: this.lineCursor - 1,
      issues: this.log.list().map((issue) =>
        issue.code === 'RAGGED_ROW' && this.raggedWidths.size > 1
          ? {
              ...issue,
              message: `Expected ${this.width} fields, found ${orList(this.raggedWidths)}.`,
            }
          : issue,
      ),
      stopped: this.stopped,
      namesFrom: this.namesFrom,
    };
  }
}

/** "2, 4 or 7" in ascending order. */
function orList(values: Set<number>): string {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length > 1
    ? `${sorted.slice(0, -1).join(', ')} or ${sorted[sorted.length - 1]}`
    : String(sorted[0]);
}

function count(text: string, ch: string): number {
  let n = 0;
  for (let i = text.indexOf(ch); i >= 0; i = text.indexOf(ch, i + 1)) n++;
  return n;
}

function isGarbage(cells: string[]): boolean {
  return cells.some((c) => c.includes('\uFFFD') || c.includes('\u0000'));
}

/** Empty names become `c<i>`, repeated ones get `_2`, `_3`… */
export function dedupeNames(
  names: string[],
  note: (message: string, name: string) => void,
): string[] {
  const seen = new Set<string>();
  return names.map((raw, i) => {
    let name = raw === '' ? `c${i}` : raw;
    if (raw === '') note(`Column ${i + 1} has no name; called it "${name}".`, name);
    if (seen.has(name)) {
      let k = 2;
      while (seen.has(`${name}_${k}`)) k++;
      note(
        `Column name "${name}" repeats; the copy at column ${i + 1} is "${name}_${k}".`,
        `${name}_${k}`,
      );
      name = `${name}_${k}`;
    }
    seen.add(name);
    return name;
  });
}
