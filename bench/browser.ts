/**
 * Chromium part of the bench: builds the bench page (bench/web) with Vite into bench/out/web,
 * serves it on a free localhost port (a secure context, so WebGPU is offered), opens it in
 * headless Chromium with WebGPU enabled and runs the trainer through the app's worker on each
 * backend and batch size. `runAppRead` builds the app itself into bench/out/app and reads the
 * generated 100 MB CSV through its Data tab, as a user would; `runAppTrain` trains in that
 * built app through its Train dock (backend and batch size set in its settings, "Train"
 * clicked) and times the first plotted point and the page's long tasks.
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { basename, extname, join, resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import type { BrowserLayersRun, BrowserRun } from './web/main';

export const CHROMIUM = '/usr/lib/chromium/chromium';
const OUT = resolve('bench/out/web');
const APP_OUT = resolve('bench/out/app');

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
};

async function buildPage(): Promise<void> {
  await build({
    configFile: false,
    logLevel: 'warn',
    root: resolve('bench/web'),
    base: './',
    worker: { format: 'es', rolldownOptions: { output: { minify: false } } },
    build: { outDir: OUT, emptyOutDir: true, minify: false, target: 'es2022' },
  });
}

function serve(root: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = join(root, decodeURIComponent((req.url ?? '/').split('?')[0] as string));
    const file = path.endsWith('/') ? join(path, 'index.html') : path;
    if (!file.startsWith(root) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((done) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      done({ server, url: `http://localhost:${port}/` });
    }),
  );
}

export interface BrowserPlan {
  backend: 'wasm' | 'webgl' | 'webgpu';
  batchSize: number;
  budgetMs: number;
  limitMs: number;
  /** The LayersModel baseline's budget and limit, run right after ours on the same backend. */
  layers: { budgetMs: number; limitMs: number };
  /** Not run when the backend's GPU is emulated on the CPU (steps of tens of seconds). */
  skipOnSoftware?: boolean;
}

function skippedRun(plan: BrowserPlan): BrowserRun {
  return {
    backend: plan.backend,
    skipped: [],
    batchSize: plan.batchSize,
    samplesPerSecond: NaN,
    measuredSteps: 0,
    firstStepMs: NaN,
    warmUpMs: NaN,
    error: null,
  };
}

export async function runBrowser(plans: BrowserPlan[], log: (line: string) => void) {
  await buildPage();
  const { server, url } = await serve(OUT);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--enable-unsafe-webgpu', '--disable-quic'],
  });
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => log(`page error: ${e.message}`));
    await page.goto(url);
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
    const version = browser.version();
    const gpu = await page.evaluate(() =>
      (window as unknown as { gpuInfo(): Promise<string> }).gpuInfo(),
    );
    const software = await page.evaluate(() =>
      (
        window as unknown as {
          softwareGpu(): Promise<{ webgl: string | null; webgpu: string | null }>;
        }
      ).softwareGpu(),
    );
    const runs: (BrowserRun & { requested: string })[] = [];
    const layersRuns: (BrowserLayersRun & { requested: string })[] = [];
    for (const plan of plans) {
      const emulated = plan.backend === 'wasm' ? null : software[plan.backend];
      if (plan.skipOnSoftware && emulated) {
        const name = emulated.match(/swiftshader|llvmpipe|softpipe/i)?.[0] ?? 'software';
        const error = `skipped: the GPU is emulated on the CPU (${name}), where a step of this size took 30-40 s in earlier runs (too long for the 15-minute bench)`;
        log(`chromium ${plan.backend} ${plan.batchSize}: ${error}`);
        runs.push({ ...skippedRun(plan), error, requested: plan.backend });
        layersRuns.push({
          backend: plan.backend,
          batchSize: plan.batchSize,
          samplesPerSecond: NaN,
          measuredSteps: 0,
          firstBatchMs: NaN,
          error,
          requested: plan.backend,
        });
        continue;
      }
      const run = await page.evaluate(
        (p) =>
          (
            window as unknown as {
              benchTrain(b: string, n: number, budget: number, limit: number): Promise<BrowserRun>;
            }
          ).benchTrain(p.backend, p.batchSize, p.budgetMs, p.limitMs),
        plan,
      );
      log(
        `chromium ${plan.backend} ${plan.batchSize}: ${Math.round(run.samplesPerSecond)} samples/s${run.error ? ` (${run.error})` : ''}`,
      );
      runs.push({ ...run, requested: plan.backend });
      const layers = await page.evaluate(
        (p) =>
          (
            window as unknown as {
              benchLayers(
                b: string,
                n: number,
                budget: number,
                limit: number,
              ): Promise<BrowserLayersRun>;
            }
          ).benchLayers(p.backend, p.batchSize, p.layers.budgetMs, p.layers.limitMs),
        plan,
      );
      log(
        `chromium layers ${plan.backend} ${plan.batchSize}: ${Math.round(layers.samplesPerSecond)} samples/s${layers.error ? ` (${layers.error})` : ''}`,
      );
      layersRuns.push({ ...layers, requested: plan.backend });
    }
    return { version, gpu, runs, layersRuns };
  } finally {
    await browser.close();
    server.close();
  }
}

export interface AppRead {
  bytes: number;
  rows: string;
  seconds: number;
  mbPerSecond: number;
  /** Distinct progress texts seen while sampling every 200 ms: the bar moved this often. */
  progressUpdates: number;
  /** Longest gap between two animation frames of the page during the read. */
  maxFrameGapMs: number;
  /** The forecast shown while reading ("About N rows: low to high in memory"). */
  forecast: string | null;
  forecastMB: [number, number] | null;
  /** The table's size the Data tab reports once read ("Memory: samples …"). */
  tableMB: number | null;
  /** Resident memory of the renderer processes: before the read, at its peak, after. */
  rendererRssMB: { before: number; peak: number; after: number };
}

const UNIT_MB: Record<string, number> = { B: 1 / 2 ** 20, KB: 1 / 1024, MB: 1, GB: 1024 };
/** "80 MB" (the app's formatBytes) in MiB. */
function megabytes(text: string | undefined): number | null {
  const m = text?.match(/([\d.]+) (B|KB|MB|GB)/);
  return m ? Number(m[1]) * (UNIT_MB[m[2] as string] as number) : null;
}

function rssMB(pid: number): number {
  try {
    const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0; // The process ended.
  }
}

let appBuild: Promise<unknown> | null = null;

/** Builds the app into bench/out/app once per bench run (the read and the training share it). */
function buildApp(): Promise<unknown> {
  appBuild ??= build({
    configFile: resolve('vite.config.ts'),
    logLevel: 'error',
    build: { outDir: APP_OUT, emptyOutDir: true },
  });
  return appBuild;
}

/**
 * Reads `csvPath` through the built app's Data tab in headless Chromium: time from choosing
 * the file to the loaded table, the progress bar's movement, the page's longest frame gap
 * (a frozen page shows seconds) and the renderer's memory against the forecast.
 */
export async function runAppRead(csvPath: string, log: (line: string) => void): Promise<AppRead> {
  await buildApp();
  const { server, url } = await serve(APP_OUT);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--disable-quic'] });
  try {
    const cdp = await browser.newBrowserCDPSession();
    const rendererRss = async () => {
      const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as {
        processInfo: { type: string; id: number }[];
      };
      return processInfo
        .filter((p) => p.type === 'renderer')
        .reduce((sum, p) => sum + rssMB(p.id), 0);
    };
    const page = await browser.newPage();
    page.on('pageerror', (e) => log(`app page error: ${e.message}`));
    await page.goto(url);
    await page.getByRole('tab', { name: 'Data' }).click();
    const name = basename(csvPath);
    // A string, not a function: tsx would wrap named inner functions in a helper the page lacks.
    // The read's start and end on the page's clock: the file input's change event, and the
    // first DOM change after which the Data tab names the file as loaded (an observer, not a
    // poll, so the end is exact to the render that shows it).
    await page.evaluate(`
      window.maxFrameGap = 0;
      let last = performance.now();
      requestAnimationFrame(function onFrame(now) {
        window.maxFrameGap = Math.max(window.maxFrameGap, now - last);
        last = now;
        requestAnimationFrame(onFrame);
      });
      window.readClock = { start: NaN, end: NaN };
      document.addEventListener('change', (e) => {
        if (e.target instanceof HTMLInputElement && e.target.type === 'file')
          window.readClock.start = performance.now();
      }, true);
      const observer = new MutationObserver(() => {
        const text = document.querySelector('[data-testid="data-loaded"]')?.textContent ?? '';
        if (text.includes(${JSON.stringify(name)})) {
          window.readClock.end = performance.now();
          observer.disconnect();
        }
      });
      observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    `);
    const before = await rendererRss();
    let peak = before;
    const progress = page.getByRole('status', { name: 'Reading progress' });
    const loaded = page.getByTestId('data-loaded');
    const texts = new Set<string>();
    let forecast: string | null = null;
    const clock = () =>
      page.evaluate(
        () => (window as unknown as { readClock: { start: number; end: number } }).readClock,
      );

    const started = Date.now();
    await page.getByLabel('Train file').setInputFiles(csvPath);
    // Sampled every 200 ms: the progress text, the forecast and the renderer's memory. The
    // time itself comes from the page's clock above.
    while (Number.isNaN((await clock()).end)) {
      if (Date.now() - started > 300_000) throw new Error('the read did not finish in 300 s');
      const text = await progress.textContent({ timeout: 200 }).catch(() => null);
      if (text) texts.add(text.split(':')[1]?.split(' of')[0] ?? '');
      forecast ??= await page
        .getByTestId('memory-forecast')
        .textContent({ timeout: 200 })
        .catch(() => null);
      peak = Math.max(peak, await rendererRss());
      await page.waitForTimeout(200);
    }
    const { start, end } = await clock();
    const seconds = (end - start) / 1000;
    const maxFrameGapMs = await page.evaluate(
      () => (window as unknown as { maxFrameGap: number }).maxFrameGap,
    );
    const memory = await page.getByTestId('memory-estimate').textContent();
    const range = forecast?.match(/([\d.]+ [KMG]?B) to ([\d.]+ [KMG]?B)/);
    const low = megabytes(range?.[1]);
    const high = megabytes(range?.[2]);
    const bytes = statSync(csvPath).size;
    return {
      bytes,
      rows: (await loaded.textContent())?.match(/([\d,]+) rows/)?.[1] ?? '?',
      seconds,
      mbPerSecond: bytes / 1e6 / seconds,
      progressUpdates: texts.size,
      maxFrameGapMs,
      forecast,
      forecastMB: low !== null && high !== null ? [low, high] : null,
      tableMB: megabytes(memory?.match(/samples ([\d.]+ [KMG]?B)/)?.[1]),
      rendererRssMB: { before, peak, after: await rendererRss() },
    };
  } finally {
    await browser.close();
    server.close();
  }
}

export interface AppTrainPlan {
  backend: 'wasm' | 'webgl' | 'webgpu';
  batchSize: number;
  /** How long the run trains once its first point is on a chart, before "Stop". */
  trainMs: number;
  /** From "Train": the run is stopped if no point is on a chart by then. */
  firstPointLimitMs: number;
  /** From "Stop": how long to wait for the app to show the run as stopped before closing. */
  stopLimitMs: number;
}

/** Training through the built app's Train dock, as a user starts it (page clock, ms). */
export interface AppTrain {
  backend: AppTrainPlan['backend'];
  batchSize: number;
  /** The backend line the app showed ("Backend: WASM"), to tell a fallback. */
  backendShown: string | null;
  /**
   * "Train" click → the first chart redraw with a point (step 1's loss), drawn as a dot.
   */
  firstRedrawMs: number;
  /** "Train" click → the first chart redraw with two points: the first line on the plot. */
  firstLineMs: number;
  /** "Train" click → the step counter shows step 1 (the step's loss reached the page). */
  stepShownMs: number;
  /** The phase chip's "compiling…" → "training" (the app shows no warm-up figure). */
  warmUpMs: number;
  /** Main-thread tasks ≥ 50 ms from just before the click to "Stop". */
  longestTaskMs: number;
  /** When the longest of them started, from the click. */
  longestTaskAtMs: number;
  longTasks: number;
  /** The same from "Stop" to the run shown as stopped (or the page closed). */
  afterStopLongestMs: number;
  afterStopLongTasks: number;
  /** "Train" click → "Stop" click, and "Stop" → the run shown as stopped (NaN: not by then). */
  trainedMs: number;
  stoppingMs: number;
  /** The step the app showed at the end, and the total-loss chart's points by then. */
  steps: number;
  points: number;
  /** Screenshots at the first redraw and the first line (BENCH_APP_SHOTS), if taken. */
  shots: string[];
  error: string | null;
}

/**
 * In-page probe, installed right before "Train" is clicked: a long-task observer, the click's
 * time (a capture listener on the document, ahead of React's) and a DOM observer that notes
 * on the page's clock when a chart first holds one and two points (the chart sets its figure's
 * data-points right before drawing its canvas, in the same task), when the phase chip first
 * shows each phase and when the step counter first shows a step. A string, not a function:
 * tsx would wrap named inner functions in a helper the page lacks.
 */
const TRAIN_PROBE = `
  const b = (window.__benchTrain = {
    installed: performance.now(), click: NaN, stop: NaN, tasks: [], phases: {},
    point1: NaN, point2: NaN, step1: NaN,
  });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) b.tasks.push([e.startTime, e.duration]);
  }).observe({ type: 'longtask' });
  document.addEventListener('click', (e) => {
    const text = e.target instanceof Element ? e.target.closest('button')?.textContent ?? '' : '';
    if (text.includes('▶ Train') && Number.isNaN(b.click)) b.click = performance.now();
    if (text.includes('■ Stop') && Number.isNaN(b.stop)) b.stop = performance.now();
  }, true);
  new MutationObserver(() => {
    const now = performance.now();
    if (Number.isNaN(b.click)) return;
    for (const figure of document.querySelectorAll('figure[data-points]')) {
      const points = Number(figure.dataset.points);
      if (points >= 1 && Number.isNaN(b.point1)) b.point1 = now;
      if (points >= 2 && Number.isNaN(b.point2)) b.point2 = now;
    }
    const phase = document.querySelector('[data-testid="run-phase"]')?.textContent;
    if (phase && !(phase in b.phases)) b.phases[phase] = now;
    const step = document.querySelector('[data-testid="run-step"]')?.textContent ?? '';
    if (Number(step.split('/')[0].replace(/[^0-9]/g, '')) >= 1 && Number.isNaN(b.step1))
      b.step1 = now;
  }).observe(document.body, {
    subtree: true, childList: true, characterData: true,
    attributes: true, attributeFilter: ['data-points'],
  });
`;

interface TrainProbe {
  installed: number;
  click: number;
  stop: number;
  tasks: [number, number][];
  phases: Record<string, number>;
  point1: number;
  point2: number;
  step1: number;
}

const readProbe = (page: Page) =>
  page.evaluate(() => (window as unknown as { __benchTrain: TrainProbe }).__benchTrain);

/** Resolves true once the probe has noted `key`, false after `timeoutMs`. */
const probeNoted = (page: Page, key: 'point1' | 'point2', timeoutMs: number) =>
  page
    .waitForFunction(
      (k) => !Number.isNaN((window as unknown as { __benchTrain: TrainProbe }).__benchTrain[k]),
      key,
      { timeout: timeoutMs, polling: 100 },
    )
    .then(
      () => true,
      () => false,
    );

const BACKEND_NAMES: Record<AppTrainPlan['backend'], string> = {
  wasm: 'WASM',
  webgl: 'WebGL',
  webgpu: 'WebGPU',
};

/**
 * Trains through the built app in headless Chromium, one fresh browser profile per plan: the
 * demo project and data as a fresh app opens them, the backend and batch size chosen in the
 * Train dock's settings, "Train" clicked; then the time to the first points on the charts,
 * the warm-up the phase chip shows, and the page's long tasks from just before the click to
 * "Stop". With BENCH_APP_SHOTS=<folder>, screenshots at the first redraw and the first line
 * (their own main-thread work may then show among the long tasks).
 */
export async function runAppTrain(
  plans: AppTrainPlan[],
  log: (line: string) => void,
): Promise<AppTrain[]> {
  await buildApp();
  const { server, url } = await serve(APP_OUT);
  const shotDir = process.env.BENCH_APP_SHOTS || null;
  const results: AppTrain[] = [];
  try {
    for (const plan of plans) {
      const result: AppTrain = {
        backend: plan.backend,
        batchSize: plan.batchSize,
        backendShown: null,
        firstRedrawMs: NaN,
        firstLineMs: NaN,
        stepShownMs: NaN,
        warmUpMs: NaN,
        longestTaskMs: NaN,
        longestTaskAtMs: NaN,
        longTasks: 0,
        afterStopLongestMs: NaN,
        afterStopLongTasks: 0,
        trainedMs: NaN,
        stoppingMs: NaN,
        steps: 0,
        points: 0,
        shots: [],
        error: null,
      };
      // A browser of its own each (a fresh profile: empty storage, the app's first open), so
      // a SwiftShader step still under way in the GPU process cannot slow the next one.
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--enable-unsafe-webgpu', '--disable-quic'],
      });
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      const shot = async (what: string) => {
        if (!shotDir) return;
        const path = join(shotDir, `app-${plan.backend}-${plan.batchSize}-${what}.png`);
        await page.screenshot({ path });
        result.shots.push(path);
      };
      page.on('pageerror', (e) => log(`app page error: ${e.message}`));
      try {
        await page.goto(url);
        const dock = page.getByTestId('train-dock');
        await page.locator('.task-node').first().waitFor({ timeout: 30_000 });
        await dock.getByRole('button', { name: 'Train', exact: true }).click();
        await page
          .getByTestId('train-empty')
          .filter({ hasText: 'Press Train' })
          .waitFor({ timeout: 30_000 });
        await page.getByTestId('setting-batch').fill(String(plan.batchSize));
        await page.getByTestId('setting-backend').selectOption(plan.backend);
        await page.evaluate(TRAIN_PROBE);
        await dock.getByRole('button', { name: '▶ Train' }).click();
        if (!(await probeNoted(page, 'point1', plan.firstPointLimitMs)))
          result.error = `no point on a chart within ${Math.round(plan.firstPointLimitMs / 1000)} s`;
        else {
          const until = Date.now() + plan.trainMs;
          await shot('first-redraw');
          if (await probeNoted(page, 'point2', Math.max(1, until - Date.now())))
            await shot('first-line');
          await page.waitForTimeout(Math.max(0, until - Date.now()));
        }
        const stop = dock.getByRole('button', { name: '■ Stop' });
        if (await stop.isEnabled({ timeout: 1000 }).catch(() => false)) await stop.click();
        const stopped = await page
          .getByTestId('run-phase')
          .filter({ hasText: /^(stopped|finished|failed)$/ })
          .waitFor({ timeout: plan.stopLimitMs })
          .then(
            () => true,
            () => false,
          );
        const probe = await readProbe(page);
        const stopAt = Number.isNaN(probe.stop) ? Infinity : probe.stop;
        const before = probe.tasks.filter(([t]) => t >= probe.installed && t < stopAt);
        const after = probe.tasks.filter(([t]) => t >= stopAt);
        const longest = before.reduce((a, x) => (x[1] > a[1] ? x : a), [NaN, 0]);
        result.longTasks = before.length;
        result.longestTaskMs = longest[1];
        result.longestTaskAtMs = longest[0] - probe.click;
        result.afterStopLongTasks = after.length;
        result.afterStopLongestMs = Math.max(0, ...after.map(([, d]) => d));
        result.firstRedrawMs = probe.point1 - probe.click;
        result.firstLineMs = probe.point2 - probe.click;
        result.stepShownMs = probe.step1 - probe.click;
        result.warmUpMs = (probe.phases.training ?? NaN) - (probe.phases['compiling…'] ?? NaN);
        result.trainedMs = probe.stop - probe.click;
        const end = Object.entries(probe.phases).find(([p]) =>
          /^(stopped|finished|failed)$/.test(p),
        );
        result.stoppingMs = stopped && end ? end[1] - probe.stop : NaN;
        result.backendShown = (await page.getByTestId('run-backend').textContent())?.trim() ?? null;
        const step = (await page.getByTestId('run-step').textContent()) ?? '';
        result.steps = Number(step.split('/')[0]?.replace(/[^0-9]/g, '') ?? NaN);
        result.points = Number(
          (await page.getByTestId('chart-total-loss').getAttribute('data-points')) ?? 0,
        );
        if (!result.backendShown?.includes(BACKEND_NAMES[plan.backend]))
          result.error ??= `the app ran ${result.backendShown ?? 'no backend'}`;
      } catch (error) {
        result.error =
          error instanceof Error ? (error.message.split('\n')[0] ?? 'failed') : String(error);
      } finally {
        await browser.close();
      }
      const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
      log(
        `app ${plan.backend} ${plan.batchSize}: Train → first redraw ${sec(result.firstRedrawMs)}, first line ${sec(result.firstLineMs)}, warm-up ${sec(result.warmUpMs)}, longest task ${Math.round(result.longestTaskMs)} ms at ${sec(result.longestTaskAtMs)} (${result.longTasks} ≥ 50 ms), step ${result.steps}${result.error ? ` (${result.error})` : ''}`,
      );
      results.push(result);
    }
    return results;
  } finally {
    server.close();
  }
}
