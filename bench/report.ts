/** The report's shape (bench/report.json) and its readable form (bench/REPORT.md). */
import type { AppRead, AppTrain } from './browser';
import type { BrowserLayersRun, BrowserRun } from './web/main';

interface Params {
  embedding: number;
  dense: number;
  total: number;
}

type TorchRun = Report['torch']['runs'][number];
type NodeRun = Report['node'][number];

export interface Report {
  date: string;
  machine: {
    cores: number;
    cpu: string;
    memoryGB: number;
    freeMemoryGB: number;
    node: string;
    chromium: string | null;
    webgpuAdapter: string | null;
    loadAverageAtStart: number[];
    loadAverageAtEnd: number[];
  };
  model: { project: string; trainRows: number; features: number; tasks: string[] };
  torch: {
    skipped: string | null;
    version: string | null;
    /** The BLAS library the reference process mapped (bench/torch_ref.py), when known. */
    blas?: string;
    runs: {
      batchSize: number;
      samplesPerSecond: number;
      measuredSteps: number;
      warmUpMs: number;
      params: Params;
      /** Every round of a figure measured several times; the fields above are its median. */
      rounds?: Omit<TorchRun, 'rounds'>[];
    }[];
  };
  node: {
    impl: 'ours' | 'layers';
    backend: string;
    batchSize: number;
    samplesPerSecond: number;
    measuredSteps?: number;
    firstPointMs?: number;
    warmUpMs?: number;
    params?: Params;
    peakRssMB?: number;
    error?: string;
    /** Every round of a figure measured several times; the fields above are its median. */
    rounds?: Omit<NodeRun, 'rounds'>[];
  }[];
  chromium: {
    skipped: string | null;
    runs: (BrowserRun & { requested: string })[];
    /** The LayersModel baseline, each run right after ours with the same backend and batch. */
    layersRuns?: (BrowserLayersRun & { requested: string })[];
  };
  reading: {
    /** The app's Data tab in headless Chromium, or why not measured. */
    browser: AppRead | { skipped: string } | null;
    skipped: string | null;
    ours: {
      bytes: number;
      rows: number;
      readMs: number;
      encodeMs: number;
      readMBps: number;
      readEncodeMBps: number;
      peakRssMB: number;
    } | null;
    papaparse: {
      bytes: number;
      rows: number;
      parseMs: number;
      parseMBps: number;
      peakRssMB: number;
    } | null;
    /** Every run's MB/s, in order (the median run is the one above). */
    oursRunsMBps?: number[];
    papaparseRunsMBps?: number[];
  };
  /** Training in the built app through its Train dock (headless Chromium), or why not run. */
  appTrain?: { skipped: string | null; runs: AppTrain[] };
  seconds: number;
  /** The budgets the Node measurements ran under (bench/run.ts). */
  limits?: { budgetMs: number; limitMs: number; cpuLimitMs: number };
}

const n = (x: number | undefined | null, digits = 0) =>
  x === undefined || x === null || !Number.isFinite(x)
    ? '–'
    : x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const s = (ms: number | undefined | null) =>
  ms === undefined || ms === null || !Number.isFinite(ms) ? '–' : `${(ms / 1000).toFixed(1)} s`;
const ratio = (a: number | undefined, b: number | undefined, digits = 2) =>
  a !== undefined && b !== undefined && Number.isFinite(a) && Number.isFinite(b) && b > 0
    ? `${(a / b).toFixed(digits)}×`
    : '–';
const times = (x: number, digits: number) => (Number.isFinite(x) ? `${x.toFixed(digits)}×` : '–');

type Rate = { samplesPerSecond: number; rounds?: { samplesPerSecond: number }[] };

/** The median of the finite values (the mean of the two middle ones for an even count). */
export function medianOf(values: readonly number[]): number {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}

/**
 * a / b for figures measured in rounds taken in turns: the median of each round's own ratio
 * (round i of a over round i of b), so a change in the machine's speed between rounds cancels.
 * Without rounds, the plain quotient.
 */
export function pairedRatio(a: Rate | undefined, b: Rate | undefined): number {
  if (!a || !b) return NaN;
  if (a.rounds && b.rounds && a.rounds.length === b.rounds.length && a.rounds.length > 1)
    return medianOf(a.rounds.map((x, i) => x.samplesPerSecond / b.rounds![i]!.samplesPerSecond));
  return a.samplesPerSecond / b.samplesPerSecond;
}

/** The reference's BLAS library, named, with a warning when it is not OpenBLAS. */
function blasNote(path: string | undefined): string {
  if (!path || path === 'unknown') return 'not identified';
  const name = path.split('/').pop() ?? path;
  return /openblas/i.test(path)
    ? `${name} (OpenBLAS)`
    : `${name}, **not OpenBLAS**: the reference is slower than it should be (apt-get install -y libopenblas0-pthread)`;
}

/** Each side's runs, when there were several: the table shows the median one. */
const runsNote = (ours: number[] | undefined, papa: number[] | undefined) =>
  ours && papa && (ours.length > 1 || papa.length > 1)
    ? ` Each side is its median run; the runs alternated, each in its own process: ours ${ours.map((x) => n(x, 1)).join(', ')} MB/s; papaparse ${papa.map((x) => n(x, 1)).join(', ')} MB/s.`
    : '';

export function renderReport(r: Report): string {
  const node = (impl: string, backend: string, batch: number) =>
    r.node.find((x) => x.impl === impl && x.backend === backend && x.batchSize === batch);
  const torch = (batch: number) => r.torch.runs.find((x) => x.batchSize === batch);
  const batches = [...new Set(r.node.map((x) => x.batchSize))].sort((a, b) => a - b);
  const out: string[] = [];
  const m = r.machine;
  out.push('# Benchmark report', '');
  out.push(
    `Generated by \`npm run bench\` on ${r.date.slice(0, 16).replace('T', ' ')} UTC in ${r.seconds} s. Every ratio below comes from figures of this one run.`,
    '',
  );
  out.push(
    `Machine: ${m.cores} cores (${m.cpu}), ${m.memoryGB} GB memory, Node ${m.node}, Chromium ${m.chromium ?? '(not run)'}, WebGPU adapter: ${m.webgpuAdapter ?? '–'}. Load average at start ${m.loadAverageAtStart.join(' / ')}, at end ${m.loadAverageAtEnd.join(' / ')} (above the core count means other work shared the CPUs and every figure is lower than on an idle machine).`,
    '',
  );
  out.push(
    `Model: ${r.model.project} (the live-streaming preset's five tasks and graph, with the demo columns as its ${r.model.features} features: the preset's own three features leave the bottom MLP almost nothing to read), ${n(r.model.trainRows)} demo rows. Samples/s are steady state: for ours and the LayersModel the first step (compilation) is left out, and the first timed window after it too when there are more than two; PyTorch leaves out its first step and cycles four pre-generated batches of random ids and labels (no batch assembly, which favours it).`,
    '',
  );

  out.push('## Targets (WASM backend, batch 1024, Node)', '');
  const o = node('ours', 'wasm', 1024);
  const l = node('layers', 'wasm', 1024);
  const t = torch(1024);
  const pass = (ok: boolean | null) => (ok === null ? 'not measured' : ok ? 'met' : '**not met**');
  const rd = r.reading;
  const vsLayers = pairedRatio(o, l);
  const vsTorch = pairedRatio(o, t);
  const readRatio =
    rd.ours && rd.papaparse ? rd.ours.readMBps / rd.papaparse.parseMBps : Number.NaN;
  const verdict = (x: number, min: number) => pass(Number.isFinite(x) ? x >= min : null);
  const perStep = (x: Rate | undefined) =>
    x && Number.isFinite(x.samplesPerSecond)
      ? ` (${n((1024 * 1000) / x.samplesPerSecond)} ms a step)`
      : '';
  // With rounds, a ratio is the median of the rounds' own ratios, not the quotient of the
  // median figures shown beside it.
  const howRatio = (a: Rate | undefined, b: Rate | undefined) =>
    a?.rounds && b?.rounds ? ", median of the rounds' ratios" : '';
  out.push('| target | figures | ratio | |', '|---|---|---|---|');
  out.push(
    `| ours ≥ 2× tfjs LayersModel | ${n(o?.samplesPerSecond)}${perStep(o)} vs ${n(l?.samplesPerSecond)}${perStep(l)} samples/s | ${times(vsLayers, 2)}${howRatio(o, l) ? ` (${howRatio(o, l).slice(2)})` : ''} | ${verdict(vsLayers, 2)} |`,
  );
  out.push(
    `| ours ≥ ⅓ PyTorch (1 thread) | ${n(o?.samplesPerSecond)} vs ${n(t?.samplesPerSecond)}${perStep(t)} samples/s | ${times(vsTorch, 3)} (⅓ = 0.333×${howRatio(o, t)}) | ${verdict(vsTorch, 1 / 3)} |`,
  );
  out.push(
    `| reading ≥ 0.8× papaparse | ${n(rd.ours?.readMBps, 1)} vs ${n(rd.papaparse?.parseMBps, 1)} MB/s | ${times(readRatio, 2)} | ${verdict(readRatio, 0.8)} |`,
    '',
  );
  const rounds = (x: Rate | undefined) =>
    x?.rounds
      ? x.rounds.map((y) => n(y.samplesPerSecond)).join(', ')
      : Number.isFinite(x?.samplesPerSecond)
        ? `${n(x?.samplesPerSecond)} (one round)`
        : 'not measured';
  const roundRatios = (a: Rate | undefined, b: Rate | undefined, digits: number) =>
    a?.rounds && b?.rounds && a.rounds.length === b.rounds.length
      ? a.rounds
          .map((x, i) => times(x.samplesPerSecond / b.rounds![i]!.samplesPerSecond, digits))
          .join(', ')
      : '–';
  if (o?.rounds || l?.rounds || t?.rounds) {
    const sides = t ? 'PyTorch, ours and the LayersModel' : 'ours and the LayersModel';
    const gave = [
      `ours ${rounds(o)}`,
      `LayersModel ${rounds(l)}`,
      ...(t ? [`PyTorch ${rounds(t)}`] : []),
    ];
    const byRound = [
      `${roundRatios(o, l, 2)} against the LayersModel`,
      ...(t ? [`${roundRatios(o, t, 3)} against PyTorch`] : []),
    ];
    out.push(
      `The training figures at batch 1024 were measured in rounds: round 1 is the sweep of the table below (${t ? 'PyTorch at every batch size, then ' : ''}ours at every batch size, then the LayersModel), and each later round runs ${sides} at batch 1024 in turn${t ? '' : ' (PyTorch was skipped)'}. The rounds gave ${gave.join('; ')} samples/s; each figure in the tables is the median of its rounds. A ratio is the median of the rounds' own ratios (round by round: ${byRound.join('; ')}), so that a change in the machine's speed between rounds cancels out. The reading figures are medians too (below).`,
      '',
    );
  }

  out.push('## Training throughput in Node (samples/s)', '');
  out.push(
    '| backend | batch | ours | tfjs LayersModel + fit | ours / LayersModel | PyTorch 1 thread | ours / PyTorch | steps timed (ours, LayersModel) | ours: first progress event, warm-up (first step) | LayersModel: first batch |',
  );
  out.push('|---|---|---|---|---|---|---|---|---|---|');
  for (const backend of ['wasm', 'cpu']) {
    for (const b of batches) {
      const oo = node('ours', backend, b);
      const ll = node('layers', backend, b);
      const tt = backend === 'wasm' ? torch(b) : undefined;
      out.push(
        `| ${backend} | ${b}${oo?.rounds ? ` (median of ${oo.rounds.length} rounds)` : ''} | ${n(oo?.samplesPerSecond)}${oo?.error ? ` (${oo.error})` : ''} | ${n(ll?.samplesPerSecond)}${ll?.error ? ` (${ll.error})` : ''} | ${times(pairedRatio(oo, ll), 2)} | ${tt ? n(tt.samplesPerSecond) : '–'} | ${tt ? times(pairedRatio(oo, tt), 2) : '–'} | ${oo?.measuredSteps ?? '–'}, ${ll?.measuredSteps ?? '–'} | ${s(oo?.firstPointMs)}, ${s(oo?.warmUpMs)} | ${s(ll?.firstPointMs)} |`,
      );
    }
  }
  out.push('');
  if (r.torch.skipped) out.push(`PyTorch reference skipped: ${r.torch.skipped}.`, '');
  else
    out.push(
      `PyTorch ${r.torch.version} (Debian python3-torch, one thread; bench/torch_ref.py), BLAS: ${blasNote(r.torch.blas)}; warm-up ${r.torch.runs.map((x) => s(x.warmUpMs)).join(' / ')}.`,
      '',
    );
  out.push(
    `The LayersModel baseline runs a small one-pass JavaScript UnsortedSegmentSum kernel (the embedding gradient; bench/node/segmentSum.ts) on WASM and CPU: tfjs 4.22 has none on WASM, so a plain tf.layers.embedding model cannot train there at all, and the CPU backend's own runs four kernels over the batch for every table row (one batch of 256 took 124 s). On the CPU backend a window is one step, and a run stops before a step that would end past ${n((r.limits?.cpuLimitMs ?? NaN) / 1000)} s, keeping the steps timed by then.`,
    '',
  );

  out.push('## Parameter counts (the same layers on the three sides)', '');
  out.push('| | embedding | dense (kernels, biases) | total |', '|---|---|---|---|');
  const p1 = node('ours', 'wasm', 1024)?.params;
  const p2 = node('layers', 'wasm', 1024)?.params ?? node('layers', 'cpu', 256)?.params;
  const p3 = torch(1024)?.params;
  for (const [name, p] of [
    ['ours', p1],
    ['tfjs LayersModel', p2],
    ['PyTorch', p3],
  ] as const)
    out.push(`| ${name} | ${n(p?.embedding)} | ${n(p?.dense)} | ${n(p?.total)} |`);
  out.push(
    '',
    "The demo project has batch norm off (`use_bn: false`), so none of the three has any; none has dropout. Each step computes the five weighted task losses, L2 on the dense kernels, backward, and Adam over every parameter. Differences, each in the references' favour: the LayersModel leaves out the embedding regulariser (bench/node/layers.ts); PyTorch leaves out batch assembly and the sample-weight reduction (bench/torch_ref.py).",
    '',
  );

  out.push(
    "## Headless Chromium (our trainer through the app's worker, the LayersModel in a worker of its own)",
    '',
  );
  if (r.chromium.skipped) out.push(`Skipped: ${r.chromium.skipped}.`, '');
  else {
    const layers = r.chromium.layersRuns ?? [];
    out.push(
      '| backend | batch | ours samples/s | measured steps | tfjs LayersModel + fit | measured steps | ours / LayersModel | start → step 1 reported (bench page) | warm-up, first step (bench page) | LayersModel: first batch | note |',
      '|---|---|---|---|---|---|---|---|---|---|---|',
    );
    for (const c of r.chromium.runs) {
      const ll = layers.find((x) => x.requested === c.requested && x.batchSize === c.batchSize);
      const notes = [
        c.error,
        ll?.error && ll.error !== c.error ? `LayersModel: ${ll.error}` : null,
      ].filter(Boolean);
      out.push(
        `| ${c.backend ?? c.requested} | ${c.batchSize} | ${n(c.samplesPerSecond)} | ${c.measuredSteps} | ${n(ll?.samplesPerSecond)} | ${ll?.measuredSteps ?? '–'} | ${ratio(c.samplesPerSecond, ll?.samplesPerSecond)} | ${s(c.firstStepMs)} | ${s(c.warmUpMs)} | ${s(ll?.firstBatchMs)} | ${notes.join('; ')} |`,
      );
    }
    out.push(
      '',
      'WebGL and WebGPU run on SwiftShader (a CPU rasteriser) here: their figures show the paths work and how the two sides compare on them, not what a GPU would do; "cut off" runs give the figure of the steps finished within their time limit, or none, and a run stopped before a step that would end past its limit keeps the steps timed by then (on SwiftShader each step is its own window). This page has no UI: it sends the start to the app\'s worker with the data already encoded and reads the worker\'s messages, so "start → step 1 reported" is not what a user waits for after "Train", and its main thread does nothing a user\'s would; both are measured in the built app (next section).',
      '',
    );
  }
  out.push(...appTrainSection(r.appTrain));

  out.push('## Reading a 100 MB CSV', '');
  if (rd.skipped || !rd.ours || !rd.papaparse)
    out.push(`Skipped: ${rd.skipped ?? 'a reading run failed'}.`, '');
  else {
    out.push('| | MB/s | time | peak memory (RSS) |', '|---|---|---|---|');
    out.push(
      `| ours: read (readDelimited, streaming from the file) | ${n(rd.ours.readMBps, 1)} | ${s(rd.ours.readMs)} | ${n(rd.ours.peakRssMB)} MB |`,
    );
    out.push(
      `| ours: read + encode (encodeProject) | ${n(rd.ours.readEncodeMBps, 1)} | ${s(rd.ours.readMs + rd.ours.encodeMs)} | (same process) |`,
    );
    out.push(
      `| papaparse: Papa.parse of the whole text in memory | ${n(rd.papaparse.parseMBps, 1)} | ${s(rd.papaparse.parseMs)} | ${n(rd.papaparse.peakRssMB)} MB |`,
    );
    out.push(
      '',
      `${n(rd.ours.bytes / 1e6, 1)} MB, ${n(rd.ours.rows)} rows (50,000 seeded demo rows repeated). Ratio read / papaparse: ${ratio(rd.ours.readMBps, rd.papaparse.parseMBps)}; read + encode / papaparse: ${ratio(rd.ours.readEncodeMBps, rd.papaparse.parseMBps)}.${runsNote(rd.oursRunsMBps, rd.papaparseRunsMBps)}`,
      '',
    );
  }
  const app = rd.browser;
  if (app && 'skipped' in app) out.push(`In Chromium: skipped (${app.skipped}).`, '');
  else if (app) {
    const [low, high] = app.forecastMB ?? [NaN, NaN];
    const within =
      app.tableMB === null || !app.forecastMB
        ? 'not compared (no forecast or size read)'
        : app.tableMB >= low && app.tableMB <= high
          ? 'within it'
          : '**outside it**';
    out.push(
      "### In the browser: the app's Data tab (headless Chromium)",
      '',
      '| file | rows | time | MB/s | progress updates seen | longest frame gap | forecast while reading | table once read | renderer RSS before → peak → after |',
      '|---|---|---|---|---|---|---|---|---|',
      `| ${n(app.bytes / 1e6, 1)} MB | ${app.rows} | ${n(app.seconds, 1)} s | ${n(app.mbPerSecond, 1)} | ${app.progressUpdates} | ${n(app.maxFrameGapMs)} ms | ${n(low)}–${n(high)} MB | ${n(app.tableMB ?? NaN)} MB (${within}) | ${n(app.rendererRssMB.before)} → ${n(app.rendererRssMB.peak)} → ${n(app.rendererRssMB.after)} MB |`,
      '',
      "The file is chosen through the Data tab's Train file field of the built app; the time runs on the page's clock from the field's change event to the render that names the file as loaded (a DOM observer). The read runs in a worker (papaparse, streaming from the file) and the columns move to the page as typed arrays. The frame gap is measured by an animation-frame loop in the page while it reads: a frozen page would show seconds. The progress text (and the renderer's memory) was sampled every 200 ms. Renderer RSS is summed over the renderer processes (page and its workers), read from /proc.",
      '',
    );
  }
  out.push(
    'How to run: `npm run bench` (about 10 minutes on two cores, at most 15). What moved these figures: bench/NOTES.md.',
    '',
  );
  return out.join('\n');
}

const s2 = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : '–');

/** The section on training in the built app: what a user waits for after "Train". */
export function appTrainSection(app: Report['appTrain']): string[] {
  const out = [
    '## In the app (built, headless Chromium): Train → first plotted point and longest main-thread task',
    '',
  ];
  if (!app) return [...out, 'Not run.', ''];
  if (app.skipped) return [...out, `Skipped: ${app.skipped}.`, ''];
  out.push(
    '| backend | batch | "Train" → first point on the charts (a dot) | "Train" → first line on the charts (2 points) | warm-up (shown as "compiling…") | longest main-thread task | tasks ≥ 50 ms | steps seen | note |',
    '|---|---|---|---|---|---|---|---|---|',
  );
  for (const a of app.runs) {
    const notes = [
      a.error,
      Number.isFinite(a.firstLineMs) || !Number.isFinite(a.trainedMs)
        ? null
        : `no second point by "Stop" (${s(a.trainedMs)} after "Train")`,
      Number.isFinite(a.longestTaskAtMs)
        ? Math.abs(a.longestTaskAtMs) < 50
          ? "the longest task is the click's own"
          : `the longest task began ${s2(a.longestTaskAtMs)} after the click`
        : null,
      Number.isFinite(a.stepShownMs) ? `step 1 shown at ${s2(a.stepShownMs)}` : null,
      a.afterStopLongTasks > 0
        ? `after "Stop": ${n(a.afterStopLongestMs)} ms (${a.afterStopLongTasks} ≥ 50 ms)`
        : null,
      Number.isFinite(a.trainedMs) && !Number.isFinite(a.stoppingMs)
        ? 'still finishing its step when the page was closed'
        : null,
    ].filter(Boolean);
    out.push(
      `| ${a.backend} | ${a.batchSize} | ${s2(a.firstRedrawMs)} | ${s2(a.firstLineMs)} | ${s2(a.warmUpMs)} | ${a.longTasks === 0 ? 'none ≥ 50 ms' : `${n(a.longestTaskMs)} ms`} | ${a.longTasks} | ${a.steps} | ${notes.join('; ')} |`,
    );
  }
  out.push(
    '',
    'Each row opens the built app (bench/out/app, served like `vite preview`: no cross-origin isolation, so WASM runs tfjs\'s single-threaded build) in a fresh browser profile, as a first-time user gets it: the live-streaming preset on the demo data, with its held-out split and the dock\'s default settings except the batch size and backend, both set in the Train dock\'s settings form. Then "Train" is clicked. Times are on the page\'s clock from that click (a capture listener on the document, ahead of the app\'s own). A chart sets its point count on its figure right before drawing its canvas, and a DOM observer notes the time of the first redraw with one point and with two; the browser shows each at the end of that frame. A lone point is drawn as a dot (and its loss shows in the chart\'s legend); two points draw the first line. The app\'s trainer reports step 1, then every 5 steps, at most every 0.4 s (src/ui/train/runController.ts), and charts redraw in animation frames at most every 400 ms (src/ui/charts/scheduler.ts): none redraws before step 1, so that interval delays the first point by at most a frame, but the first line comes no sooner than step 5 and at least 400 ms after the first point. "Step 1 shown" is when the step counter showed step 1. The app shows no warm-up figure: the warm-up here is how long its phase chip said "compiling…" (the model\'s compilation and first step). Long tasks come from a PerformanceObserver(\'longtask\') started in the page before the click, counted up to the "Stop" click; those after it are in the note. Steps seen is the step the app showed at the end. After the first point, WASM trains 5 s before "Stop"; SwiftShader, whose steps at this batch size take seconds, 3 s, and the page is closed at most 5 s after "Stop" (a step under way is not waited for).',
    '',
  );
  return out;
}
