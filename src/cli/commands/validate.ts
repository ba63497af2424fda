import { formatEntry, importConfig, oneLine } from '../../core/easyrec';
import { parseProjectFile } from '../../core/project/restore';
import { validateProject } from '../../core/project/validate';
import { parseCommandArgs, usageError, type Command } from '../command';
import { looksLikeJson, readText } from '../io';
import { describeProblem } from './problems';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check that a pipeline.config or project file can be trained by the app',
  help: `Usage: dbmtl validate <FILE>

FILE is an EasyRec pipeline.config or a DBMTL Studio project file (JSON). Prints every
problem to stderr. Exit status 0 only when the app can train it: the file parses, the import
report has no errors (warnings about parts the app does not model are allowed), and the
project validates without errors. 1 otherwise; 2 for wrong usage.

Options:
  -h, --help      show this help`,
  run({ argv, cwd, out, err }) {
    const { positionals } = parseCommandArgs('validate', argv, {});
    if (positionals.length !== 1)
      throw usageError('give exactly one file; see dbmtl validate --help');
    const file = positionals[0] as string;
    const text = readText(cwd, file);
    let failed = false;
    let project;
    if (looksLikeJson(text)) {
      const restored = parseProjectFile(text, file);
      if (!restored.ok) {
        err(`${oneLine(restored.message)}\n`);
        return 1;
      }
      project = restored.project;
    } else {
      const result = importConfig(text);
      for (const entry of result.report) err(`${file}:${formatEntry(entry)}\n`);
      if (result.refusal) err(`${file}: not imported. ${oneLine(result.refusal)}\n`);
      failed = result.report.some((e) => e.severity === 'error');
      project = result.project;
    }
    const verdict = (ok: boolean) =>
      out(ok ? `${file}: OK, the app can train it.\n` : `${file}: cannot be trained as it is.\n`);
    if (!project) {
      verdict(false);
      return 1;
    }
    const problems = validateProject(project);
    for (const problem of problems) err(`${file}: ${describeProblem(problem)}\n`);
    failed ||= problems.some((p) => p.severity === 'error');
    verdict(!failed);
    return failed ? 1 : 0;
  },
};
