/**
 * `dbmtl predict`: scores a data file with a model saved by `dbmtl train` (or the app), writing
 * one CSV row per input row with EasyRec's output names: `probs_<task>` for binary tasks,
 * `probs_<task>_<k>` and `y_<task>` for multi-class, `y_<task>` for regression.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { disposeModel } from '../../core/model/dbmtl';
import { ModelError } from '../../core/model/errors';
import { loadModel, WEIGHTS_FILE, type ModelManifest } from '../../core/train/checkpoint';
import { predict, scoreColumns } from '../../core/train/evaluate';
import {
  encodeForScoring,
  fittedOf,
  missingColumnsMessage,
  missingFeatureColumns,
  projectForScoring,
  scoresCsv,
} from '../../core/train/scoreTable';
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

export const predictCommand: Command = {
  name: 'predict',
  summary: 'score a data file with a saved model (probs_<task> / y_<task> columns)',
  help: `Usage: dbmtl predict --model DIR --data FILE [-o OUT.csv] [--backend wasm|cpu]

Reads the model saved by "dbmtl train" (DIR/model.json and DIR/${WEIGHTS_FILE}), encodes FILE
as it was encoded for training, and writes one CSV row per input row: probs_<task> for binary
tasks, probs_<task>_<k> and y_<task> for multi-class tasks, y_<task> for regression tasks.
Label columns are not needed. Without -o the CSV goes to standard output (messages go to
standard error), so "dbmtl predict ... > scores.csv" and pipes work.

Options:
  --model DIR       the saved model (required)
  --data FILE       the rows to score, CSV/TSV, optionally gzipped (required)
  -o, --output FILE where to write the scores (default: standard output)
  --backend NAME    wasm (default) or cpu
  --batch-size N    rows per inference batch (default 4096)
  -h, --help        show this help`,
  async run({ argv, cwd, out, err }) {
    const { values, positionals } = parseCommandArgs('predict', argv, {
      model: { type: 'string' },
      data: { type: 'string' },
      output: { type: 'string', short: 'o' },
      backend: { type: 'string' },
      'batch-size': { type: 'string' },
    });
    if (positionals.length > 0) throw usageError(`unexpected argument "${positionals[0]}".`);
    if (!values.model || !values.data) {
      throw usageError('--model and --data are required. See "dbmtl predict --help".');
    }
    const batchSize = Number(values['batch-size'] ?? 4096);
    if (!Number.isInteger(batchSize) || batchSize < 1)
      throw usageError('--batch-size must be a whole number ≥ 1.');
    await setBackendFor(values.backend ?? 'wasm');

    const { manifest, weights } = readModel(resolve(cwd, values.model));
    const project = projectForScoring(manifest.project, fittedOf(manifest.encoding));
    const table = await readTable(cwd, values.data, project, err);
    const missing = missingFeatureColumns(table, project);
    if (missing.length > 0) throw inputError(missingColumnsMessage(values.data, table, missing));
    const encoded = encodeForScoring(values.data, project, table);
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
      const text = scoresCsv(columns, encoded.train.numRows);
      if (values.output) {
        writeFileSync(resolve(cwd, values.output), text);
        err(`Wrote ${encoded.train.numRows} rows to ${values.output}\n`);
      } else {
        out(text);
        err(`Wrote ${encoded.train.numRows} rows to standard output\n`);
      }
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
