/**
 * Output biases from the training labels' prior. References are computed here by hand from
 * tinyData()'s label, sample-weight and indicator arrays (see testing/tiny.ts) and from the
 * synthetic data's label arrays, independently of prior.ts.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { saveModel } from '../train/checkpoint';
import { trainOptionsFromProject } from '../train/options';
import { syntheticData, syntheticProject } from '../train/testing/synthetic';
import { train } from '../train/trainer';
import { BatchBuilder } from './batch';
import { buildDbmtl, disposeModel, forward } from './dbmtl';
import { disposeBatch, inputSpecs } from './inputs';
import { initOutputBiases, priorBias } from './prior';
import { tinyData, tinyProject } from './testing/tiny';

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

describe('output biases from the label prior', () => {
  beforeAll(async () => {
    expect(await tf.setBackend('cpu')).toBe(true);
  });

  it('a fresh model with zero output kernels predicts the weighted training prior on every row', () => {
    const data = tinyData();
    const model = buildDbmtl(tinyProject(), inputSpecs(data), 3);
    initOutputBiases(model, data);
    for (const t of model.towers) t.output.kernel.assign(tf.zerosLike(t.output.kernel));

    // click: no sample weight, no task space: 3 of 4 rows positive.
    const click = 3 / 4;
    // view: learns only where click > 0 (rows 0, 2, 3), views there 1, 0, 1.
    const view = 2 / 3;
    // kind: sample weights 1, 2, 0.5, 1 on classes 2, 0, 1, 1 → class 0: 2, 1: 1.5, 2: 1 of 4.5.
    const kind = [2 / 4.5, 1.5 / 4.5, 1 / 4.5];
    // dur: sample weight × (2 where view > 0, else 0.5) = 2, 1, 0.25, 2 on 3.5, 0, 1.0, 2.2.
    const dur = (2 * 3.5 + 1 * 0 + 0.25 * 1.0 + 2 * 2.2) / (2 + 1 + 0.25 + 2);

    const batch = new BatchBuilder(model.inputs, model.tasks, data, 4).build([0, 1, 2, 3]);
    const logits = tf.tidy(() =>
      forward(model, batch, { training: false, updateMovingStats: false, random: null }).logits.map(
        (l) => l.arraySync() as number[][],
      ),
    );
    disposeBatch(batch);
    expect(model.tasks.map((t) => t.name)).toEqual(['click', 'view', 'kind', 'dur']);
    for (let row = 0; row < 4; row++) {
      expect(sigmoid(logits[0]?.[row]?.[0] as number)).toBeCloseTo(click, 5);
      expect(sigmoid(logits[1]?.[row]?.[0] as number)).toBeCloseTo(view, 5);
      const z = logits[2]?.[row] as number[];
      const denominator = z.reduce((s, v) => s + Math.exp(v), 0);
      z.forEach((v, c) => expect(Math.exp(v) / denominator).toBeCloseTo(kind[c] as number, 5));
      expect(logits[3]?.[row]?.[0] as number).toBeCloseTo(dur, 4);
    }
    disposeModel(model);
  });

  it('clamps a label with one class only to a finite bias', () => {
    const data = tinyData();
    data.labels.click = Float32Array.from([1, 1, 1, 1]);
    const model = buildDbmtl(tinyProject(), inputSpecs(data), 3);
    const bias = priorBias(model.tasks[0]!, data)[0] as number;
    expect(Number.isFinite(bias)).toBe(true);
    expect(bias).toBeGreaterThan(5);
    disposeModel(model);
  });

  it('train() starts from the prior (mean prediction before step 1), and a resumed run keeps its weights', async () => {
    const project = syntheticProject();
    const set = syntheticData(600, 5);
    const options = { ...trainOptionsFromProject(project), numSteps: 1, numEpochs: 0 };
    const biases: Record<string, number[]> = {};
    const result = await train(project, set.data, null, options, {
      onModel: (model) =>
        model.tasks.forEach((t, i) => {
          biases[t.name] = Array.from(model.towers[i]!.output.bias.dataSync());
        }),
    });
    // Reference: the label arrays' rate and mean (the synthetic tasks have unit weights).
    for (const task of result.model.tasks) {
      const y = set.data.labels[task.labelName] as Float32Array;
      const mean = y.reduce((a, b) => a + b, 0) / y.length;
      const start = biases[task.name]?.[0] as number;
      if (task.lossType === 'L2_LOSS') expect(start).toBeCloseTo(mean, 4);
      else expect(sigmoid(start)).toBeCloseTo(mean, 5);
    }
    // Resume: weights come from the checkpoint, whatever the prior says.
    const saved = await saveModel(result.model, project, 1);
    const outputs = result.model.towers.map((t) => t.output.bias);
    const moved = outputs.map((b) => Array.from(b.dataSync()).map((v) => v + 0.5));
    result.model.towers.forEach((t, i) => t.output.bias.assign(tf.tensor1d(moved[i]!)));
    const resumedFrom = await saveModel(result.model, project, 1);
    result.dispose();
    expect(saved.manifest.step).toBe(1);
    const again = await train(project, set.data, null, options, {}, resumedFrom);
    again.model.towers.forEach((t, i) =>
      Array.from(t.output.bias.dataSync()).forEach((v, j) =>
        expect(v).toBeCloseTo(moved[i]![j]!, 6),
      ),
    );
    again.dispose();
  });
});
