/**
 * A lost GPU device, for real: the run trains on WebGPU (SwiftShader, from playwright.config's
 * --enable-unsafe-webgpu), the test destroys the worker's GPUDevice (the worker's
 * `__dbmtlLoseDevice`, as a GPU reset would), the run ends with DEVICE_LOST and the offer to
 * continue on the CPU from the last checkpoint; continuing finishes the same run on the CPU
 * backend, its step count going on from the checkpoint.
 */
import { expect, test, type Worker } from '@playwright/test';
import { shot, TrainDock } from './pages/train';

test.use({ trace: 'off' });

async function trainWorker(page: import('@playwright/test').Page): Promise<Worker> {
  await expect
    .poll(() => page.workers().some((w) => /train\.worker/.test(w.url())), { timeout: 30_000 })
    .toBe(true);
  return page.workers().find((w) => /train\.worker/.test(w.url())) as Worker;
}

test('continues on the CPU from the last checkpoint after the GPU device is lost', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const train = new TrainDock(page);
  await train.openFresh();
  // SwiftShader runs WebGPU on the CPU: small batches, an evaluation (a checkpoint) every 2.
  await train.configure({ steps: 6, batch: 32, evalEvery: 2, backend: 'webgpu' });
  await train.start();
  await expect(train.phase).toHaveText('training', { timeout: 90_000 });
  await expect(train.backend).toContainText('Backend: WebGPU');
  // The first evaluation (step 2) is the first checkpoint.
  await train.expectPoints('is_click-quality', 1, 120_000);

  // Paused, so the run cannot finish first; a device lost during a pause ends the run at once.
  await train.button('❚❚ Pause').click();
  await expect(train.phase).toHaveText('paused', { timeout: 120_000 });
  const worker = await trainWorker(page);
  expect(
    await worker.evaluate(() =>
      (self as { __dbmtlLoseDevice?: () => boolean }).__dbmtlLoseDevice?.(),
    ),
  ).toBe(true);

  const error = page.getByTestId('run-error');
  await expect(error).toContainText('DEVICE_LOST', { timeout: 60_000 });
  await expect(error).toContainText(/The GPU device was lost at step \d+/);
  const button = page.getByTestId('continue-on-cpu');
  await expect(button).toHaveText(/^Continue on CPU from step (2|4)$/);
  const from = Number(/step (\d+)/.exec((await button.textContent()) ?? '')?.[1]);
  await shot(page, 'device-lost');

  await button.click();
  await expect(train.backend).toContainText('Backend: CPU', { timeout: 60_000 });
  // The same run goes on: one row in the list, its step counter starting past the checkpoint.
  await expect(page.getByTestId('run-row')).toHaveCount(1);
  await expect(train.phase).toHaveText('finished', { timeout: 180_000 });
  await expect(train.step).toHaveText(/^6\s*\/\s*6$/);
  const metrics = await train.downloadText('download-metrics');
  const losses = metrics
    .trim()
    .split('\n')
    .filter((r) => /,is_click,train_loss,/.test(r))
    .map((r) => Number(r.split(',')[1]));
  // Training-loss points up to the checkpoint from WebGPU, then CPU steps after it, none twice.
  expect(losses.some((s) => s > from)).toBe(true);
  expect(new Set(losses).size).toBe(losses.length);
  await expect(train.badge('is_click')).toHaveText(/^AUC 0\.\d{3}$/);
  await shot(page, 'continued-on-cpu');
});
