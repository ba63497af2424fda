/**
 * `npm run bench`: every measurement of issue 7 in one run, written to bench/report.json and
 * bench/REPORT.md. Sections run one after another (two cores: nothing in parallel); each
 * training measurement runs in its own process or page run with a time budget, and what the
 * machine lacks (PyTorch, Chromium) is skipped with the reason.
 *
 * To run one part alone while working on it, set BENCH_ONLY: `BENCH_ONLY=app npm run bench`
 * trains in the built app (Train → first plotted point, long tasks; about 2 minutes with the
 * build), `BENCH_ONLY=app-read` reads the 100 MB CSV through the built app's Data tab. Either
 * writes bench/out/report-only.json and bench/out/REPORT-only.md and leaves the report alone.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { BATCH_SIZES, benchData } from './setup';
import { torchSpec } from './node/torchSpec';
import {
  CHROMIUM,
  runAppRead,
  runAppTrain,
  runBrowser,
  type AppTrainPlan,
  type BrowserPlan,
} from './browser';
import { renderReport, type Report } from './report';

const started = Date.now();
const log = (line: string) =>
  console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);

function child(args: string[], timeoutMs: number, input?: string, env?: NodeJS.ProcessEnv) {
  return new Promise<{ json: unknown; error: string | null }>((resolve) => {
    const [cmd, ...rest] = args as [string, ...string[]];
    const proc = execFile(
      cmd,
      rest,
      { timeout: timeoutMs, maxBuffer: 1 << 24, env: { ...process.env, ...env } },
      (error, stdout, stderr) => {
        const last = stdout.trim().split('\n').pop() ?? '';
        try {
          resolve({ json: JSON.parse(last), error: null });
        } catch {
          const why = error?.killed
            ? `no steady figure within ${timeoutMs / 1000} s`
            : (stderr
                .trim()
                .split('\n')
                .find((l) => l.includes('Error')) ??
              error?.message ??
              'no output');
          resolve({ json: null, error: why.slice(0, 300) });
        }
      },
    );
    if (input !== undefined) proc.stdin?.end(input);
  });
}

const tsx = (script: string, ...args: string[]) => [
  process.execPath,
  '--import',
  'tsx',
  script,
  ...args,
];

/**
 * Per measured configuration: the steady-state budget, the limit after which a run stops
 * before its next step (keeping the steps timed by then), and a hard limit for the process.
 */
const NODE_BUDGET_MS = 4000;
const NODE_LIMIT_MS = 60_000;
/** The tfjs CPU backend is plain JavaScript, seconds a step: each step is a window there. */
const CPU_LIMIT_MS = 70_000;
const KILL_AFTER_MS = 60_000;
/** Reading runs per side (ours, papaparse), alternating. */
const READ_RUNS = 3;

/** Rounds of the targets' figures (WASM, batch 1024): PyTorch, ours, LayersModel in turn. */
const TARGET_ROUNDS = 3;
const TARGET_BATCH = 1024;

/** A figure measured in several rounds: its median round, keeping the list of rounds. */
function withMedian<T extends { samplesPerSecond: number; rounds?: unknown[] }>(entry: T): T {
  const rounds = entry.rounds as T[] | undefined;
  if (!rounds || rounds.length < 2) return entry;
  return { ...(medianRun(rounds, (x) => x.samplesPerSecond) ?? entry), rounds };
}

/**
 * The run with the median `rate` among those with a finite one (for an even count the slower
 * of the two middle ones); null when none has.
 */
function medianRun<T>(runs: T[], rate: (run: T) => number): T | null {
  const sorted = runs.filter((x) => Number.isFinite(rate(x))).sort((a, b) => rate(a) - rate(b));
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? null;
}

const USAGE = `npm run bench: measures training and reading speed and writes bench/report.json and
bench/REPORT.md (overwriting the committed ones; \`git checkout bench/\` restores them).
Takes about 10 minutes on two cores, 15 at most. No options.
BENCH_ONLY=app (training in the built app) or BENCH_ONLY=app-read (the built app's read of the
100 MB CSV) runs that part alone and writes bench/out/report-only.json and REPORT-only.md.`;

/** Parts that BENCH_ONLY can run alone (see the header). */
const ONLY_PARTS = ['app', 'app-read'];

/**
 * Training in the built app: after the first point on its charts WASM trains 5 s and
 * SwiftShader 3 s (steps of seconds there, the first one 8-30 s), then "Stop", and the page
 * closes at most 5 s later; about 90 s for the three.
 */
const APP_GPU = { batchSize: 1024, trainMs: 3000, firstPointLimitMs: 35_000, stopLimitMs: 5000 };
const APP_PLANS: AppTrainPlan[] = [
  {
    backend: 'wasm',
    batchSize: 1024,
    trainMs: 5000,
    firstPointLimitMs: 20_000,
    stopLimitMs: 10_000,
  },
  { backend: 'webgl', ...APP_GPU },
  { backend: 'webgpu', ...APP_GPU },
];

async function main() {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return;
  }
  if (args.length > 0) {
    console.error(`npm run bench: unknown argument ${args[0]}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const only = process.env.BENCH_ONLY ?? '';
  if (only && !ONLY_PARTS.includes(only)) {
    console.error(`npm run bench: BENCH_ONLY=${only} is not one of ${ONLY_PARTS.join(', ')}`);
    process.exitCode = 2;
    return;
  }
  const all = only === '';
  const notRun = `not run (BENCH_ONLY=${only})`;
  mkdirSync('bench/out', { recursive: true });
  const data = benchData();
  const report: Report = {
    date: new Date().toISOString(),
    machine: {
      cores: cpus().length,
      cpu: cpus()[0]?.model ?? 'unknown',
      memoryGB: Math.round(totalmem() / 2 ** 30),
      freeMemoryGB: Math.round(freemem() / 2 ** 30),
      node: process.version,
      chromium: null,
      webgpuAdapter: null,
      loadAverageAtStart: loadavg().map((x) => Math.round(x * 100) / 100),
      loadAverageAtEnd: [],
    },
    model: {
      project: data.project.name,
      trainRows: data.train.numRows,
      features: data.train.features.length,
      tasks: data.project.tasks.map((t) => t.name),
    },
    torch: { skipped: null, version: null, runs: [] },
    node: [],
    chromium: { skipped: null, runs: [], layersRuns: [] },
    reading: {
      skipped: null,
      ours: null,
      papaparse: null,
      oursRunsMBps: [],
      papaparseRunsMBps: [],
      browser: null,
    },
    seconds: 0,
    limits: { budgetMs: NODE_BUDGET_MS, limitMs: NODE_LIMIT_MS, cpuLimitMs: CPU_LIMIT_MS },
  };

  // PyTorch reference, one thread.
  const python = '/usr/bin/python3';
  const INSTALL_TORCH = 'apt-get install -y python3-torch libopenblas0-pthread';
  // Why PyTorch cannot run here, in the words of the failure, or null when it can.
  const noTorch = ((): string | null => {
    if (!existsSync(python)) return `no ${python} (${INSTALL_TORCH})`;
    try {
      execFileSync(python, ['-c', 'import torch'], { stdio: ['ignore', 'ignore', 'pipe'] });
      return null;
    } catch (error) {
      const stderr = String((error as { stderr?: Buffer }).stderr ?? '').trim();
      const last = stderr.split('\n').pop() || 'import failed';
      return `${python} could not import torch: ${last.slice(0, 200)} (${INSTALL_TORCH})`;
    }
  })();
  const runTorch = async (batchSizes: readonly number[]) => {
    const spec = JSON.stringify(torchSpec(data, batchSizes, NODE_BUDGET_MS / 1000));
    const r = await child([python, 'bench/torch_ref.py'], 120_000, spec, {
      OPENBLAS_NUM_THREADS: '1',
      OMP_NUM_THREADS: '1',
    });
    return r.json
      ? (r.json as { torch: string; blas: string; runs: Report['torch']['runs'] })
      : r.error;
  };
  if (!all) report.torch.skipped = notRun;
  else if (noTorch) {
    report.torch.skipped = noTorch;
    log(`torch: skipped (${report.torch.skipped})`);
  } else {
    const t = await runTorch(BATCH_SIZES);
    if (typeof t === 'string' || t === null) report.torch.skipped = t ?? 'no output';
    else {
      report.torch.version = t.torch;
      report.torch.blas = t.blas;
      report.torch.runs = t.runs;
      for (const run of t.runs)
        log(`torch ${run.batchSize}: ${Math.round(run.samplesPerSecond)} samples/s`);
    }
  }

  const runNode = async (
    impl: 'ours' | 'layers',
    backend: string,
    batchSize: number,
    note = '',
  ): Promise<Report['node'][number]> => {
    const limit = backend === 'cpu' ? CPU_LIMIT_MS : NODE_LIMIT_MS;
    const every = backend === 'cpu' ? ['1'] : [];
    const args = [impl, backend, String(batchSize), String(NODE_BUDGET_MS), String(limit)];
    const r = await child(tsx('bench/node/train.ts', ...args, ...every), limit + KILL_AFTER_MS);
    const run = (r.json ?? {
      impl,
      backend,
      batchSize,
      samplesPerSecond: NaN,
      error: r.error,
    }) as Report['node'][number];
    log(
      `node ${impl} ${backend} ${batchSize}${note}: ${Math.round(run.samplesPerSecond)} samples/s${run.error ? ` (${run.error})` : ''}`,
    );
    return run;
  };

  // Node: our trainer and the LayersModel baseline, WASM and CPU backends.
  if (all)
    for (const backend of ['wasm', 'cpu'] as const) {
      for (const impl of ['ours', 'layers'] as const) {
        for (const batchSize of BATCH_SIZES)
          report.node.push(await runNode(impl, backend, batchSize));
      }
    }

  // The targets' three figures (WASM, batch 1024) again, in turns, so that a change in the
  // shared machine's load between two measurements cannot make or break a target: each keeps
  // its median round, and the report lists every round.
  for (let round = 1; all && round < TARGET_ROUNDS; round++) {
    const first = report.torch.runs.find((x) => x.batchSize === TARGET_BATCH);
    if (first) {
      // A failed round stays in the list (NaN), so each round pairs with ours of the same round.
      const t = await runTorch([TARGET_BATCH]);
      const run = (t && typeof t !== 'string' && t.runs[0]) || { ...first, samplesPerSecond: NaN };
      first.rounds = [...(first.rounds ?? [{ ...first }]), run];
      log(
        `torch ${TARGET_BATCH} (round ${round + 1}): ${Math.round(run.samplesPerSecond)} samples/s`,
      );
    }
    for (const impl of ['ours', 'layers'] as const) {
      const again = await runNode(impl, 'wasm', TARGET_BATCH, ` (round ${round + 1})`);
      const i = report.node.findIndex(
        (x) => x.impl === impl && x.backend === 'wasm' && x.batchSize === TARGET_BATCH,
      );
      const entry = report.node[i];
      if (entry) entry.rounds = [...(entry.rounds ?? [{ ...entry }]), again];
    }
  }
  report.torch.runs = report.torch.runs.map(withMedian);
  report.node = report.node.map(withMedian);

  // Reading a generated 100 MB CSV.
  const csv = 'bench/out/demo_100mb.csv';
  const gen =
    all || only === 'app-read'
      ? await child(tsx('bench/node/csv.ts', 'generate', csv, '100'), 120_000)
      : { json: null, error: notRun };
  if (!gen.json) report.reading.skipped = gen.error;
  else {
    // Alternating runs, each its own process: one pair moved by 15% with the machine's speed,
    // so each side keeps its median run and the report lists all of them.
    const ours: NonNullable<Report['reading']['ours']>[] = [];
    const papa: NonNullable<Report['reading']['papaparse']>[] = [];
    for (let i = 0; all && i < READ_RUNS; i++) {
      const a = (await child(tsx('bench/node/csv.ts', 'ours', csv), 180_000)).json;
      if (a) ours.push(a as (typeof ours)[number]);
      const b = (await child(tsx('bench/node/csv.ts', 'papa', csv), 180_000)).json;
      if (b) papa.push(b as (typeof papa)[number]);
    }
    if (!all) report.reading.skipped = `the Node reads ${notRun}`;
    report.reading.ours = medianRun(ours, (r) => r.readMBps);
    report.reading.papaparse = medianRun(papa, (r) => r.parseMBps);
    report.reading.oursRunsMBps = ours.map((r) => r.readMBps);
    report.reading.papaparseRunsMBps = papa.map((r) => r.parseMBps);
    if (all)
      log(
        `reading (median of ${READ_RUNS}): ours ${report.reading.ours?.readMBps.toFixed(1)} MB/s, papaparse ${report.reading.papaparse?.parseMBps.toFixed(1)} MB/s`,
      );
    if (!existsSync(CHROMIUM))
      report.reading.browser = {
        skipped: `no Chromium at ${CHROMIUM} (apt-get install -y chromium)`,
      };
    else {
      try {
        const app = await runAppRead(csv, log);
        report.reading.browser = app;
        log(
          `reading in Chromium: ${app.seconds.toFixed(1)} s, longest frame gap ${Math.round(app.maxFrameGapMs)} ms`,
        );
      } catch (error) {
        const why =
          error instanceof Error ? (error.message.split('\n')[0] ?? 'failed') : String(error);
        report.reading.browser = { skipped: why };
        log(`reading in Chromium: failed (${why})`);
      }
    }
  }

  // Headless Chromium: our trainer through the app's worker.
  if (!all) report.chromium.skipped = notRun;
  else if (!existsSync(CHROMIUM)) {
    report.chromium.skipped = `no Chromium at ${CHROMIUM} (apt-get install -y chromium)`;
    log(`chromium: skipped (${report.chromium.skipped})`);
  } else {
    const plans: BrowserPlan[] = [];
    const wasm = { budgetMs: NODE_BUDGET_MS, limitMs: NODE_LIMIT_MS };
    for (const batchSize of BATCH_SIZES)
      plans.push({ backend: 'wasm', batchSize, ...wasm, limitMs: 90_000, layers: wasm });
    // SwiftShader runs GPU backends on the CPU: steps take seconds, so a short budget each,
    // and batch 4096 (30-40 s a step there) only on a real GPU.
    for (const backend of ['webgl', 'webgpu'] as const)
      for (const batchSize of BATCH_SIZES) {
        const limits = { budgetMs: 3000, limitMs: backend === 'webgl' ? 60_000 : 75_000 };
        plans.push({
          backend,
          batchSize,
          ...limits,
          layers: limits,
          skipOnSoftware: batchSize >= 4096,
        });
      }
    try {
      const b = await runBrowser(plans, log);
      report.machine.chromium = b.version;
      report.machine.webgpuAdapter = b.gpu;
      report.chromium.runs = b.runs;
      report.chromium.layersRuns = b.layersRuns;
    } catch (error) {
      report.chromium.skipped =
        error instanceof Error ? (error.message.split('\n')[0] ?? 'failed') : String(error);
      log(`chromium: failed (${report.chromium.skipped})`);
    }
  }

  // The built app: "Train" clicked in its Train dock, the first plotted point, long tasks.
  if (!all && only !== 'app') report.appTrain = { skipped: notRun, runs: [] };
  else if (!existsSync(CHROMIUM))
    report.appTrain = {
      skipped: `no Chromium at ${CHROMIUM} (apt-get install -y chromium)`,
      runs: [],
    };
  else {
    try {
      report.appTrain = { skipped: null, runs: await runAppTrain(APP_PLANS, log) };
    } catch (error) {
      const why =
        error instanceof Error ? (error.message.split('\n')[0] ?? 'failed') : String(error);
      report.appTrain = { skipped: why, runs: [] };
      log(`training in the app: failed (${why})`);
    }
  }

  report.machine.loadAverageAtEnd = loadavg().map((x) => Math.round(x * 100) / 100);
  report.seconds = Math.round((Date.now() - started) / 1000);
  const [json, md] = all
    ? ['bench/report.json', 'bench/REPORT.md']
    : ['bench/out/report-only.json', 'bench/out/REPORT-only.md'];
  writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(md, renderReport(report));
  log(`wrote ${json} and ${md} in ${report.seconds} s`);
}

await main();
