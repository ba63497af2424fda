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
  | 'LABEL_MISSING'
  | 'GROUP_FEATURE_UNKNOWN'
  | 'NORMALISED';

export function formatEntry(entry: ReportEntry): string {
  const where = entry.line > 0 ? `${entry.line}:${entry.column}` : '-';
  return `${where} ${entry.severity} ${entry.code} ${entry.path}: ${entry.message}`;
}

/** In file order (entries about the whole file first), errors before warnings at one place. */
export function sortReport(entries: readonly ReportEntry[]): ReportEntry[] {
  const rank = { error: 0, warning: 1, info: 2 };
  return [...entries].sort(
    (a, b) => a.line - b.line || a.column - b.column || rank[a.severity] - rank[b.severity],
  );
}
