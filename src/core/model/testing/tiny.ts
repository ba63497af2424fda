/**
 * A tiny DBMTL for exact tests: four tasks that exercise every path of the model (two-parent
 * relations, MMoE, a task space with out weight 0, multi-class, regression with sample
 * weights, batch norm, shared embedding tables, tag pooling with mean, a dense input), and a
 * four-row dataset for it.
 */
import * as tf from '@tensorflow/tfjs';
import type { EncodedDataset } from '../../data/encoded';
import { emptyProject, makeTask, mlp } from '../../project/defaults';
import type { Project } from '../../project/types';
import type { DbmtlModel } from '../dbmtl';
import { Random } from '../random';

export function tinyProject(): Project {
  const project = emptyProject('tiny');
  // Listed out of topological order on purpose: the model must order them click, view, kind, dur.
  project.tasks = [
    makeTask('kind', {
      numClass: 3,
      relationTowerNames: ['click', 'view'],
      dnn: mlp([2], { activation: 'gelu', useBn: false }),
      relationDnn: mlp([2], { activation: 'relu', useBn: true }),
      weight: 2,
      useSampleWeight: true,
    }),
    makeTask('click', {
      dnn: mlp([3], { useBn: false }),
      relationDnn: mlp([2], { activation: 'sigmoid', useBn: false }),
      useSampleWeight: false,
    }),
    makeTask('dur', {
      lossType: 'L2_LOSS',
      relationTowerNames: ['view'],
      dnn: mlp([2], { activation: 'elu', useBn: true }),
      relationDnn: mlp([2], { activation: 'swish', useBn: false }),
      weight: 0.5,
      taskSpaceIndicatorLabel: 'view',
      inTaskSpaceWeight: 2,
      outTaskSpaceWeight: 0.5,
      useSampleWeight: true,
    }),
    makeTask('view', {
      relationTowerNames: ['click'],
      dnn: null,
      relationDnn: null,
      taskSpaceIndicatorLabel: 'click',
      inTaskSpaceWeight: 1,
      outTaskSpaceWeight: 0,
      useSampleWeight: false,
    }),
  ];
  project.model = {
    ...project.model,
    bottomDnn: mlp([4], { activation: 'relu', useBn: true }),
    expertDnn: mlp([3], { activation: 'tanh', useBn: false }),
    numExpert: 2,
    l2Regularization: 0.01,
    embeddingRegularization: 0.1,
  };
  return project;
}

export function tinyData(): EncodedDataset {
  return {
    numRows: 4,
    features: [
      {
        kind: 'id',
        name: 'user',
        table: 'user',
        vocabSize: 5,
        embeddingDim: 2,
        ids: Int32Array.from([0, 3, 1, 3]),
      },
      {
        kind: 'id',
        name: 'item',
        table: 'shared',
        vocabSize: 6,
        embeddingDim: 2,
        ids: Int32Array.from([2, 5, 2, 0]),
      },
      {
        kind: 'tag',
        name: 'tags',
        table: 'shared',
        vocabSize: 6,
        embeddingDim: 2,
        combiner: 'mean',
        maxItems: 3,
        ids: Int32Array.from([1, 4, 0, 5, 0, 0, 0, 0, 0, 2, 2, 3]),
        mask: Float32Array.from([1, 1, 0, 1, 0, 0, 0, 0, 0, 1, 1, 1]),
      },
      { kind: 'dense', name: 'age', values: Float32Array.from([0.5, -1.2, 2.0, 0.1]) },
    ],
    labels: {
      click: Float32Array.from([1, 0, 1, 1]),
      view: Float32Array.from([1, 0, 0, 1]),
      kind: Float32Array.from([2, 0, 1, 1]),
      dur: Float32Array.from([3.5, 0, 1.0, 2.2]),
    },
    sampleWeight: Float32Array.from([1, 2, 0.5, 1]),
  };
}

/**
 * Overwrites every variable with seeded values away from the initial ones (biases, gammas and
 * betas non-trivial, variances positive), so the test covers every parameter.
 */
export function setFixedWeights(model: DbmtlModel, seed: number): void {
  const random = new Random(seed);
  for (const { name, variable } of model.variables) {
    const values = new Float32Array(variable.size);
    const positive = name.endsWith('moving_variance') || name.endsWith('gamma');
    for (let i = 0; i < values.length; i++) {
      values[i] = positive ? random.uniform(0.5, 1.5) : random.uniform(-0.8, 0.8);
    }
    tf.tidy(() => variable.assign(tf.tensor(values, variable.shape, 'float32')));
  }
}
