/**
 * Read → schema → (with a project) label sanity and memory estimate, in one call: what the
 * `dbmtl inspect` command prints and what the reading worker hands to the app.
 */
import type { Project } from '../project/types';
import { fileFieldNames, rulesFor, withDerived } from './derived';
import { estimateEncodedBytes } from './encode';
import { schemaToProject, withDeclaredRoles } from './features';
import { readDelimited, type ByteSource, type ReadOptions, type ReadResult } from './read';
import { checkLabels, type Finding } from './sanity';
import { addDerivedLabel, inferSchema, type Schema } from './schema';
import { tableBytes } from './table';

export interface Inspection {
  /** What the reader found; its table with the project's derived labels. */
  read: ReadResult;
  schema: Schema;
  /** The project with `input_fields` and features from the schema, when one was given. */
  project: Project | null;
  findings: Finding[];
  memory: { tableBytes: number; encodedBytes: number | null };
}

export interface InspectOptions extends ReadOptions {
  /**
   * A project (imported from a pipeline.config, or a project file): its labels and settings
   * are used, and its derived labels made as the app makes them.
   */
  project?: Project;
}

export async function inspectSource(
  source: ByteSource,
  options: InspectOptions = {},
): Promise<Inspection> {
  const { project: given, ...readOptions } = options;
  const rules = given?.data.derivedLabels ?? [];
  // A headerless file has no derived column: it is named by the other input_fields.
  const fields = fileFieldNames(given?.data.inputFields.map((f) => f.name) ?? [], rules);
  const read = await readDelimited(source, {
    ...readOptions,
    ...(given && !readOptions.columnNames ? { columnNames: fields } : {}),
  });
  const inferred = inferSchema(read.table, {
    decimalComma: read.dialect.decimalComma,
    fileSeparator: read.dialect.separator,
    labelNames: given?.tasks.map((t) => t.labelName) ?? [],
  });
  // The config's features say what its columns are (ids stay ids, whatever they look like).
  let schema = given ? withDeclaredRoles(inferred, given) : inferred;
  // The derived labels the file can take, as the Data tab adds them.
  const columns = read.table.columns.map((c) => c.name);
  for (const rule of rulesFor(columns, rules)) {
    const added = addDerivedLabel(schema, read.table, rule);
    if (!('error' in added)) schema = added;
  }
  const table = withDerived(read.table, rules);
  const project = given
    ? schemaToProject(given, schema, {
        withHeader: read.dialect.hasHeader,
        separator: read.dialect.separator,
      })
    : null;
  const labelInfo = Object.fromEntries(schema.columns.map((c) => [c.name, c.label]));
  const findings = project ? checkLabels(project, table, labelInfo).findings : [];
  const tagItems = Object.fromEntries(
    schema.columns.flatMap((c) => (c.stats.tag ? [[c.name, c.stats.tag.maxItems]] : [])),
  );
  return {
    read: { ...read, table },
    schema,
    project,
    findings,
    memory: {
      tableBytes: tableBytes(table),
      encodedBytes: project ? estimateEncodedBytes(project, table.numRows, tagItems) : null,
    },
  };
}

/** The inspection as plain JSON (no typed arrays): what the command line prints. */
export function inspectionJson(inspection: Inspection, file: string): unknown {
  const { read, schema } = inspection;
  return {
    file,
    gzip: read.gzip,
    bytes: read.bytesRead,
    lines: read.lineCount,
    rows: read.table.numRows,
    dialect: read.dialect,
    evidence: read.sniffed.evidence,
    issues: read.issues,
    columns: schema.columns.map((c) => ({
      name: c.name,
      role: c.role,
      reason: c.reason,
      inputType: c.fieldType,
      label: c.label,
      stats: c.stats,
      feature: inspection.project?.features.find((f) => f.inputName === c.name) ?? null,
    })),
    findings: inspection.findings,
    memory: inspection.memory,
  };
}
