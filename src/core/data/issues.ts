/** Problems found while reading or encoding, counted per kind with the first line numbers. */

export type ReadIssueCode =
  | 'EMPTY_FILE'
  | 'HEADER_ONLY'
  | 'NOT_TEXT'
  | 'TOO_MANY_COLUMNS'
  | 'GARBAGE'
  | 'RAGGED_ROW'
  | 'QUOTE'
  | 'SKIPPED_LINES'
  | 'COLUMN_NAMES'
  | 'HEADER_FIXED'
  | 'ROW_LIMIT'
  | 'STOPPED'
  | 'BAD_NUMBER'
  | 'BAD_LABEL'
  | 'MISSING_LABEL'
  | 'NO_COLUMN'
  | 'CHAIN_BROKEN';

export interface ReadIssue {
  code: ReadIssueCode;
  severity: 'error' | 'warning' | 'info';
  /** The first message of this kind, e.g. "Expected 15 fields, found 14." */
  message: string;
  count: number;
  /** Up to `FIRST_LINES` 1-based line numbers (0 when a line makes no sense). */
  firstLines: number[];
  /** Column concerned, when there is one. */
  column?: string;
}

export const FIRST_LINES = 5;

const DEFAULT_SEVERITY: Record<ReadIssueCode, ReadIssue['severity']> = {
  EMPTY_FILE: 'error',
  HEADER_ONLY: 'warning',
  NOT_TEXT: 'error',
  TOO_MANY_COLUMNS: 'error',
  GARBAGE: 'warning',
  RAGGED_ROW: 'warning',
  QUOTE: 'warning',
  SKIPPED_LINES: 'info',
  COLUMN_NAMES: 'warning',
  HEADER_FIXED: 'info',
  ROW_LIMIT: 'info',
  STOPPED: 'error',
  BAD_NUMBER: 'warning',
  BAD_LABEL: 'warning',
  MISSING_LABEL: 'warning',
  NO_COLUMN: 'error',
  CHAIN_BROKEN: 'info',
};

export class IssueLog {
  private readonly byKey = new Map<string, ReadIssue>();
  add(
    code: ReadIssueCode,
    line: number,
    message: string,
    severity = DEFAULT_SEVERITY[code],
    column?: string,
  ): void {
    const key = `${code}\u0000${column ?? ''}`;
    const issue = this.byKey.get(key);
    if (issue) {
      issue.count++;
      if (issue.firstLines.length < FIRST_LINES) issue.firstLines.push(line);
      return;
    }
    this.byKey.set(key, {
      code,
      severity,
      message,
      count: 1,
      firstLines: [line],
      ...(column !== undefined ? { column } : {}),
    });
  }
  list(): ReadIssue[] {
    return [...this.byKey.values()];
  }
}

/** "12 rows (lines 3, 7, 9, …)" */
export function describeIssue(issue: ReadIssue): string {
  const lines = issue.firstLines.filter((l) => l > 0);
  const where =
    lines.length > 0
      ? ` (line${lines.length > 1 ? 's' : ''} ${lines.join(', ')}${issue.count > lines.length ? ', …' : ''})`
      : '';
  return `${issue.message}${issue.count > 1 ? ` ×${issue.count}` : ''}${where}`;
}
