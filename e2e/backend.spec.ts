/**
 * Every TensorFlow.js backend in Chromium, through the real training worker: a seeded tiny
 * model (core/train/testing/synthetic.ts, three tasks with a relation) trains for 50 steps on
 * each backend forced in turn (backend-check.html → worker/backendCheck.ts). The tensor count
 * after step 1 must equal the count after step 50 (no leak on any backend), the
 * backend must report itself with nothing skipped, and the final losses must agree across
 * backends (same seed, same data: they differ only by float rounding). A second browser
 * without --enable-unsafe-webgpu has no WebGPU adapter: `auto` falls back and says why WebGPU
 * was skipped (a software WebGPU or WebGL, as SwiftShader here, is skipped for WASM), and
 * forcing WebGPU there fails with the reason. With the flag, `auto` skips the SwiftShader
 * adapter.
 */
import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import type { BackendCheckResult } from '../src/worker/backendCheck';
import type { BackendChoice } from '../src/worker/protocol';

/** The check: the tensor count after step 1 equals the count after step 50. */
const STEPS = 50;

async function openCheckPage(page: Page): Promise<void> {
  await page.goto('/backend-check.html');
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
}

function check(page: Page, backend: BackendChoice, steps = STEPS): Promise<BackendCheckResult> {
  return page.evaluate(([b, n]) => window.dbmtlBackendCheck!(b as BackendChoice, n as number), [
    backend,
    steps,
  ] as const);
}

function expectFlatTensorCount(result: BackendCheckResult): void {
  const counts = result.tensorsAtStep;
  expect(counts[1], `${result.requested}: tensor count after step 1`).toBeGreaterThan(0);
  expect(counts[STEPS], `${result.requested}: tensors after step ${STEPS}`).toBe(counts[1]);
}

test.describe('with WebGPU (SwiftShader, --enable-unsafe-webgpu)', () => {
  test('each forced backend trains without leaking and reports itself', async ({ page }) => {
    // About 50 s on an idle 2-core machine; room for a loaded one.
    test.setTimeout(240_000);
    await openCheckPage(page);
    const results: BackendCheckResult[] = [];
    for (const backend of ['webgpu', 'webgl', 'wasm', 'cpu'] as const) {
      const result = await check(page, backend);
      results.push(result);
      expect(result.error, `${backend}: error`).toBeNull();
      expect(result.backend).toBe(backend);
      expect(result.skipped).toEqual([]);
      expectFlatTensorCount(result);
      expect(Number.isFinite(result.finalLoss), `${backend}: final loss`).toBe(true);
      // Tiny model, 50 steps at lr 0.01: it has learned something on every backend.
      expect(result.clickAuc, `${backend}: click AUC`).toBeGreaterThan(0.6);
    }
    // Same seed and data: the backends differ only by float rounding (WebGL and WebGPU on
    // SwiftShader compute in float32 like WASM and CPU, in a different order).
    const reference = results.find((r) => r.backend === 'cpu')!.finalLoss!;
    for (const r of results) {
      expect(Math.abs(r.finalLoss! - reference), `${r.backend} loss vs cpu`).toBeLessThan(
        0.01 * Math.abs(reference),
      );
    }
    test.info().annotations.push({
      type: 'backends',
      description: results
        .map((r) => `${r.backend}: loss ${r.finalLoss?.toFixed(5)}, AUC ${r.clickAuc?.toFixed(4)}`)
        .join('; '),
    });
  });

  test('auto skips the SwiftShader WebGPU adapter (and a software WebGL) and says why', async ({
    page,
  }) => {
    await openCheckPage(page);
    // The adapter here is SwiftShader (isFallbackAdapter): WASM is faster (TOOLCHAIN.md).
    const result = await check(page, 'auto', 3);
    expect(result.error).toBeNull();
    expect(result.skipped[0]?.backend).toBe('webgpu');
    expect(result.skipped[0]?.reason).toMatch(/software fallback \(SwiftShader\)/);
    expectSoftwareWebGlSkipped(result);
    expect(result.tensorsAtStep[3]).toBe(result.tensorsAtStep[1]);
  });
});

/** WebGL on SwiftShader is skipped for WASM; on a real GPU WebGL is taken. */
function expectSoftwareWebGlSkipped(result: BackendCheckResult): void {
  const webgl = result.skipped.find((s) => s.backend === 'webgl');
  if (webgl) {
    expect(webgl.reason).toMatch(/renders in software/);
    expect(result.backend).toBe('wasm');
  } else {
    expect(result.backend).toBe('webgl');
  }
}

/**
 * A second browser launched here without --enable-unsafe-webgpu (Playwright allows other
 * launch options only per file or project; this keeps both halves of the check in one file).
 */
test.describe('without WebGPU (no --enable-unsafe-webgpu: requestAdapter() gives null)', () => {
  let browser: Browser;
  let page: Page;
  test.beforeAll(async ({ baseURL }) => {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium',
      args: ['--disable-quic'],
    });
    page = await browser.newPage({ baseURL });
  });
  test.afterAll(async () => {
    await browser.close();
  });

  test('auto falls back past WebGPU and says why it was skipped', async () => {
    await openCheckPage(page);
    const result = await check(page, 'auto');
    expect(result.error).toBeNull();
    expectSoftwareWebGlSkipped(result);
    expect(result.skipped[0]?.backend).toBe('webgpu');
    expect(result.skipped[0]?.reason).toMatch(/WebGPU .*(no adapter|not available)/);
    expectFlatTensorCount(result);
  });

  test('forcing WebGPU fails with the reason; forcing WASM works', async () => {
    await openCheckPage(page);
    const gpu = await check(page, 'webgpu');
    expect(gpu.backend).toBeNull();
    expect(gpu.error).toMatch(/webgpu: WebGPU .*(no adapter|not available)/);
    const wasm = await check(page, 'wasm');
    expect(wasm.error).toBeNull();
    expect(wasm.backend).toBe('wasm');
    expect(wasm.skipped).toEqual([]);
  });
});
