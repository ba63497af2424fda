/**
 * `dbmtl predict`: scores a data file with a model saved by `dbmtl train` (or the app), writing
 * one CSV row per input row with EasyRec's output names: `probs_<task>` for binary tasks,
 * `probs_<task>_<k>` and `y_<task>` for multi-class, `y_<task>` for regression.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { encodeProject } from '../../core/data/encode';
import type { Column, Table } from '../../core/data/table';
import { disposeModel } from '../../core/model/dbmtl';
import { ModelError } from '../../core/model/errors';
import type { Project } from '../../core/project/types';
import { loadModel, WEIGHTS_FILE, type ModelManifest } from '../../core/train/checkpoint';
import { predict, scoreColumns } from '../../core/train/evaluate';
import { inputError, parseCommandArgs, usageError, type Command } from '../command';
import { readTable, setBackendFor } from './train';

function readModel(dir: string): { manifest: ModelManifest; weights: ArrayBuffer } {
  try {
    const manifest = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as ModelManifest;
    const bytes = readFileSync(join(dir, WEIGHTS_FILE));
    const weights = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    return { manifest, weights };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw inputError(`cannot read the model in ${dir} (model.json, ${WEIGHTS_FILE}): ${detail}`);
  }
}

/**
 * The project as trained, with the min/max fitted on the training rows, so dense values are
 * normalised exactly as in training.
 */
function projectForScoring(manifest: ModelManifest): Project {
  const project = structuredClone(manifest.project);
  const fitted =
    (manifest.encoding as { fitted?: Record<string, { minVal: number; maxVal: number }> })
      ?.fitted ?? {};
  project.features = project.features.map((f) =>
    fitted[f.name] ? { ...f, ...fitted[f.name] } : f,
  );
  return project;
}

/** A file to score need not have labels: label columns are replaced by a constant 0. */
function withPlaceholderLabels(table: Table, project: Project): Table {
  const labels = new Set(
    project.tasks.flatMap((t) => [t.labelName, t.taskSpaceIndicatorLabel].filter(Boolean)),
  );
  const constant = (name: string): Column => ({
    name,
    dict: ['0'],
    codes: new Int32Array(table.numRows),
  });
  const columns = table.columns.map((c) => (labels.has(c.name) ? constant(c.name) : c));
  for (const name of labels)
    if (!columns.some((c) => c.name === name)) columns.push(constant(name));
  return { ...table, columns };
}

/**
 * Scoring without the columns the model's features read would score every row from missing
 * values: refuse, naming them (the usual cause is a file meant for another model).
 */
function requireFeatureColumns(file: string, table: Table, project: Project): void {
  const have = new Set(table.columns.map((c) => c.name));
  const missing = [
    ...new Set(project.features.filter((f) => f.inGroup).map((f) => f.inputName)),
  ].filter((name) => !have.has(name));
  if (missing.length === 0) return;
  const shown = table.columns.slice(0, 12).map((c) => c.name);
  throw inputError(
    `${file} lacks ${missing.length} column${missing.length === 1 ? '' : 's'} the model's features read: ${missing.join(', ')}. It has ${table.columns.length}: ${shown.join(', ')}${table.columns.length > shown.length ? ', …' : ''}.`,
  );
}

/** Float32 scores carry about seven significant digits; more would be noise in the file. */
function csvNumber(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(7))) : '';
}

export const predictCommand: Command = {
  name: 'predict',
  summary: 'score a data file with a saved model (probs_<task> / y_<task> columns)',
  help: `Usage: dbmtl predict --model DIR --data FILE -o OUT.csv [--backend wasm|cpu]

Reads the model saved by "dbmtl train" (DIR/model.json and DIR/${WEIGHTS_FILE}), encodes FILE
as it was encoded for training, and writes one CSV row per input row: probs_<task> for binary
tasks, probs_<task>_<k> and y_<task> for multi-class tasks, y_<task> for regression tasks.
Label columns are not needed.

Options:
  --model DIR       the saved model (required)
  --data FILE       the rows to score, CSV/TSV, optionally gzipped (required)
  -o, --output FILE where to write the scores (required)
  --backend NAME    wasm (default) or cpu
  --batch-size N    rows per inference batch (default 4096)
  -h, --help        show this help`,
  async run({ argv, cwd, err }) {
    const { values, positionals } = parseCommandArgs('predict', argv, {
      model: { type: 'string' },
      data: { type: 'string' },
      output: { type: 'string', short: 'o' },
      backend: { type: 'string' },
      'batch-size': { type: 'string' },
    });
    if (positionals.length > 0) throw usageError(`unexpected argument "${positionals[0]}".`);
    if (!values.model || !values.data || !values.output) {
      throw usageError('--model, --data and -o are required. See "dbmtl predict --help".');
    }
    const batchSize = Number(values['batch-size'] ?? 4096);
    if (!Number.isInteger(batchSize) || batchSize < 1)
      throw usageError('--batch-size must be a whole number ≥ 1.');
    await setBackendFor(values.backend ?? 'wasm');

    const { manifest, weights } = readModel(resolve(cwd, values.model));
    const project = projectForScoring(manifest);
    const read = await readTable(cwd, values.data, project);
    requireFeatureColumns(values.data, read, project);
    const table = withPlaceholderLabels(read, project);
    const encoded = encodeProject(project, table, { split: { kind: 'none' } });
    for (const issue of encoded.issues.slice(0, 20)) err(`${values.data}: ${issue.message}\n`);
    if (encoded.train.numRows === 0)
      throw inputError(
        `${values.data}: none of its ${table.numRows} rows could be scored${encoded.issues[0] ? ` (${encoded.issues[0].message})` : ''}.`,
      );

    let model;
    try {
      model = loadModel(manifest, weights);
    } catch (error) {
      if (error instanceof ModelError)
        throw inputError(`${error.message} (${error.code}, ${error.where})`);
      throw error;
    }
    try {
      const columns = scoreColumns(await predict(model, encoded.train, batchSize));
      const header = columns.flatMap((c) =>
        c.width === 1 ? [c.name] : Array.from({ length: c.width }, (_, k) => `${c.name}_${k}`),
      );
      const lines = [header.join(',')];
      for (let r = 0; r < encoded.train.numRows; r++) {
        lines.push(
          columns
            .flatMap((c) =>
              Array.from(c.values.subarray(r * c.width, (r + 1) * c.width), csvNumber),
            )
            .join(','),
        );
      }
      writeFileSync(resolve(cwd, values.output), `${lines.join('\n')}\n`);
      err(`Wrote ${encoded.train.numRows} rows to ${values.output}\n`);
      return 0;
    } catch (error) {
      if (error instanceof ModelError)
        throw inputError(`${error.message} (${error.code}, ${error.where})`);
      throw error;
    } finally {
      disposeModel(model);
    }
  },
};
