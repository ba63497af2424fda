import { importConfig, formatEntry } from '../../core/easyrec';
import { inspectionJson, inspectSource } from '../../core/data/inspect';
import type { Dialect } from '../../core/data/dialect';
import { parseProjectFile } from '../../core/project/restore';
import type { Project } from '../../core/project/types';
import { inputError, parseCommandArgs, usageError, type Command } from '../command';
import { looksLikeJson, openFile, readText } from '../io';

/** The project of --config: a project file (JSON) as saved, or an imported pipeline.config. */
function configProject(cwd: string, file: string, err: (text: string) => void): Project {
  const text = readText(cwd, file);
  if (looksLikeJson(text)) {
    const restored = parseProjectFile(text, file);
    if (!restored.ok) throw inputError(restored.message);
    return restored.project;
  }
  const imported = importConfig(text);
  for (const entry of imported.report.filter((e) => e.severity === 'error'))
    err(`${file}:${formatEntry(entry)}\n`);
  if (!imported.project) throw inputError(`cannot use ${file} (see above).`);
  return imported.project;
}

export const inspectCommand: Command = {
  name: 'inspect',
  summary: 'print the inferred schema and statistics of a CSV/TSV (or .gz) file as JSON',
  help: `Usage: dbmtl inspect <FILE> [--config pipeline.config | --columns a,b,c] [options]

Reads a delimited text file (plain or gzip; separator and header are detected) and prints
its dialect, bad rows (with line numbers), and per column the inferred role, EasyRec input
type, label reading and statistics, as JSON on stdout.

With --config, column names of a headerless file come from data_config.input_fields, the
labels from the towers, and the output adds each column's EasyRec feature, the label sanity
findings (positive rates, leakage, child positive without its parent) and a memory estimate.
A DBMTL Studio project file also brings its derived labels (never_married from
marital-status): a headerless file is named by the input_fields without them, and each one
whose source column the file has is added as the app adds it.

Exit status: 0 when the file was read (bad rows are reported in "issues"), 1 when it cannot
be read or has no data, 2 for wrong usage.

Options:
  --config FILE      an EasyRec pipeline.config or a DBMTL Studio project file
  --columns a,b,c    column names for a headerless file
  --separator S      the separator (default: detected; "\\t" for tab)
  --header / --no-header   whether the first line names the columns (default: detected)
  --max-rows N       read at most N rows
  -h, --help         show this help`,
  async run({ argv, cwd, out, err }) {
    const { values, positionals } = parseCommandArgs('inspect', argv, {
      config: { type: 'string' },
      columns: { type: 'string' },
      separator: { type: 'string' },
      header: { type: 'boolean' },
      'no-header': { type: 'boolean' },
      'max-rows': { type: 'string' },
    });
    if (positionals.length !== 1)
      throw usageError('give exactly one data file. See "dbmtl inspect --help".');
    const file = positionals[0] as string;

    const project =
      values.config === undefined ? undefined : configProject(cwd, values.config, err);
    const dialect: Partial<Dialect> = {};
    if (values.separator !== undefined)
      dialect.separator = values.separator === '\\t' ? '\t' : values.separator;
    if (values.header) dialect.hasHeader = true;
    if (values['no-header']) dialect.hasHeader = false;
    if (project && values.header === undefined && values['no-header'] === undefined)
      dialect.hasHeader = project.data.withHeader;
    const maxRows = values['max-rows'] === undefined ? undefined : Number(values['max-rows']);
    if (maxRows !== undefined && !(Number.isInteger(maxRows) && maxRows > 0))
      throw usageError(`--max-rows wants a whole number above 0, found "${values['max-rows']}".`);

    const blob = await openFile(cwd, file);
    const inspection = await inspectSource(blob, {
      dialect,
      ...(values.columns ? { columnNames: values.columns.split(',').map((c) => c.trim()) } : {}),
      ...(maxRows ? { maxRows } : {}),
      ...(project ? { project } : {}),
    });
    out(`${JSON.stringify(inspectionJson(inspection, file), null, 2)}\n`);
    const fatal = inspection.read.issues.find((i) => i.severity === 'error');
    if (fatal) err(`${file}: ${fatal.message}\n`);
    return fatal ? 1 : 0;
  },
};
