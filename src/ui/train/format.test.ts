import { describe, expect, it } from 'vitest';
import { backendSummary, formatDuration, formatRate, secondsLeft, skippedText } from './format';

describe('dashboard text', () => {
  it.each([
    [42.4, '42 s'],
    [185, '3 min 05 s'],
    [3720, '1 h 02 min'],
    [NaN, '–'],
  ])('a duration of %d s reads %s', (s, text) => expect(formatDuration(s)).toBe(text));

  it('estimates time left from samples per second: 100 steps × 64 rows at 320 rows/s is 20 s', () => {
    expect(secondsLeft(200, 300, 320, 64)).toBe(20);
    expect(secondsLeft(1, 300, NaN, 64)).toBeNaN();
  });

  it('names each skipped backend with its reason', () => {
    expect(skippedText([{ backend: 'webgpu', reason: 'no adapter.' }])).toBe(
      'WebGPU unavailable: no adapter',
    );
    expect(formatRate(1234.6)).toBe('1,235');
    // A software adapter passed over by auto works, so it is "skipped", not "unavailable".
    const software =
      'WebGPU adapter is a software fallback (SwiftShader): slower than WASM here; pick WebGPU explicitly to use it.';
    expect(skippedText([{ backend: 'webgpu', reason: software }])).toBe(
      `WebGPU skipped: ${software.slice(0, -1)}`,
    );
  });

  it('sums the backend up in one short line: the backend, then each skipped one in a few words', () => {
    // The reasons as worker/backend.ts and worker/backendSoftware.ts word them.
    const skipped = [
      {
        backend: 'webgpu' as const,
        reason:
          'WebGPU adapter is a software fallback (SwiftShader): slower than WASM here; pick WebGPU explicitly to use it.',
      },
      {
        backend: 'webgl' as const,
        reason:
          'WebGL renders in software (ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)): slower than WASM here; pick WebGL explicitly to use it.',
      },
    ];
    expect(backendSummary('WASM', skipped)).toBe(
      'WASM (WebGPU: software adapter, WebGL: software renderer)',
    );
    expect(
      backendSummary('WASM', [
        {
          backend: 'webgpu',
          reason: 'WebGPU is present but gave no adapter (requestAdapter() → null).',
        },
        { backend: 'webgl', reason: 'Self-test gave wrong numbers (loss 1 instead of 0.5).' },
      ]),
    ).toBe('WASM (WebGPU: no adapter, WebGL: failed its self-test)');
    expect(backendSummary('CPU', [])).toBe('CPU');
  });
});
