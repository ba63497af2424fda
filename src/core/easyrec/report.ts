/** One line of an import report: what happened to a part of the config, and where. */
export interface ReportEntry {
  /**
   * `error`: EasyRec would refuse the config, or the app could not read a part it needs.
   * `warning`: something the app does not model; a re-export leaves it out.
   * `info`: a harmless normalisation (an explicit default, a fixed value).
   */
  severity: 'error' | 'warning' | 'info';
  code: ReportCode;
  /** 1-based; 0 when the entry concerns the file as a whole. */
  line: number;
  column: number;
  /** Where in the config, e.g. `model_config.dbmtl.task_towers[2].losses`. */
  path: string;
  message: string;
}

export type ReportCode =
  | 'SYNTAX'
  | 'EMPTY_FILE'
  | 'NOT_DBMTL'
  | 'UNKNOWN_FIELD'
  | 'UNKNOWN_ENUM_VALUE'
  | 'BAD_VALUE'
  | 'DUPLICATE_FIELD'
  | 'ONEOF_CONFLICT'
  | 'MISSING_REQUIRED'
  | 'NOT_MODELLED'
  | 'UNSUPPORTED_VALUE'
  | 'RELATION_UNKNOWN'
  | 'RELATION_LATER'
  | 'RELATION_CYCLE'
  | 'NAME_EMPTY'
  | 'NAME_NOT_IDENTIFIER'
  | 'NAME_DUPLICATE'
  | 'LABEL_MISSING'
  | 'GROUP_ALL_MISSING'
  | 'GROUP_FEATURE_UNKNOWN'
  | 'NORMALISED';

/** One entry on one line, whatever its message holds (see `oneLine`). */
export function formatEntry(entry: ReportEntry): string {
  const where = entry.line > 0 ? `${entry.line}:${entry.column}` : '-';
  return oneLine(`${where} ${entry.severity} ${entry.code} ${entry.path}: ${entry.message}`);
}

const SHORT_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Text with its control characters (newlines, tabs, escapes, line separators) written as
 * escapes, so a name from a file can never break a line-oriented listing apart.
 */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => {
    const short = SHORT_ESCAPES[c];
    return short ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/** A name as messages show it: JSON-quoted, so quotes, backslashes and newlines are visible. */
export function quoted(name: string): string {
  return JSON.stringify(name);
}

/** In file order (entries about the whole file first), errors before warnings at one place. */
export function sortReport(entries: readonly ReportEntry[]): ReportEntry[] {
  const rank = { error: 0, warning: 1, info: 2 };
  return [...entries].sort(
    (a, b) => a.line - b.line || a.column - b.column || rank[a.severity] - rank[b.severity],
  );
}
