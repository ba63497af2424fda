/**
 * Held-out predictions of a trained run: the samples are encoded again for the run's project
 * snapshot (encoding is deterministic: the same split and the same fitted min/max as the run
 * had, as long as the loaded data is the same), scored in the scoring worker with the run's
 * weights, and written with the held-out labels beside the scores.
 */
import type { SavedModel } from '../../core/train/checkpoint';
import { dataStore, encodeForProject } from '../../store/dataStore';
import type { Run } from '../../store/runStore';
import { scoreInWorker } from '../../worker/scoreClient';
import { predictionsCsv } from './downloads';

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
