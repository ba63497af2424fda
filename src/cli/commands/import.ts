import { basename, extname } from 'node:path';
import { formatEntry, importConfig, oneLine } from '../../core/easyrec';
import { serializeProject } from '../../core/project/restore';
import { parseCommandArgs, usageError, type Command } from '../command';
import { readText, writeText } from '../io';

export const importCommand: Command = {
  name: 'import',
  summary: 'read a pipeline.config into a project file, reporting what is left out',
  help: `Usage: dbmtl import <FILE> [-o project.json] [--name NAME]

Reads an EasyRec pipeline.config. The import report (one line per entry:
FILE:LINE:COLUMN severity CODE path: message) goes to stderr; the project, as a DBMTL Studio
project file, goes to stdout or to the file given with -o.

Exit status: 0 when a project was produced (the report may still hold errors the project
carries, such as a relation to a missing tower: run "dbmtl validate" to check a config can
be trained); 1 when the import is refused (the file cannot be read, has a syntax error, is
empty, holds no DBMTL model, or has errors EasyRec's parser rejects); 2 for wrong usage.

Options:
  -o, --output    write the project to FILE instead of stdout
  --name NAME     the project's name (default: the file name without extension)
  -h, --help      show this help`,
  run({ argv, cwd, out, err }) {
    const { values, positionals } = parseCommandArgs('import', argv, {
      output: { type: 'string', short: 'o' },
      name: { type: 'string' },
    });
    if (positionals.length !== 1)
      throw usageError('give exactly one config file; see dbmtl import --help');
    const file = positionals[0] as string;
    const name = values.name ?? basename(file, extname(file));
    const { project, report, refusal } = importConfig(readText(cwd, file), { name });
    for (const entry of report) err(`${file}:${formatEntry(entry)}\n`);
    if (!project) {
      err(`${file}: not imported. ${oneLine(refusal ?? '')}\n`);
      return 1;
    }
    const counts = ['error', 'warning', 'info'].map(
      (s) => report.filter((e) => e.severity === s).length,
    );
    err(
      `${file}: imported ${project.tasks.length} task(s), ${project.features.length} feature(s); report: ${counts[0]} error(s), ${counts[1]} warning(s), ${counts[2]} note(s).\n`,
    );
    const json = serializeProject(project);
    if (values.output !== undefined) {
      writeText(cwd, values.output, json);
      err(`Wrote ${values.output}\n`);
    } else out(json);
    return 0;
  },
};
