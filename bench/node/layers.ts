/**
 * The baseline: the same DBMTL model written the way a TensorFlow.js user would write it
 * without this project, with tf.layers (functional tf.model) and model.fit. Same features and
 * tables, same bottom/tower/relation/output layers with ReLU (and batch norm where the project
 * has it on: the demo project has it off), relations as
 * concatenations of the parents' relation layers, L2 on dense kernels (tfjs's l2 has no ½, so
 * half the rate), Adam with the same rate. Differences, named so the comparison stays honest:
 * tfjs's binaryCrossentropy works on clipped probabilities rather than logits; the
 * embedding regularisation of looked-up vectors is left out (layers offer no activity
 * regulariser on lookups); every sample weight is 1 (the demo project sets none).
 */
import * as tf from '@tensorflow/tfjs';
import type { EncodedDataset } from '../../src/core/data/encoded';
import type { Mlp, Task } from '../../src/core/project/types';
import { topologicalOrder } from '../../src/core/project/graph';
import type { BenchData } from '../setup';
import { steady, type Window } from './measure';
import { pastDeadline, type RunLimits, type TrainRun } from './ours';

type SymbolicTensor = tf.SymbolicTensor;

function mlp(x: SymbolicTensor, config: Mlp | null, l2: number): SymbolicTensor {
  let out = x;
  for (const units of config?.hiddenUnits ?? []) {
    if (units === 0) continue;
    out = tf.layers
      .dense({ units, kernelRegularizer: tf.regularizers.l2({ l2: l2 / 2 }) })
      .apply(out) as SymbolicTensor;
    if (config?.useBn)
      out = tf.layers
        .batchNormalization({ momentum: 0.99, epsilon: 1e-3 })
        .apply(out) as SymbolicTensor;
    out = tf.layers.activation({ activation: 'relu' }).apply(out) as SymbolicTensor;
  }
  return out;
}

export function buildLayersModel(data: BenchData): {
  model: tf.LayersModel;
  xs: Record<string, tf.Tensor>;
  ys: Record<string, tf.Tensor>;
} {
  const { project, train } = data;
  const inputs: tf.SymbolicTensor[] = [];
  const parts: tf.SymbolicTensor[] = [];
  const xs: Record<string, tf.Tensor> = {};
  const tables = new Map<string, tf.layers.Layer>();
  const table = (name: string, rows: number, dim: number) => {
    let layer = tables.get(name);
    if (!layer) {
      layer = tf.layers.embedding({
        inputDim: rows,
        outputDim: dim,
        embeddingsInitializer: tf.initializers.truncatedNormal({ stddev: 0.01 / Math.sqrt(dim) }),
      });
      tables.set(name, layer);
    }
    return layer;
  };
  for (const f of train.features as EncodedDataset['features']) {
    if (f.kind === 'dense') {
      const input = tf.input({ shape: [1], name: f.name });
      inputs.push(input);
      parts.push(input);
      xs[f.name] = tf.tensor2d(f.values, [train.numRows, 1]);
    } else if (f.kind === 'id') {
      const input = tf.input({ shape: [1], name: f.name, dtype: 'int32' });
      inputs.push(input);
      const e = table(f.table, f.vocabSize, f.embeddingDim).apply(input) as SymbolicTensor;
      parts.push(tf.layers.flatten().apply(e) as SymbolicTensor);
      xs[f.name] = tf.tensor2d(f.ids, [train.numRows, 1], 'int32');
    } else {
      const ids = tf.input({ shape: [f.maxItems], name: f.name, dtype: 'int32' });
      const mask = tf.input({ shape: [f.maxItems], name: `${f.name}_mask` });
      inputs.push(ids, mask);
      const e = table(f.table, f.vocabSize, f.embeddingDim).apply(ids) as SymbolicTensor;
      // Sum pooling of the real items: mask · items over the item axis.
      parts.push(tf.layers.dot({ axes: [1, 1] }).apply([mask, e]) as SymbolicTensor);
      xs[f.name] = tf.tensor2d(f.ids, [train.numRows, f.maxItems], 'int32');
      xs[`${f.name}_mask`] = tf.tensor2d(f.mask, [train.numRows, f.maxItems]);
    }
  }
  const l2 = project.model.l2Regularization;
  const x = tf.layers.concatenate().apply(parts) as SymbolicTensor;
  const bottom = mlp(x, project.model.bottomDnn, l2);
  const order = topologicalOrder(project.tasks);
  if (!order.ok) throw new Error('cycle');
  const relations = new Map<string, SymbolicTensor>();
  const outputs: SymbolicTensor[] = [];
  const ys: Record<string, tf.Tensor> = {};
  const losses: Record<string, string | ((yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor)> = {};
  for (const task of order.order as Task[]) {
    const tower = mlp(bottom, task.dnn, l2);
    const parents = task.relationTowerNames.map((p) => relations.get(p) as SymbolicTensor);
    const joined = parents.length
      ? (tf.layers.concatenate().apply([tower, ...parents]) as SymbolicTensor)
      : tower;
    const relation = mlp(joined, task.relationDnn, l2);
    relations.set(task.name, relation);
    const binary = task.lossType === 'CLASSIFICATION';
    outputs.push(
      tf.layers
        .dense({
          units: 1,
          activation: binary ? 'sigmoid' : 'linear',
          kernelRegularizer: tf.regularizers.l2({ l2: l2 / 2 }),
          name: task.name,
        })
        .apply(relation) as SymbolicTensor,
    );
    ys[task.name] = tf.tensor2d(train.labels[task.labelName] as Float32Array, [train.numRows, 1]);
    // LayersModel.compile has no loss weights: a weighted task gets a scaled loss function.
    const base = binary ? tf.metrics.binaryCrossentropy : tf.losses.meanSquaredError;
    const weight = task.weight;
    losses[task.name] =
      weight === 1
        ? binary
          ? 'binaryCrossentropy'
          : 'meanSquaredError'
        : (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.mul(weight, base(yTrue, yPred));
  }
  const model = tf.model({ inputs, outputs });
  const lr = project.train.learningRate;
  model.compile({
    optimizer: tf.train.adam(
      lr.kind === 'constant' ? lr.learningRate : lr.initialLearningRate,
      0.9,
      0.999,
      1e-8,
    ),
    loss: losses as Record<string, string>,
  });
  return { model, xs, ys };
}

export async function runLayers(
  data: BenchData,
  batchSize: number,
  limits: RunLimits,
): Promise<TrainRun> {
  const { budgetMs, limitMs } = limits;
  const { model, xs, ys } = buildLayersModel(data);
  const params = { embedding: 0, dense: 0, total: 0 };
  for (const w of model.trainableWeights) {
    const n = w.shape.reduce((a: number, b) => a * (b ?? 1), 1);
    if (w.name.includes('embedding')) params.embedding += n;
    else params.dense += n;
  }
  params.total = params.embedding + params.dense;
  const windows: Window[] = [];
  const start = performance.now();
  let firstPointMs = NaN;
  let last = NaN;
  let measureStart = NaN;
  let previous = start;
  const every = limits.every ?? Math.max(1, Math.round(2048 / batchSize));
  let pending = 0;
  await model.fit(xs, ys, {
    batchSize,
    epochs: 1000,
    shuffle: true,
    verbose: 0,
    yieldEvery: 'never',
    callbacks: {
      // fit reads each batch's loss back, so every batch end is a sync point.
      onBatchEnd: async () => {
        const now = performance.now();
        const stepMs = now - previous;
        previous = now;
        // Before a step that would end past the limit: stop, keeping the steps timed so far.
        const late = pastDeadline(now - start, stepMs, limitMs);
        if (Number.isNaN(firstPointMs)) {
          firstPointMs = now - start;
          last = measureStart = now;
          if (late) model.stopTraining = true;
          return;
        }
        pending += 1;
        if (pending >= every || late) {
          windows.push({ steps: pending, samples: pending * batchSize, ms: now - last });
          last = now;
          pending = 0;
        }
        if (late || (windows.length >= 2 && now - measureStart > budgetMs))
          model.stopTraining = true;
      },
      // Epoch ends (shuffle, new slices) belong to fit's cost: they stay inside the windows.
    },
  });
  model.dispose();
  tf.dispose([...Object.values(xs), ...Object.values(ys)]);
  return { ...steady(windows), firstPointMs, warmUpMs: firstPointMs, params };
}
