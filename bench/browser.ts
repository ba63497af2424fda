/**
 * Chromium part of the bench: builds the bench page (bench/web) with Vite into bench/out/web,
 * serves it on a free localhost port (a secure context, so WebGPU is offered), opens it in
 * headless Chromium with WebGPU enabled and runs the trainer through the app's worker on each
 * backend and batch size.
 */
import { createReadStream, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import type { BrowserRun } from './web/main';

export const CHROMIUM = '/usr/lib/chromium/chromium';
const OUT = resolve('bench/out/web');

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
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

function serve(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = join(OUT, decodeURIComponent((req.url ?? '/').split('?')[0] as string));
    const file = path.endsWith('/') ? join(path, 'index.html') : path;
    if (!file.startsWith(OUT) || !existsSync(file)) {
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
}

export async function runBrowser(plans: BrowserPlan[], log: (line: string) => void) {
  await buildPage();
  const { server, url } = await serve();
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
    const runs: (BrowserRun & { requested: string })[] = [];
    for (const plan of plans) {
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
    }
    return { version, gpu, runs };
  } finally {
    await browser.close();
    server.close();
  }
}
