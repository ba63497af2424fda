/**
 * Exponential moving average for noisy training curves, debiased so the first points are not
 * pulled towards zero (the smoothing TensorBoard offers): s_t = w·s_{t−1} + (1−w)·x_t, shown
 * as s_t / (1 − w^t). A weight of 0 returns the values unchanged.
 */
export function smoothEma(values: readonly number[], weight: number): number[] {
  if (weight <= 0) return [...values];
  const out: number[] = [];
  let s = 0;
  let n = 0;
  for (const x of values) {
    n += 1;
    s = weight * s + (1 - weight) * x;
    out.push(s / (1 - weight ** n));
  }
  return out;
}
