/**
 * Forward pass, loss and gradients of a tiny DBMTL with fixed weights against an independent
 * float64 reference (testing/reference.ts, plain TypeScript arithmetic, wired by hand below
 * from DBMTL.md). tfjs runs on the 'cpu' backend in float32, hence the tolerances.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchBuilder } from './batch';
import { buildDbmtl, disposeModel, forward, type DbmtlModel } from './dbmtl';
import { ModelError } from './errors';
import { disposeBatch, inputSpecs } from './inputs';
import { lossParts } from './loss';
import {
  concat,
  denseNamed,
  halfSquares,
  layer,
  param,
  sigmoidCrossEntropy,
  softmaxCrossEntropy,
  softmaxRow,
  weightedMean,
  type Matrix,
  type Params,
} from './testing/reference';
import { setFixedWeights, tinyData, tinyProject } from './testing/tiny';

const data = tinyData();

/** The tiny model's forward pass and loss, wired by hand. */
function reference(p: Params, training: boolean) {
  const rows = [0, 1, 2, 3];
  const lookup = (table: string, id: number) => {
    const values = param(p, `input_layer/${table}_embedding/embedding_weights`);
    return values.slice(id * 2, id * 2 + 2);
  };
  const user = [0, 3, 1, 3].map((id) => lookup('user', id));
  const item = [2, 5, 2, 0].map((id) => lookup('shared', id));
  // Tag cells: {1, 4}, {5}, {} and {2, 2, 3}, pooled by mean (an empty cell pools to 0).
  const cells = [[1, 4], [5], [], [2, 2, 3]];
  const tags = cells.map((ids) => {
    const sum = [0, 0];
    for (const id of ids) lookup('shared', id).forEach((v, j) => (sum[j] = (sum[j] as number) + v));
    return sum.map((v) => v / Math.max(ids.length, 1));
  });
  const age = [[0.5], [-1.2], [2.0], [0.1]];
  const x = concat(user, item, tags, age);

  const bottom = layer(p, 'bottom_dnn/dnn_0', x, 'relu', true, training);
  const experts = [0, 1].map((e) =>
    layer(p, `mmoe/expert_${e}/dnn_0`, bottom, 'tanh', false, training),
  );
  const taskInput = (t: number): Matrix => {
    const gate = denseNamed(p, `mmoe/gate_${t}`, bottom).map(softmaxRow);
    return rows.map((i) =>
      [0, 1, 2].map((j) =>
        experts.reduce((s, e, k) => s + (gate[i]?.[k] as number) * (e[i]?.[j] as number), 0),
      ),
    );
  };

  // Model order: click (0), view (1), kind (2), dur (3).
  const clickTower = layer(p, 'click/dnn/dnn_0', taskInput(0), 'relu', false, training);
  const clickRel = layer(p, 'click/relation_dnn/dnn_0', clickTower, 'sigmoid', false, training);
  const viewRel = concat(taskInput(1), clickRel); // identity tower and relation
  const kindTower = layer(p, 'kind/dnn/dnn_0', taskInput(2), 'gelu', false, training);
  const kindRel = layer(
    p,
    'kind/relation_dnn/dnn_0',
    concat(kindTower, clickRel, viewRel),
    'relu',
    true,
    training,
  );
  const durTower = layer(p, 'dur/dnn/dnn_0', taskInput(3), 'elu', true, training);
  const durRel = layer(
    p,
    'dur/relation_dnn/dnn_0',
    concat(durTower, viewRel),
    'swish',
    false,
    training,
  );
  const logits = {
    click: denseNamed(p, 'click/output', clickRel),
    view: denseNamed(p, 'view/output', viewRel),
    kind: denseNamed(p, 'kind/output', kindRel),
    dur: denseNamed(p, 'dur/output', durRel),
  };

  const z = (m: Matrix, i: number) => m[i]?.[0] as number;
  const click = weightedMean(
    rows.map((i) => sigmoidCrossEntropy(z(logits.click, i), [1, 0, 1, 1][i] as number)),
    [1, 1, 1, 1],
  );
  // Task space: rows with click > 0 weigh 1, the others 0.
  const view = weightedMean(
    rows.map((i) => sigmoidCrossEntropy(z(logits.view, i), [1, 0, 0, 1][i] as number)),
    [1, 0, 1, 1],
  );
  // Sample weights 1, 2, 0.5, 1; task weight 2.
  const kind =
    2 *
    weightedMean(
      rows.map((i) => softmaxCrossEntropy(logits.kind[i] as number[], [2, 0, 1, 1][i] as number)),
      [1, 2, 0.5, 1],
    );
  // Sample weight × (view > 0 ? 2 : 0.5) = 2, 1, 0.25, 2; task weight 0.5.
  const dur =
    0.5 *
    weightedMean(
      rows.map((i) => (z(logits.dur, i) - ([3.5, 0, 1.0, 2.2][i] as number)) ** 2),
      [2, 1, 0.25, 2],
    );

  const kernels = [...p.entries()].filter(([name]) => name.endsWith('/kernel'));
  const l2 = 0.01 * halfSquares(kernels.flatMap(([, v]) => v.values));
  const embedding = 0.1 * halfSquares([...user, ...item, ...tags].flat());
  return {
    logits,
    tasks: { click, view, kind, dur },
    l2,
    embedding,
    total: click + view + kind + dur + l2 + embedding,
  };
}

function readParams(model: DbmtlModel): Params {
  return new Map(
    model.variables.map((v) => [
      v.name,
      { shape: v.variable.shape, values: Array.from(v.variable.dataSync()) },
    ]),
  );
}

function closeTo(actual: number, expected: number, relative = 1e-5, absolute = 1e-6) {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(absolute + relative * Math.abs(expected));
}

// The .wasm binaries, resolved from the repository root (a directory prefix ending in /).
setWasmPaths(`${resolve('node_modules/@tensorflow/tfjs-backend-wasm/dist')}/`);

describe.each(['cpu', 'wasm'])('tiny DBMTL against the float64 reference on %s', (backend) => {
  let model: DbmtlModel;
  let params: Params;

  beforeAll(async () => {
    expect(await tf.setBackend(backend)).toBe(true);
    model = buildDbmtl(tinyProject(), inputSpecs(data), 7);
    setFixedWeights(model, 11);
    params = readParams(model);
  });
  afterAll(() => disposeModel(model));

  it('orders the tasks topologically and sizes the relation inputs', () => {
    expect(model.tasks.map((t) => t.name)).toEqual(['click', 'view', 'kind', 'dur']);
    expect(model.tasks[2]?.parents).toEqual([0, 1]);
    // kind's relation reads its tower (2) + click's relation (2) + view's (3 expert + 2).
    expect(params.get('kind/relation_dnn/dnn_0/kernel')?.shape).toEqual([9, 2]);
    // Two features share the table "shared": one variable.
    expect([...model.tables.keys()]).toEqual(['user', 'shared']);
  });

  it.each([
    ['training (batch statistics)', true],
    ['inference (moving averages)', false],
  ])('logits and losses in %s', (_name, training) => {
    const expected = reference(params, training);
    const batch = new BatchBuilder(model.inputs, model.tasks, data, 4).build([0, 1, 2, 3]);
    const [logits, parts] = tf.tidy(() => {
      const result = forward(model, batch, { training, updateMovingStats: false, random: null });
      const loss = lossParts(model, result, batch);
      return [
        result.logits.map((l) => l.arraySync() as number[][]),
        {
          tasks: loss.tasks.map((t) => t.dataSync()[0] as number),
          l2: loss.l2.dataSync()[0] as number,
          embedding: loss.embedding.dataSync()[0] as number,
          total: loss.total.dataSync()[0] as number,
        },
      ] as const;
    });
    const names = ['click', 'view', 'kind', 'dur'] as const;
    names.forEach((name, t) => {
      logits[t]?.forEach((row, i) =>
        row.forEach((v, j) => closeTo(v, expected.logits[name][i]?.[j] as number)),
      );
      closeTo(parts.tasks[t] as number, expected.tasks[name]);
    });
    closeTo(parts.l2, expected.l2);
    closeTo(parts.embedding, expected.embedding);
    closeTo(parts.total, expected.total);
    // Guard against a vacuous comparison: every part contributes.
    for (const v of [...Object.values(expected.tasks), expected.l2, expected.embedding])
      expect(v).toBeGreaterThan(1e-3);
    disposeBatch(batch);
  });

  it('gradients equal central finite differences of the reference', () => {
    const batch = new BatchBuilder(model.inputs, model.tasks, data, 4).build([0, 1, 2, 3]);
    const trainable = model.variables.filter((v) => v.role !== 'bn_moving');
    const grads = tf.tidy(() => {
      const { grads } = tf.variableGrads(
        () =>
          lossParts(
            model,
            forward(model, batch, { training: true, updateMovingStats: false, random: null }),
            batch,
          ).total,
        trainable.map((v) => v.variable),
      );
      return trainable.map((v) => Array.from((grads[v.variable.name] as tf.Tensor).dataSync()));
    });
    disposeBatch(batch);
    let checked = 0;
    trainable.forEach((v, k) => {
      const values = params.get(v.name)?.values as number[];
      // Every entry of small variables, a spread of entries of the larger ones.
      const step = Math.max(1, Math.floor(values.length / 6));
      for (let i = 0; i < values.length; i += step) {
        const original = values[i] as number;
        const h = 1e-6;
        values[i] = original + h;
        const up = reference(params, true).total;
        values[i] = original - h;
        const down = reference(params, true).total;
        values[i] = original;
        const numeric = (up - down) / (2 * h);
        const analytic = grads[k]?.[i] as number;
        expect(Math.abs(analytic - numeric), `${v.name}[${i}]`).toBeLessThanOrEqual(
          2e-5 + 1e-3 * Math.abs(numeric),
        );
        checked += 1;
      }
    });
    expect(checked).toBeGreaterThan(100);
  });

  it('updates batch-norm moving averages with momentum 0.99 in training only', () => {
    const batch = new BatchBuilder(model.inputs, model.tasks, data, 4).build([0, 1, 2, 3]);
    const bn = model.variables.find((v) => v.name === 'bottom_dnn/dnn_0/bn/moving_mean')
      ?.variable as tf.Variable;
    const before = Array.from(bn.dataSync());
    // The batch mean of the bottom layer's pre-BN output, from the reference.
    const pre = denseNamed(params, 'bottom_dnn/dnn_0', referenceInput(params));
    const batchMean = [0, 1, 2, 3].map((j) => pre.reduce((s, r) => s + (r[j] as number), 0) / 4);
    tf.tidy(() => {
      forward(model, batch, { training: true, updateMovingStats: true, random: null });
    });
    const after = Array.from(bn.dataSync());
    after.forEach((v, j) =>
      closeTo(v, 0.99 * (before[j] as number) + 0.01 * (batchMean[j] as number)),
    );
    tf.tidy(() => {
      forward(model, batch, { training: false, updateMovingStats: true, random: null });
    });
    expect(Array.from(bn.dataSync())).toEqual(after);
    disposeBatch(batch);
  });
});

/** The concatenated input layer of the tiny data, from the reference's point of view. */
function referenceInput(p: Params): Matrix {
  const e = (table: string, id: number) =>
    param(p, `input_layer/${table}_embedding/embedding_weights`).slice(id * 2, id * 2 + 2);
  const mean = (ids: number[]) => {
    const s = [0, 0];
    ids.forEach((id) => e('shared', id).forEach((v, j) => (s[j] = (s[j] as number) + v)));
    return s.map((v) => v / Math.max(ids.length, 1));
  };
  return concat(
    [0, 3, 1, 3].map((id) => e('user', id)),
    [2, 5, 2, 0].map((id) => e('shared', id)),
    [[1, 4], [5], [], [2, 2, 3]].map(mean),
    [[0.5], [-1.2], [2.0], [0.1]],
  );
}

describe('model errors', () => {
  it('refuses activations it does not implement, naming the field', () => {
    const project = tinyProject();
    project.model.bottomDnn = {
      ...(project.model.bottomDnn as NonNullable<typeof project.model.bottomDnn>),
      activation: 'dice',
    };
    expect(() => buildDbmtl(project, inputSpecs(data), 1)).toThrow(ModelError);
    try {
      buildDbmtl(project, inputSpecs(data), 1);
    } catch (e) {
      expect((e as ModelError).code).toBe('ACTIVATION_UNSUPPORTED');
      expect((e as ModelError).where).toBe('bottom_dnn.activation');
    }
  });

  it('refuses a relation to a task that does not exist', () => {
    const project = tinyProject();
    (project.tasks[0] as { relationTowerNames: string[] }).relationTowerNames = ['nope'];
    expect(() => buildDbmtl(project, inputSpecs(data), 1)).toThrow(/not a task/);
  });
});
