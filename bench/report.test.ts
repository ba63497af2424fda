import { describe, expect, it } from 'vitest';
import { appTrainSection, medianOf, pairedRatio, renderReport, type Report } from './report';

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

/** A report with one Node figure a side at batch 1024 and nothing else measured. */
function smallReport(torch: Report['torch']): Report {
  const params = { embedding: 10, dense: 5, total: 15 };
  return {
    date: '2026-12-04T16:46:00.000Z',
    machine: {
      cores: 2,
      cpu: 'test CPU',
      memoryGB: 24,
      freeMemoryGB: 20,
      node: 'v20',
      chromium: null,
      webgpuAdapter: null,
      loadAverageAtStart: [0, 0, 0],
      loadAverageAtEnd: [0, 0, 0],
    },
    model: { project: 'Demo', trainRows: 100, features: 11, tasks: ['a', 'b'] },
    torch,
    node: [
      { impl: 'ours', backend: 'wasm', batchSize: 1024, samplesPerSecond: 900, params },
      { impl: 'layers', backend: 'wasm', batchSize: 1024, samplesPerSecond: 300, params },
    ],
    chromium: { skipped: 'no Chromium', runs: [] },
    reading: { browser: null, skipped: 'not run', ours: null, papaparse: null },
    seconds: 1,
  };
}

const torchRun = { batchSize: 1024, samplesPerSecond: 1800, measuredSteps: 9, warmUpMs: 50 };

describe('the report says what the PyTorch reference ran on', () => {
  it('names the BLAS library the reference mapped, and warns when it is not OpenBLAS', () => {
    const withBlas = (blas: string) =>
      renderReport(
        smallReport({
          skipped: null,
          version: '1.13',
          blas,
          runs: [{ ...torchRun, params: { embedding: 10, dense: 5, total: 15 } }],
        }),
      );
    expect(
      withBlas('/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblasp-r0.3.21.so'),
    ).toContain('BLAS: libopenblasp-r0.3.21.so (OpenBLAS)');
    const reference = withBlas('/usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0');
    expect(reference).toContain('libblas.so.3.11.0, **not OpenBLAS**');
    // 900 / 1800 = 0.5: the ratio is still computed, the warning says how to read it.
    expect(reference).toContain('| 0.500× (⅓ = 0.333×) | met |');
  });

  it('marks the PyTorch target not measured when the reference was skipped', () => {
    const md = renderReport(
      smallReport({ skipped: 'no /usr/bin/python3', version: null, runs: [] }),
    );
    expect(md).toContain(
      '| ours ≥ ⅓ PyTorch (1 thread) | 900 vs – samples/s | – (⅓ = 0.333×) | not measured |',
    );
    expect(md).toContain('PyTorch reference skipped: no /usr/bin/python3.');
    // 900 / 300 = 3: the LayersModel target does not depend on PyTorch.
    expect(md).toContain('| 3.00× | met |');
  });
});

describe('the app training section', () => {
  const run = {
    backend: 'wasm' as const,
    batchSize: 1024,
    backendShown: 'Backend: WASM',
    firstRedrawMs: 604,
    firstLineMs: 1003,
    stepShownMs: 590,
    warmUpMs: 312,
    longestTaskMs: 90,
    longestTaskAtMs: -2,
    longTasks: 1,
    afterStopLongestMs: 0,
    afterStopLongTasks: 0,
    trainedMs: 5600,
    stoppingMs: 120,
    steps: 46,
    points: 10,
    shots: [],
    error: null,
  };

  it('gives each run its row, in seconds to two decimals', () => {
    const md = appTrainSection({ skipped: null, runs: [run] }).join('\n');
    // 604 ms -> 0.60 s, 1003 ms -> 1.00 s, 312 ms -> 0.31 s; a task starting 2 ms before the
    // click's listener is the click's own.
    expect(md).toContain(
      "| wasm | 1024 | 0.60 s | 1.00 s | 0.31 s | 90 ms | 1 | 46 | the longest task is the click's own; step 1 shown at 0.59 s |",
    );
  });

  it('says when no second point came and the page closed during a step', () => {
    const gpu = {
      ...run,
      backend: 'webgl' as const,
      firstLineMs: NaN,
      longTasks: 0,
      longestTaskMs: 0,
      longestTaskAtMs: NaN,
      stoppingMs: NaN,
      trainedMs: 23_100,
      steps: 1,
    };
    const md = appTrainSection({ skipped: null, runs: [gpu] }).join('\n');
    expect(md).toContain(
      '| webgl | 1024 | 0.60 s | – | 0.31 s | none ≥ 50 ms | 0 | 1 | no second point by "Stop" (23.1 s after "Train"); step 1 shown at 0.59 s; still finishing its step when the page was closed |',
    );
  });

  it('says why it was not run', () => {
    expect(appTrainSection({ skipped: 'no Chromium', runs: [] })).toContain(
      'Skipped: no Chromium.',
    );
    expect(appTrainSection(undefined)).toContain('Not run.');
  });
});
