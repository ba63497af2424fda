/**
 * The tensor count must stay flat across training steps, or a long run in a browser tab dies.
 * Checked on the 'cpu' and 'wasm' backends in Node through the trainer's between-steps hook,
 * with evaluation and loss read-backs happening along the way.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trainOptionsFromProject } from './options';
import { syntheticData, syntheticProject } from './testing/synthetic';
import { train } from './trainer';

// The .wasm binaries, resolved from the repository root (a directory prefix ending in /).
setWasmPaths(`${resolve('node_modules/@tensorflow/tfjs-backend-wasm/dist')}/`);

describe.each(['cpu', 'wasm'])('tensor count on %s', (backend) => {
  it('is the same after step 1 and after step 50, and nothing is left after dispose', async () => {
    expect(await tf.setBackend(backend)).toBe(true);
    expect(tf.getBackend()).toBe(backend);
    const project = syntheticProject();
    // Dropout on, so the dropout path is counted too.
    project.model.bottomDnn = {
      ...(project.model.bottomDnn as NonNullable<typeof project.model.bottomDnn>),
      dropoutRatio: [0.2],
    };
    const { data } = syntheticData(800, 9);
    const evalSet = syntheticData(300, 10).data;
    const before = tf.memory().numTensors;
    const counts = new Map<number, number>();
    const result = await train(
      project,
      data,
      evalSet,
      {
        ...trainOptionsFromProject(project),
        numSteps: 60,
        reportEverySteps: 7,
        evalEverySteps: 20,
      },
      { betweenSteps: (step) => void counts.set(step, tf.memory().numTensors) },
    );
    // Reads happen at steps 1, 7, 14, …: compare steps in the same phase of that cycle too.
    expect(counts.get(50)).toBe(counts.get(1));
    expect(counts.get(57)).toBe(counts.get(7));
    expect(result.steps).toBe(60);
    result.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
