/**
 * On a cross-origin-isolated page (served with COOP/COEP) tfjs loads its threaded WASM build,
 * whose memory is shared and made in JavaScript; our WebAssembly kernels then need their
 * shared-memory variant (src/core/wasm/compile.ts). The built app served that way must train
 * with them: the worker warns when they cannot start, and that warning must not come.
 */
import { expect, test } from '@playwright/test';
import { preview, type PreviewServer } from 'vite';
import { TrainDock } from './pages/train';

const port = Number(process.env.PW_PORT ?? 4173) + 101;
let server: PreviewServer;

test.beforeAll(async () => {
  server = await preview({
    logLevel: 'silent',
    preview: {
      port,
      strictPort: true,
      headers: {
        'Cross-Origin-Opener-Policy': 'same-origin',
        'Cross-Origin-Embedder-Policy': 'require-corp',
      },
    },
  });
});
test.afterAll(async () => {
  await server.close();
});
test.use({ baseURL: `http://localhost:${port}` });

test('trains on the threaded WASM build of an isolated page with our kernels', async ({ page }) => {
  test.setTimeout(120_000);
  const warnings: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'warning' || m.type() === 'error') warnings.push(m.text());
  });
  const binaries: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('.wasm')) binaries.push(r.url().split('/').pop() ?? '');
  });
  const train = new TrainDock(page);
  await train.openFresh();
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await train.configure({ steps: 60, batch: 512, evalEvery: 30, backend: 'wasm' });
  await train.start();
  await expect(train.backend).toContainText('Backend: WASM', { timeout: 60_000 });
  await expect.poll(() => train.currentStep(), { timeout: 90_000 }).toBeGreaterThanOrEqual(60);
  await expect(train.badge('is_click')).toContainText('AUC', { timeout: 30_000 });
  // tfjs really took its threaded build (else this would test the plain variant again).
  expect(binaries.join(' ')).toMatch(/tfjs-backend-wasm-threaded-simd/);
  expect(warnings.filter((w) => /WebAssembly kernels could not start/.test(w))).toEqual([]);
});
