import * as tf from '@tensorflow/tfjs';
import { resolve } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { selectBackend, selfTest } from './backend';
import { softwareWebGl, softwareWebGpu } from './backendSoftware';

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

/** A fake navigator.gpu whose adapter is the given object (what Chromium reports). */
function stubAdapter(adapter: unknown) {
  vi.stubGlobal('navigator', { gpu: { requestAdapter: async () => adapter } });
}

describe('auto skips a software (fallback) GPU', () => {
  afterEach(() => vi.unstubAllGlobals());
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  // Adapters as Chromium describes SwiftShader (TOOLCHAIN.md): new `info` field, old flag.
  const SWIFTSHADER_INFO = { info: { isFallbackAdapter: true, architecture: 'swiftshader' } };
  const OLD_FLAG = { isFallbackAdapter: true, info: { architecture: '' } };

  it.each([
    ['adapter.info.isFallbackAdapter', SWIFTSHADER_INFO],
    ['adapter.isFallbackAdapter', OLD_FLAG],
  ])('skips WebGPU with the reason when %s is true, then goes on to WASM', async (_, adapter) => {
    stubAdapter(adapter);
    const selection = await selectBackend('auto', env);
    expect(selection.backend).toBe('wasm');
    expect(selection.skipped[0]?.backend).toBe('webgpu');
    expect(selection.skipped[0]?.reason).toMatch(
      /WebGPU adapter is a software fallback .*slower than WASM here; pick WebGPU explicitly/,
    );
  });

  it('a forced WebGPU does not refuse the fallback adapter (it fails later, for Node reasons)', async () => {
    stubAdapter(SWIFTSHADER_INFO);
    const error = await selectBackend('webgpu', env).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).not.toMatch(/software fallback/);
  });

  it.each([
    [{ info: { isFallbackAdapter: true, architecture: 'swiftshader' } }, /\(SwiftShader\)/],
    [{ isFallbackAdapter: true }, /\(software\)/],
    [{ info: { isFallbackAdapter: false, architecture: 'swiftshader' } }, /\(SwiftShader\)/],
    [{ info: { isFallbackAdapter: false, architecture: 'ampere', vendor: 'nvidia' } }, null],
    [{}, null],
  ])('softwareWebGpu(%j)', (adapter, expected) => {
    const reason = softwareWebGpu(adapter);
    if (expected === null) expect(reason).toBeNull();
    else expect(reason).toMatch(expected);
  });

  it.each([
    ['ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)', true],
    ['llvmpipe (LLVM 15.0.6, 256 bits)', true],
    ['ANGLE (NVIDIA, NVIDIA GeForce RTX 3080 Direct3D11 vs_5_0 ps_5_0)', false],
    [null, false],
  ])('softwareWebGl(%s) skips: %s', (renderer, skips) => {
    const reason = softwareWebGl(renderer);
    expect(reason !== null).toBe(skips);
    if (skips) expect(reason).toMatch(/slower than WASM here; pick WebGL explicitly/);
  });
});
