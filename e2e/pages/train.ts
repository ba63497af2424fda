/**
 * Page object of the Train dock: settings, run controls, charts, badges and downloads, plus
 * the long-task probe that measures the page's longest main-thread task while a run trains.
 */
import { SHOTS_DIR } from '../shots';
import { expect, type Download, type Locator, type Page, type TestInfo } from '@playwright/test';
import { readFile } from 'node:fs/promises';

declare global {
  interface Window {
    __longTasks?: { start: number; duration: number }[];
  }
}

export interface RunSettings {
  steps: number;
  batch: number;
  evalEvery: number;
  backend?: 'auto' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';
}

export class TrainDock {
  readonly dock: Locator;
  readonly phase: Locator;
  readonly step: Locator;
  readonly backend: Locator;

  constructor(readonly page: Page) {
    this.dock = page.getByTestId('train-dock');
    this.phase = page.getByTestId('run-phase');
    this.step = page.getByTestId('run-step');
    this.backend = page.getByTestId('run-backend');
  }

  /** Records every long task (> 50 ms on the main thread) from the first script on. */
  static async installLongTaskProbe(page: Page): Promise<void> {
    await page.addInitScript(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries())
          window.__longTasks?.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
    });
  }

  async now(): Promise<number> {
    return this.page.evaluate(() => performance.now());
  }

  /** The longest main-thread task that started in [from, to] (page clock), 0 if none. */
  async longestTask(from: number, to: number): Promise<number> {
    const tasks = await this.page.evaluate(() => window.__longTasks ?? []);
    return Math.max(
      0,
      ...tasks.filter((t) => t.start >= from && t.start <= to).map((t) => t.duration),
    );
  }

  /** Opens the app with empty browser storage: live-streaming preset, demo data, no runs. */
  async openFresh(): Promise<void> {
    await this.page.goto('/');
    await this.page.evaluate(() => localStorage.clear());
    await this.page.reload();
    await expect(this.page.locator('.task-node').first()).toBeVisible();
    // The dock starts folded; open it.
    await this.dock.getByRole('button', { name: 'Train', exact: true }).click();
    await expect(this.page.getByTestId('train-empty')).toBeVisible();
  }

  async configure(s: RunSettings): Promise<void> {
    await this.page.getByTestId('setting-steps').fill(String(s.steps));
    await this.page.getByTestId('setting-batch').fill(String(s.batch));
    await this.page.getByTestId('setting-eval').fill(String(s.evalEvery));
    await this.page.getByTestId('setting-backend').selectOption(s.backend ?? 'auto');
  }

  button(name: RegExp | string): Locator {
    return this.dock.getByRole('button', { name });
  }

  async start(): Promise<void> {
    await this.button('▶ Train').click();
  }

  async currentStep(): Promise<number> {
    const text = (await this.step.textContent()) ?? '';
    return Number(text.split('/')[0]?.replace(/[^0-9]/g, '') ?? NaN);
  }

  chart(id: string): Locator {
    return this.page.getByTestId(`chart-${id}`);
  }

  async points(id: string): Promise<number> {
    return Number((await this.chart(id).getAttribute('data-points')) ?? 0);
  }

  /** Waits until a chart has at least `n` points on its step axis. */
  async expectPoints(id: string, n: number, timeout = 60_000): Promise<void> {
    await expect
      .poll(() => this.points(id), { timeout, message: `points of chart ${id}` })
      .toBeGreaterThanOrEqual(n);
  }

  badge(task: string): Locator {
    return this.page.getByTestId(`task-badge-${task}`);
  }

  async download(testId: string): Promise<Download> {
    const wait = this.page.waitForEvent('download', { timeout: 60_000 });
    await this.page.getByTestId(testId).click();
    return wait;
  }

  async downloadText(testId: string): Promise<string> {
    const download = await this.download(testId);
    return readFile((await download.path()) as string, 'utf8');
  }
}

/** The bound on the longest main-thread task while training. */
export const LONG_TASK_LIMIT_MS = Number(process.env.LONG_TASK_LIMIT_MS ?? 50);
/**
 * The bound fails the test when exceeded. LONG_TASKS_REPORT_ONLY=1 only reports the figure
 * (for a loaded development machine, where other processes take the page's CPU); README's test
 * section says so.
 */
const REPORT_ONLY = process.env.LONG_TASKS_REPORT_ONLY === '1';
export const TASKS = ['is_click', 'is_view', 'view_costtime', 'is_on_mic', 'on_mic_duration'];
const SHOTS = SHOTS_DIR;

/**
 * Reports the longest main-thread task of [from, to] (`what`: the run it measures); fails past
 * the bound unless report-only or `enforce` is false (the forced SwiftShader WebGPU run: see
 * train.spec.ts). Take `from` before the Train click: starting a run counts.
 */
export async function reportLongest(
  train: TrainDock,
  from: number,
  to: number,
  info: TestInfo,
  enforce = true,
  what = 'training',
) {
  const longest = await train.longestTask(from, to);
  const label = `longest main-thread task during ${what}`;
  info.annotations.push({ type: label, description: `${longest} ms` });
  // eslint-disable-next-line no-console -- the figure the issue asks the run to report
  console.log(`[${info.title}] ${label}: ${longest} ms`);
  if (REPORT_ONLY || !enforce) return;
  // Soft: the rest of the journey still runs and reports; the test fails at its end.
  expect.soft(longest, `${label} (ms)`).toBeLessThanOrEqual(LONG_TASK_LIMIT_MS);
}

export async function shot(page: Page, name: string) {
  await page.screenshot({ path: `${SHOTS}/train-${name}.png` });
}
