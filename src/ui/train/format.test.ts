import { describe, expect, it } from 'vitest';
import { formatDuration, formatRate, secondsLeft, skippedText } from './format';

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
});
