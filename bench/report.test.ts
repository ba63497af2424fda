import { describe, expect, it } from 'vitest';
import { medianOf, pairedRatio } from './report';

// Expected values worked out by hand from the inputs written next to them.
describe('bench figures measured in rounds', () => {
  it('takes the median of the finite values', () => {
    expect(medianOf([3, 1, 2])).toBe(2);
    expect(medianOf([4, 1, 3, 2])).toBe(2.5); // (2 + 3) / 2
    expect(medianOf([5, NaN, 1, 3])).toBe(3); // NaN (a failed round) is left out
    expect(medianOf([NaN])).toBeNaN();
  });

  it('pairs rounds: the median of the per-round ratios, not the ratio of the medians', () => {
    const ours = {
      samplesPerSecond: 20,
      rounds: [10, 20, 30].map((x) => ({ samplesPerSecond: x })),
    };
    const ref = { samplesPerSecond: 10, rounds: [10, 5, 20].map((x) => ({ samplesPerSecond: x })) };
    // Round ratios 10/10 = 1, 20/5 = 4, 30/20 = 1.5: median 1.5 (the medians' ratio is 20/10 = 2).
    expect(pairedRatio(ours, ref)).toBe(1.5);
  });

  it('falls back to the plain quotient without matching rounds', () => {
    expect(pairedRatio({ samplesPerSecond: 9 }, { samplesPerSecond: 3 })).toBe(3);
    const two = { samplesPerSecond: 8, rounds: [{ samplesPerSecond: 8 }, { samplesPerSecond: 6 }] };
    expect(pairedRatio(two, { samplesPerSecond: 4 })).toBe(2);
    expect(pairedRatio(undefined, { samplesPerSecond: 4 })).toBeNaN();
  });
});
