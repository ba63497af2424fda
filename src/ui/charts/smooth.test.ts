import { describe, expect, it } from 'vitest';
import { smoothEma } from './smooth';

describe('smoothEma', () => {
  it('matches the debiased EMA worked by hand', () => {
    // w = 0.5 over [4, 2, 8]:
    // s1 = 0.5·0 + 0.5·4 = 2,   debiased 2 / (1 − 0.5)  = 4
    // s2 = 0.5·2 + 0.5·2 = 2,   debiased 2 / (1 − 0.25) = 2.6667
    // s3 = 0.5·2 + 0.5·8 = 5,   debiased 5 / (1 − 0.125) = 5.7143
    const [a, b, c] = smoothEma([4, 2, 8], 0.5);
    expect(a).toBeCloseTo(4, 10);
    expect(b).toBeCloseTo(8 / 3, 10);
    expect(c).toBeCloseTo(40 / 7, 10);
  });

  it('leaves a constant series constant and weight 0 unchanged', () => {
    expect(smoothEma([3, 3, 3, 3], 0.9).map((v) => Number(v.toFixed(12)))).toEqual([3, 3, 3, 3]);
    expect(smoothEma([1, 5, 2], 0)).toEqual([1, 5, 2]);
  });
});
