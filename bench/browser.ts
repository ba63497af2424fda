/**
 * Chromium part of the bench: builds the bench page (bench/web) with Vite into bench/out/web,
 * serves it on a free localhost port (a secure context, so WebGPU is offered), opens it in
 * headless Chromium with WebGPU enabled and runs the trainer through the app's worker on each
 * backend and batch size. `runAppRead` builds the app itself into bench/out/app and reads the
 * generated 100 MB CSV through its Data tab, as a user would.
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { basename, extname, join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
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
    firstPointMs: NaN,
    warmUpMs: NaN,
    longestTaskMs: 0,
    longTasks: 0,
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
        const error = `skipped: the GPU is emulated on the CPU (${name}), where a step of this size takes 30-40 s`;
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
