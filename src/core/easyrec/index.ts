/**
 * EasyRec pipeline.config: the wire model, its schema, and the one boundary where projects
 * are converted to and from it.
 */
export { exportConfig, projectToConfig, type ExportResult } from './export';
export {
  importConfig,
  OPENS_WITH_ERRORS,
  refusesImport,
  reportHasErrors,
  type ImportOptions,
  type ImportResult,
} from './import';
export { writeConfig } from './encode';
export {
  formatEntry,
  oneLine,
  quoted,
  sortReport,
  type ReportCode,
  type ReportEntry,
} from './report';
export { SCHEMA, ENUMS, type FieldSpec, type MessageSpec } from './schema';
export type * from './wire';
