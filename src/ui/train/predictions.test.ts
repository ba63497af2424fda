/**
 * Predictions on an uploaded file, in Node: the file is read by the same reader the reading
 * worker runs (readHere) and scored by the same core code the scoring worker runs (a stand-in
 * without the worker). The reference is the model's own predictions on the training
 * encoding of the same rows: an uploaded copy of those rows, columns reordered and labels
 * dropped, must score exactly the same.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeProject } from '../../core/data/encode';
import { readDelimited } from '../../core/data/read';
import { buildDbmtl, disposeModel } from '../../core/model/dbmtl';
import { inputSpecs } from '../../core/model/inputs';
import { emptyProject, inputField, makeFeature, makeTask, mlp } from '../../core/project/defaults';
import { loadModel, saveModel } from '../../core/train/checkpoint';
import { predict, scoreColumns } from '../../core/train/evaluate';
import { csvNumber } from '../../core/train/scoreTable';
import { DEFAULT_SETTINGS, type Run } from '../../store/runStore';
import { readHere } from '../../worker/readClient';
import type { ScoreRequest } from '../../worker/scoreProtocol';
import { filePredictionsCsv } from './predictions';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function project() {
  const p = emptyProject('upload');
  p.tasks = [
    makeTask('click', { dnn: mlp([4], { useBn: false }) }),
    makeTask('dur', { lossType: 'L2_LOSS', dnn: mlp([4], { useBn: false }) }),
  ];
  p.features = [
    makeFeature('user', { type: 'IdFeature', embeddingDim: 4, hashBucketSize: 20 }),
    makeFeature('x', { type: 'RawFeature', embeddingDim: 0 }),
  ];
  p.model = { ...p.model, bottomDnn: mlp([8], { useBn: false }) };
  p.data = {
    ...p.data,
    inputFields: [
      inputField('user', 'STRING'),
      inputField('x', 'FLOAT'),
      inputField('click', 'INT32'),
      inputField('dur', 'FLOAT'),
    ],
  };
  return p;
}

const rows = Array.from({ length: 30 }, (_, i) => ({
  user: `u${i % 7}`,
  x: i * 0.5 - 3,
  click: i % 3 === 0 ? 1 : 0,
  dur: (i % 5) * 1.5,
}));

/** What the scoring worker does, on this thread. */
async function scoreHere(request: ScoreRequest) {
  const model = loadModel(request.manifest, request.weightData);
  try {
    return scoreColumns(await predict(model, request.data, request.batchSize));
  } finally {
    disposeModel(model);
  }
}

async function trainedRun() {
  const p = project();
  const text = ['user,x,click,dur', ...rows.map((r) => `${r.user},${r.x},${r.click},${r.dur}`)];
  const { table } = await readDelimited(new Blob([`${text.join('\n')}\n`]), {});
  const encoded = encodeProject(p, table, { split: { kind: 'none' } });
  const model = buildDbmtl(p, inputSpecs(encoded.train), 7);
  const saved = await saveModel(model, p, 0);
  const reference = scoreColumns(await predict(model, encoded.train, 64));
  disposeModel(model);
  const run = {
    id: 'r1',
    name: '#1 upload',
    project: p,
    settings: DEFAULT_SETTINGS,
    fitted: encoded.fitted,
  } as unknown as Run;
  return { run, saved, reference };
}

describe('predictions on an uploaded file', () => {
  it('scores every row with the run’s encoding: row, probs_<task>, y_<task>', async () => {
    const { run, saved, reference } = await trainedRun();
    // The fitted range of x comes from the training rows: [−3, 11.5] (rows 5–19: [−0.5, 6.5]).
    expect(run.fitted.x).toEqual({ minVal: -3, maxVal: 11.5 });
    // Rows 5–19 only (their own x range is narrower, so refitting it would change the scores),
    // columns in another order, no labels, an extra column the model does not read.
    const part = rows.slice(5, 20);
    const upload = ['note,x,user', ...part.map((r, i) => `n${i},${r.x},${r.user}`)].join('\n');
    const result = await filePredictionsCsv(
      run,
      saved,
      new File([upload], 'upload.csv'),
      readHere,
      scoreHere,
    );
    const lines = result.csv.trim().split('\n');
    expect(lines[0]).toBe('row,probs_click,y_dur');
    expect(result.rows).toBe(15);
    expect(lines).toHaveLength(16);
    lines.slice(1).forEach((line, r) => {
      const expected = [r, ...reference.map((c) => csvNumber(c.values[r + 5] as number))];
      expect(line).toBe(expected.join(','));
    });
  });

  it('refuses a file without the columns the model reads, naming them', async () => {
    const { run, saved } = await trainedRun();
    await expect(
      filePredictionsCsv(
        run,
        saved,
        new File(['user,age\nu1,3\n'], 'other.csv'),
        readHere,
        scoreHere,
      ),
    ).rejects.toThrow(
      "other.csv lacks 1 column the model's features read: x. It has 2: user, age.",
    );
    await expect(
      filePredictionsCsv(run, saved, new File(['x,user\n'], 'empty.csv'), readHere, scoreHere),
    ).rejects.toThrow(/^empty\.csv has no data rows to score/);
  });
});
