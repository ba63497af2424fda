import * as tf from '@tensorflow/tfjs';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { selectBackend, selfTest } from './backend';

const env = { wasmPaths: `${resolve('node_modules/@tensorflow/tfjs-backend-wasm/dist')}/` };

describe('selectBackend in Node', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('falls back to WASM, saying why WebGPU and WebGL were skipped', async () => {
    const selection = await selectBackend('auto', env);
    expect(selection.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(selection.skipped.map((s) => s.backend)).toEqual(['webgpu', 'webgl']);
    expect(selection.skipped[0]?.reason).toMatch(/WebGPU/);
    expect(selection.skipped[1]?.reason).toMatch(/OffscreenCanvas/);
  });

  it('uses a forced backend and refuses a forced one that cannot work, with the reason', async () => {
    expect((await selectBackend('cpu', env)).backend).toBe('cpu');
    await expect(selectBackend('webgpu', env)).rejects.toThrow(/webgpu: WebGPU is not available/);
  });

  it('skips a backend whose self-test fails and takes the next', async () => {
    const failing = async () => {
      throw new Error('self-test gave wrong numbers');
    };
    const selection = await selectBackend('auto', env, {
      webgpu: failing,
      webgl: failing,
      wasm: failing,
      cpu: async () => {},
    });
    expect(selection).toEqual({
      backend: 'cpu',
      skipped: ['webgpu', 'webgl', 'wasm'].map((backend) => ({
        backend,
        reason: 'self-test gave wrong numbers',
      })),
    });
  });

  it('the self-test passes on cpu and leaves no tensors behind', async () => {
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    await selfTest();
    expect(tf.memory().numTensors).toBe(before);
  });
});
