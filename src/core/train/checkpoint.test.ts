import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { disposeModel } from '../model/dbmtl';
import { ModelError } from '../model/errors';
import { mlp } from '../project/defaults';
import { loadModel, saveModel, type SavedModel } from './checkpoint';
import { predict, scoreColumns } from './evaluate';
import { trainOptionsFromProject, type TrainEvent } from './options';
import { syntheticData, syntheticProject } from './testing/synthetic';
import { train } from './trainer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('save, load and score', () => {
  it('a reloaded model predicts exactly what the trained one did', async () => {
    const project = syntheticProject();
    const { data } = syntheticData(500, 1);
    const scoring = syntheticData(77, 2).data; // not a multiple of the batch: padding is used
    const result = await train(project, data, null, {
      ...trainOptionsFromProject(project),
      numSteps: 20,
    });
    const saved = await saveModel(result.model, project, result.steps);
    // Through JSON and a copied buffer, as a file round trip would do.
    const manifest = JSON.parse(JSON.stringify(saved.manifest));
    const reloaded = loadModel(manifest, saved.weightData.slice(0));

    const before = await predict(result.model, scoring, 32);
    const after = await predict(reloaded, scoring, 32);
    expect(after.map((p) => Array.from(p.values))).toEqual(before.map((p) => Array.from(p.values)));
    // Padding the last batch changes nothing: one batch of all 77 rows gives the same numbers.
    const whole = await predict(reloaded, scoring, 200);
    whole.forEach((p, t) =>
      p.values.forEach((v, i) => expect(v).toBeCloseTo(before[t]?.values[i] as number, 5)),
    );
    expect(manifest.step).toBe(20);
    expect(manifest.weightsManifest[0].weights[0].name).toBe(
      'input_layer/user_embedding/embedding_weights',
    );

    const columns = scoreColumns(after);
    expect(columns.map((c) => c.name)).toEqual(['probs_click', 'probs_view', 'y_dur']);
    expect(columns[0]?.values.length).toBe(77);
    expect(Array.from(columns[0]?.values ?? []).every((p) => p > 0 && p < 1)).toBe(true);

    result.dispose();
    disposeModel(reloaded);
  });

  it('refuses weights whose shapes do not fit, naming the variable', async () => {
    const project = syntheticProject();
    const { data } = syntheticData(100, 1);
    const result = await train(project, data, null, {
      ...trainOptionsFromProject(project),
      numSteps: 1,
    });
    const saved = await saveModel(result.model, project, 1);
    result.dispose();
    const before = tf.memory().numTensors;
    const other = structuredClone(saved.manifest);
    other.project.model.bottomDnn = {
      ...(other.project.model.bottomDnn as NonNullable<typeof other.project.model.bottomDnn>),
      hiddenUnits: [8],
    };
    const error = (() => {
      try {
        loadModel(other, saved.weightData);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).where).toBe('bottom_dnn/dnn_0/kernel');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('continues a run from saved weights: steps and schedule go on, the loss does not restart', async () => {
    const project = syntheticProject();
    const { data } = syntheticData(1000, 1);
    const options = { ...trainOptionsFromProject(project), reportEverySteps: 1 };
    const first = await train(project, data, null, { ...options, numSteps: 40 });
    const saved = await saveModel(first.model, project, first.steps);
    first.dispose();

    const losses = async (resume?: typeof saved) => {
      const steps: [number, number][] = [];
      const result = await train(
        project,
        data,
        null,
        { ...options, numSteps: resume ? 45 : 5 },
        { onEvent: (e) => e.type === 'progress' && steps.push([e.step, e.totalLoss]) },
        resume,
      );
      result.dispose();
      return { steps, result };
    };
    const fresh = await losses();
    const resumed = await losses(saved);
    expect(resumed.result.steps).toBe(45);
    expect(resumed.steps.map(([s]) => s)).toEqual([41, 42, 43, 44, 45]);
    // The first resumed step starts from trained weights, well below a fresh start.
    expect(resumed.steps[0]?.[1]).toBeLessThan((fresh.steps[0]?.[1] as number) * 0.9);
  });

  it('a run resumed from a checkpoint takes exactly the steps the uninterrupted run took', async () => {
    // Dropout and shuffling on, so the random streams matter; 600 rows in batches of 64 are 9
    // steps an epoch. One run of 25 steps takes checkpoints after step 9 (an epoch's last
    // batch) and step 13 (inside the second epoch); runs resumed from each go on to step 25.
    // The reference is the uninterrupted run itself: on the CPU backend the same ops in the
    // same order give bit-identical floats, so weights and losses must be equal, not close.
    const project = syntheticProject();
    project.model.bottomDnn = mlp([16], { dropoutRatio: [0.3] });
    const { data } = syntheticData(600, 1);
    const options = { ...trainOptionsFromProject(project), numSteps: 25, reportEverySteps: 1 };
    const checkpoints = new Map<number, SavedModel>();
    let take: (() => Promise<SavedModel>) | null = null;
    const lossesFrom = (into: Map<number, number>) => (e: TrainEvent) => {
      if (e.type === 'progress') into.set(e.step, e.totalLoss);
    };
    const whole = new Map<number, number>();
    const full = await train(project, data, null, options, {
      onEvent: lossesFrom(whole),
      onCheckpointer: (t) => (take = t),
      betweenSteps: async (step) => {
        if (take && (step === 9 || step === 13)) checkpoints.set(step, await take());
      },
    });
    const fullWeights = new Float32Array((await saveModel(full.model, project, 25)).weightData);
    full.dispose();
    expect([...checkpoints.keys()]).toEqual([9, 13]);
    expect(checkpoints.get(13)?.training).toMatchObject({ epoch: 1, batchInEpoch: 4 });

    const resumeFrom = async (saved: SavedModel) => {
      const losses = new Map<number, number>();
      const result = await train(
        project,
        data,
        null,
        options,
        { onEvent: lossesFrom(losses) },
        saved,
      );
      const weights = new Float32Array((await saveModel(result.model, project, 25)).weightData);
      const epochs = result.epochs;
      result.dispose();
      return { losses, weights, epochs };
    };
    for (const at of [9, 13]) {
      const resumed = await resumeFrom(checkpoints.get(at) as SavedModel);
      expect([...resumed.losses.keys()][0]).toBe(at + 1);
      for (const [step, loss] of resumed.losses) expect(loss).toBe(whole.get(step));
      expect(resumed.weights).toEqual(fullWeights);
      expect(resumed.epochs).toBe(full.epochs);
    }

    // The control: the same weights without the optimizer and data state drift elsewhere.
    const { training: _dropped, ...weightsOnly } = checkpoints.get(13) as SavedModel;
    const drifted = await resumeFrom(weightsOnly);
    expect(drifted.weights).not.toEqual(fullWeights);
  });

  it('refuses a checkpoint taken on other data, and leaks nothing', async () => {
    const project = syntheticProject();
    const options = { ...trainOptionsFromProject(project), numSteps: 2 };
    let saved: SavedModel | undefined;
    let take: (() => Promise<SavedModel>) | null = null;
    const first = await train(project, syntheticData(600, 1).data, null, options, {
      onCheckpointer: (t) => (take = t),
      betweenSteps: async () => {
        if (take) saved = await take();
      },
    });
    first.dispose();
    const before = tf.memory().numTensors;
    await expect(
      train(project, syntheticData(500, 1).data, null, options, {}, saved),
    ).rejects.toMatchObject({ code: 'WEIGHTS_MISMATCH', where: 'resume' });
    expect(tf.memory().numTensors).toBe(before);
  });
});
