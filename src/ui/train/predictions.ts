/**
 * Predictions of a trained run. On the held-out rows: the samples are encoded again for the
 * run's project snapshot (encoding is deterministic: the same split and the same fitted
 * min/max as the run had, as long as the loaded data is the same), scored in the scoring
 * worker with the run's weights, and written with the held-out labels beside the scores. On an
 * uploaded file: read in the reading worker, encoded with the run's feature encoding (its
 * project and the min/max fitted on its training rows; label columns not needed), scored in
 * the scoring worker; `row` is the file's data row (0-based).
 */
import type { SavedModel } from '../../core/train/checkpoint';
import { encodeForScoring, projectForScoring } from '../../core/train/scoreTable';
import { dataStore, encodeForProject } from '../../store/dataStore';
import type { Run } from '../../store/runStore';
import { readInWorker, type ReadFn } from '../../worker/readClient';
import { scoreInWorker } from '../../worker/scoreClient';
import { predictionsCsv } from './downloads';

export interface FilePredictions {
  csv: string;
  rows: number;
  /** Rows of the file that could not be read or encoded, with the first reason. */
  notes: string[];
}

/** Scores every row of `file` with the run's model: `row`, then probs_<task> / y_<task>. */
export async function filePredictionsCsv(
  run: Run,
  model: SavedModel,
  file: File,
  read: ReadFn = readInWorker,
  score: typeof scoreInWorker = scoreInWorker,
): Promise<FilePredictions> {
  const project = projectForScoring(run.project, run.fitted);
  const { result } = await read({
    file,
    options: {
      // A headerless file as wide as the project's input_fields takes their names.
      fieldNames: project.data.inputFields.map((f) => f.name),
      missingTokens: dataStore.getState().choices.missingTokens,
      onBadRow: 'skip',
    },
    labelNames: [],
    onProgress: () => {},
    signal: new AbortController().signal,
  });
  const { table } = result;
  if (table.numRows === 0) {
    const first = result.issues[0];
    throw new Error(`${file.name} has no data rows to score${first ? ` (${first.message})` : ''}.`);
  }
  const encoded = encodeForScoring(file.name, project, table, result.dialect.decimalComma);
  if (encoded.train.numRows === 0)
    throw new Error(`None of the ${table.numRows} rows of ${file.name} could be encoded.`);
  const rows = encoded.trainRows.slice();
  const numRows = encoded.train.numRows;
  const columns = await score({
    manifest: model.manifest,
    weightData: model.weightData.slice(0),
    data: encoded.train,
    batchSize: 1024,
  });
  const notes = [...result.issues, ...encoded.issues]
    .filter((i) => i.severity !== 'info')
    .slice(0, 3)
    .map((i) => i.message);
  return { csv: predictionsCsv({ rows, labels: {}, columns }), rows: numRows, notes };
}

export async function heldOutPredictionsCsv(run: Run, model: SavedModel): Promise<string> {
  const data = dataStore.getState();
  if (!data.train) throw new Error('No samples are loaded: load the data the run trained on.');
  if (data.train.name !== run.dataName)
    throw new Error(
      `${run.name} trained on ${run.dataName}, but ${data.train.name} is loaded now.`,
    );
  const encoded = encodeForProject(data, run.project);
  const heldOut = encoded?.validation;
  if (!encoded || !heldOut || heldOut.numRows === 0)
    throw new Error(
      'There are no held-out rows: set a split or a validation file in the Data tab.',
    );

  // Copied before the dataset's buffers move to the worker.
  const labels: Record<string, Float32Array> = {};
  for (const task of run.project.tasks) {
    const column = heldOut.labels[task.labelName];
    if (column) labels[task.labelName] = column.slice();
  }
  const rows = encoded.validationRows.slice();
  const columns = await scoreInWorker({
    manifest: model.manifest,
    weightData: model.weightData.slice(0),
    data: heldOut,
    batchSize: 1024,
  });
  return predictionsCsv({ rows, labels, columns });
}
