/**
 * Turns timed windows into one steady-state figure. A window is a run of steps that ends with
 * a sync point (a loss read back), so queued GPU work is inside it. The first step compiles
 * (warm-up) and the first window after it still settles; both are left out.
 */
export interface Window {
  steps: number;
  samples: number;
  ms: number;
}

export interface Throughput {
  samplesPerSecond: number;
  measuredSteps: number;
  measuredMs: number;
}

export function steady(windows: readonly Window[]): Throughput {
  const used = windows.length > 2 ? windows.slice(1) : windows;
  const samples = used.reduce((s, w) => s + w.samples, 0);
  const ms = used.reduce((s, w) => s + w.ms, 0);
  return {
    samplesPerSecond: ms > 0 ? (samples * 1000) / ms : NaN,
    measuredSteps: used.reduce((s, w) => s + w.steps, 0),
    measuredMs: ms,
  };
}
