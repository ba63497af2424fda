/**
 * `dbmtl train`: the app's trainer in Node (WASM or CPU backend). Reads a pipeline.config (or
 * a project file) and a data file, encodes it as the app does, trains, prints progress and
 * per-task metrics as JSON lines (metric names as EasyRec writes them: `auc_is_click`), and
 * saves the model (model.json + weights.bin) for `dbmtl predict`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importConfig, reportHasErrors } from '../../core/easyrec';
import { fileFieldNames, withDerived, type DerivedRule } from '../../core/data/derived';
import { encodeProject, type EncodeResult } from '../../core/data/encode';
import { describeIssue } from '../../core/data/issues';
import { readDelimited } from '../../core/data/read';
import { inferSchema } from '../../core/data/schema';
import type { Table } from '../../core/data/table';
import { ModelError } from '../../core/model/errors';
import { parseProjectFile } from '../../core/project/restore';
import type { Project } from '../../core/project/types';
import { trainingBlockers, validateProject } from '../../core/project/validate';
import { saveModel, WEIGHTS_FILE } from '../../core/train/checkpoint';
import type { EvalMetrics } from '../../core/train/evaluate';
import { trainOptionsFromProject, type TrainOptions } from '../../core/train/options';
import { train } from '../../core/train/trainer';
import { selectBackend } from '../../worker/backend';
import { inputError, parseCommandArgs, usageError, type Command } from '../command';
import { DEFAULT_REPORT, explainNullMetrics, reportEvery, TrainClock } from './trainProgress';
import { looksLikeJson, openFile, readText } from '../io';
import { describeProblem } from './problems';

/** The WASM binaries shipped in node_modules, found from this file's place in the repository. */
const WASM_DIR = `${resolve(dirname(fileURLToPath(import.meta.url)), '../../../node_modules/@tensorflow/tfjs-backend-wasm/dist')}/`;

export async function loadProject(cwd: string, file: string): Promise<Project> {
  const text = readText(cwd, file);
  if (looksLikeJson(text)) {
    const restored = parseProjectFile(text, file);
    if (!restored.ok) throw inputError(restored.message);
    return restored.project;
  }
  const result = importConfig(text);
  if (!result.project || reportHasErrors(result.report)) {
    const first = result.report.find((e) => e.severity === 'error');
    throw inputError(
      `${file} cannot be imported${first ? `: ${first.message}` : ''}. Run "dbmtl validate ${file}".`,
    );
  }
  return result.project;
}

/**
 * The project's derived-label rules (data.derivedLabels); none in a model.json saved before
 * projects kept them, whose project was stored as it was then.
 */
export function derivedRulesOf(project: Project): readonly DerivedRule[] {
  return (project.data as { derivedLabels?: DerivedRule[] }).derivedLabels ?? [];
}

/**
 * Reads a data file as the project says (header, or input_fields as names), with the
 * project's derived labels made as the app makes them (never_married from marital-status): a
 * headerless file's columns are named by the input_fields without the derived ones, which no
 * file has (adult.data has 15 columns; a project with never_married lists 16 input_fields),
 * and each rule whose source column the file has adds its column. A file that gives no rows
 * is an error that says why: empty, or headerless with another number of fields than the
 * config's input_fields (then every row is refused, and listing each feature would hide the
 * one cause).
 */
export async function readTable(
  cwd: string,
  file: string,
  project: Project,
  /** Told each problem of a file that still gave rows (skipped lines), as the Data tab shows. */
  warn: (line: string) => void = () => {},
): Promise<Table> {
  const blob = await openFile(cwd, file);
  const headerless = !project.data.withHeader;
  const rules = derivedRulesOf(project);
  const fields = project.data.inputFields.map((f) => f.name);
  const names = fileFieldNames(fields, rules);
  const read = await readDelimited(blob, {
    dialect: { hasHeader: project.data.withHeader },
    ...(headerless ? { columnNames: names } : {}),
  });
  if (read.table.numRows > 0) {
    for (const issue of read.issues.slice(0, 20)) warn(`${file}: ${describeIssue(issue)}\n`);
    return withDerived(read.table, rules);
  }
  if (
    read.table.columns.length === 0 ||
    read.bytesRead === 0 ||
    read.issues.some((i) => i.code === 'EMPTY_FILE')
  )
    throw inputError(`${file} is empty.`);
  const derived = fields.filter((name) => !names.includes(name));
  if (read.issues.some((i) => i.code === 'COLUMN_NAMES'))
    throw inputError(
      `${file} has ${read.sniffed.fields} columns; the config's data_config lists ${names.length} input_fields${derived.length > 0 ? ` besides the derived ${derived.join(', ')}` : ''} (headerless), so no row can be read. Is it the right file for this config?`,
    );
  const first = read.issues[0];
  throw inputError(
    `${file} has no data rows${first ? ` (line ${first.firstLines[0] ?? '?'}: ${first.message})` : project.data.withHeader ? ' after its header' : ''}.`,
  );
}

/** How each label column is read (e.g. ">50K" as 1), inferred from the training table. */
export function labelInfoOf(table: Table, project: Project) {
  const labelNames = project.tasks.flatMap((t) =>
    [t.labelName, t.taskSpaceIndicatorLabel].filter(Boolean),
  );
  const schema = inferSchema(table, { labelNames });
  return Object.fromEntries(schema.columns.map((c) => [c.name, c.label]));
}

export async function setBackendFor(choice: string): Promise<string> {
  if (choice !== 'wasm' && choice !== 'cpu')
    throw usageError(`--backend must be wasm or cpu; found "${choice}".`);
  try {
    return (await selectBackend(choice, { wasmPaths: WASM_DIR })).backend;
  } catch (error) {
    throw inputError(error instanceof Error ? error.message : String(error));
  }
}

/** Steps the run will take: the step limit, else epochs × full batches per epoch. */
export function plannedSteps(options: TrainOptions, trainRows: number): number {
  const batch = Math.max(1, Math.min(options.batchSize, trainRows));
  const byEpochs =
    options.numEpochs > 0
      ? options.numEpochs * Math.max(1, Math.floor(trainRows / batch))
      : Infinity;
  return Math.min(options.numSteps > 0 ? options.numSteps : Infinity, byEpochs);
}

/** `{ is_click: { auc: 0.8 } }` → `{ auc_is_click: 0.8 }`, as EasyRec names its metrics. */
export function flatMetrics(metrics: EvalMetrics): Record<string, number> {
  const flat: Record<string, number> = {};
  for (const [task, values] of Object.entries(metrics)) {
    for (const [name, value] of Object.entries(values)) flat[`${name}_${task}`] = value;
  }
  return flat;
}

function positiveInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw usageError(`--${name} must be a whole number ≥ 0; found "${value}".`);
  return n;
}

export const trainCommand: Command = {
  name: 'train',
  summary: 'train a DBMTL model on a data file (WASM or CPU backend) and save it',
  help: `Usage: dbmtl train --config FILE --data FILE [--eval FILE] [options]

Trains the model of an EasyRec pipeline.config (or a DBMTL Studio project file) with the
same trainer the app runs in its worker. Prints JSON lines to stdout: {"type":"progress",…}
every --report steps, {"type":"eval","metrics":{"auc_is_click":…}} after evaluations, and
{"type":"done",…} at the end. Saves model.json and ${WEIGHTS_FILE} under --out. A project
file's derived labels (never_married = marital-status is Never-married) are made from the
data as the app makes them; a headerless file has the other input_fields as its columns.

Options:
  --config FILE     pipeline.config or project JSON (required)
  --data FILE       training data, CSV/TSV, optionally gzipped (required)
  --eval FILE       held-out data (same columns); without it, 10% of --data is held out
  --steps N         number of steps (default: the config's num_steps)
  --epochs N        number of epochs (default: the config's num_epochs)
  --batch-size N    training batch size (default: the config's batch_size)
  --seed S          seed for initialisation, shuffling and the split (default: the config's)
  --backend NAME    wasm (default) or cpu
  --eval-every N    evaluate every N steps as well as at the end (default 0: end only)
  --report N        print progress every N steps (default: 100, or a tenth of the steps
                    when fewer than 1000); stderr also gets a time estimate after the
                    warm-up step and a line at least every 10 s, whatever stdout prints
  --out DIR         where to save the model (default: dbmtl_model)
  -h, --help        show this help`,
  async run({ argv, cwd, out, err, now }) {
    const { values, positionals } = parseCommandArgs('train', argv, {
      config: { type: 'string' },
      data: { type: 'string' },
      eval: { type: 'string' },
      steps: { type: 'string' },
      epochs: { type: 'string' },
      'batch-size': { type: 'string' },
      seed: { type: 'string' },
      backend: { type: 'string' },
      'eval-every': { type: 'string' },
      report: { type: 'string' },
      out: { type: 'string' },
    });
    if (positionals.length > 0) throw usageError(`unexpected argument "${positionals[0]}".`);
    if (!values.config || !values.data)
      throw usageError('--config and --data are required. See "dbmtl train --help".');

    const backendChoice = values.backend ?? 'wasm';
    if (backendChoice !== 'wasm' && backendChoice !== 'cpu') {
      throw usageError(`--backend must be wasm or cpu; found "${backendChoice}".`);
    }
    const project = await loadProject(cwd, values.config);
    const blockers = trainingBlockers(validateProject(project));
    if (blockers.length > 0)
      throw inputError(
        `${values.config} cannot train here:\n${blockers.map(describeProblem).join('\n')}`,
      );
    const seed = values.seed === undefined ? project.train.seed : Number(values.seed);
    if (!Number.isInteger(seed))
      throw usageError(`--seed must be an integer; found "${values.seed}".`);
    const options: TrainOptions = {
      ...trainOptionsFromProject(project),
      seed,
      evalEverySteps: positiveInt('eval-every', values['eval-every']) ?? 0,
      reportEverySteps: DEFAULT_REPORT,
    };
    const report = positiveInt('report', values.report);
    const steps = positiveInt('steps', values.steps);
    const epochs = positiveInt('epochs', values.epochs);
    const batchSize = positiveInt('batch-size', values['batch-size']);
    if (steps !== undefined) options.numSteps = steps;
    if (epochs !== undefined) options.numEpochs = epochs;
    if (steps !== undefined && epochs === undefined) options.numEpochs = 0;
    if (epochs !== undefined && steps === undefined) options.numSteps = 0;
    if (batchSize !== undefined) options.batchSize = batchSize;

    const backend = await setBackendFor(backendChoice);
    const table = await readTable(cwd, values.data, project, err);
    const evalTable = values.eval ? await readTable(cwd, values.eval, project, err) : undefined;
    const encoded: EncodeResult = encodeProject(project, table, {
      split: evalTable ? { kind: 'file' } : { kind: 'random', fraction: 0.1, seed },
      ...(evalTable ? { validationTable: evalTable } : {}),
      labelInfo: labelInfoOf(table, project),
    });
    for (const issue of encoded.issues.slice(0, 20)) err(`${values.data}: ${issue.message}\n`);
    if (encoded.train.numRows === 0) throw inputError(`${values.data}: no usable training rows.`);
    const totalSteps = plannedSteps(options, encoded.train.numRows);
    options.reportEverySteps = reportEvery(report, totalSteps);
    const clock = new TrainClock(totalSteps, (line) => err(`${line}\n`), now);
    out(
      `${JSON.stringify({ type: 'start', backend, trainRows: encoded.train.numRows, evalRows: encoded.validation?.numRows ?? 0 })}\n`,
    );

    let result;
    try {
      result = await train(project, encoded.train, encoded.validation, options, {
        onEvent: (event) => {
          const line =
            event.type === 'eval'
              ? {
                  type: 'eval',
                  step: event.step,
                  epoch: event.epoch,
                  metrics: flatMetrics(event.metrics),
                }
              : event;
          out(`${JSON.stringify(line)}\n`);
        },
        betweenSteps: (step) => clock.step(step),
      });
    } catch (error) {
      if (error instanceof ModelError)
        throw inputError(`${error.message} (${error.code}, ${error.where})`);
      throw error;
    }

    const dir = resolve(cwd, values.out ?? 'dbmtl_model');
    const saved = await saveModel(result.model, project, result.steps, { fitted: encoded.fitted });
    result.dispose();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'model.json'), JSON.stringify(saved.manifest));
    writeFileSync(join(dir, WEIGHTS_FILE), new Uint8Array(saved.weightData));
    const finalMetrics = result.lastEval ? flatMetrics(result.lastEval) : {};
    for (const line of explainNullMetrics(finalMetrics, project, encoded.validation))
      err(`${line}\n`);
    out(
      `${JSON.stringify({ type: 'done', steps: result.steps, epochs: result.epochs, metrics: result.lastEval ? flatMetrics(result.lastEval) : null, model: dir })}\n`,
    );
    return 0;
  },
};
