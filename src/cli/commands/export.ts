import { exportConfig, oneLine } from '../../core/easyrec';
import { readTextFormat } from '../../core/textproto';
import { isPresetName, preset, PRESET_NAMES } from '../../core/project/presets';
import { parseProjectFile } from '../../core/project/restore';
import type { Project } from '../../core/project/types';
import { inputError, parseCommandArgs, usageError, type Command } from '../command';
import { looksLikeJson, readText, writeText } from '../io';
import { describeProblem } from './problems';

export const exportCommand: Command = {
  name: 'export',
  summary: 'write the EasyRec pipeline.config of a project file or a preset',
  help: `Usage: dbmtl export <project.json> [-o FILE]
       dbmtl export --preset NAME [-o FILE]

Writes the project as an EasyRec pipeline.config (protobuf text format) to stdout, or to
FILE with -o. A project with validation errors is refused, and its errors are listed.

Options:
  --preset NAME   export a ready-made project: ${PRESET_NAMES.join(', ')}
  -o, --output    write to FILE instead of stdout
  -h, --help      show this help`,
  run({ argv, cwd, out, err }) {
    const { values, positionals } = parseCommandArgs('export', argv, {
      preset: { type: 'string' },
      output: { type: 'string', short: 'o' },
    });
    if (positionals.length > 1) throw usageError('give one project file; see dbmtl export --help');
    if ((values.preset === undefined) === (positionals.length === 0)) {
      throw usageError('give either a project file or --preset NAME; see dbmtl export --help');
    }
    let project: Project;
    let source: string;
    if (values.preset !== undefined) {
      if (!isPresetName(values.preset)) {
        throw usageError(
          `unknown preset "${values.preset}"; expected one of ${PRESET_NAMES.join(', ')}.`,
        );
      }
      project = preset(values.preset);
      source = `preset ${values.preset}`;
    } else {
      source = positionals[0] as string;
      const text = readText(cwd, source);
      if (!looksLikeJson(text) && looksLikePipelineConfig(text)) {
        throw inputError(
          `${source} is a pipeline.config, not a project file; use dbmtl import first, or dbmtl validate`,
        );
      }
      const restored = parseProjectFile(text, source);
      if (!restored.ok) throw inputError(oneLine(restored.message));
      project = restored.project;
    }
    const result = exportConfig(project);
    if (!result.ok) {
      err(
        `${source}: the project has ${result.problems.length} error(s) and cannot be exported:\n`,
      );
      for (const problem of result.problems) err(`  ${describeProblem(problem)}\n`);
      return 1;
    }
    if (values.output !== undefined) {
      writeText(cwd, values.output, result.text);
      err(`Wrote ${values.output}\n`);
    } else out(result.text);
    return 0;
  },
};

/** Text that reads as protobuf text format with at least one field: a pipeline.config. */
function looksLikePipelineConfig(text: string): boolean {
  try {
    return readTextFormat(text).fields.length > 0;
  } catch {
    return false;
  }
}
