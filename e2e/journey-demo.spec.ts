/**
 * Journey 3 of issue 8, the demo: a first visit opens the demo project on the demo data and
 * trains with no other action than pressing Train (default settings, Auto backend); then DBMTL
 * is compared with independent towers by the dashboard's one-click "no relations" baseline,
 * overlaid on the first run. The demo data may be redesigned, so the journey reads the task
 * names from the canvas and asserts properties (every task drawn, a metric per task for both
 * runs), never figures.
 */
import { expect, test, type Locator } from '@playwright/test';
import { Editor } from './pages/editor';
import { TrainDock } from './pages/train';
import { SHOTS_DIR } from './shots';

// Playwright's trace snapshots the DOM at every action: kept off for a journey this long.
test.use({ trace: 'off' });

/** A metric badge: "AUC 0.712", "MSE 1.3e2", "MAE 26.6"… */
const BADGE = /^(AUC|GAUC|MSE|MAE|RMSE|Acc|accuracy|log loss)\s+-?[\d.]+(e[+-]?\d+)?$/i;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A chart legend's text: each line's name and latest value ("#1 Live… · held-out0.712"). */
async function legendValues(chart: Locator): Promise<string> {
  return (await chart.locator('.u-legend').textContent()) ?? '';
}

test('demo: Train with the defaults, then DBMTL against the no-relations baseline', async ({
  page,
}, info) => {
  test.setTimeout(300_000);
  const started = Date.now();
  const editor = new Editor(page);
  const train = new TrainDock(page);

  // A first visit: empty storage, the demo project on the demo data.
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await expect(editor.taskNodes.first()).toBeVisible();
  const tasks = await editor.taskNames();
  expect(tasks.length).toBeGreaterThanOrEqual(2);
  await expect(editor.relationEdges.first()).toBeVisible();
  await page.getByRole('tab', { name: 'Data' }).click();
  await expect(page.getByTestId('data-loaded')).toContainText('Demo data');
  await page.getByRole('tab', { name: 'Inspector' }).click();

  // Open the dock and press Train: nothing else is set.
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  const firstStart = Date.now();
  await train.start();
  await expect(train.phase).toHaveText('training', { timeout: 60_000 });
  for (const task of tasks) await train.expectPoints(`${task}-loss`, 2, 90_000);
  await expect(train.phase).toHaveText('finished', { timeout: 240_000 });
  const firstSeconds = (Date.now() - firstStart) / 1000;
  for (const task of tasks) {
    await train.expectPoints(`${task}-quality`, 2, 5_000);
    await expect(train.badge(task)).toHaveText(BADGE);
  }
  await expect(train.badge(tasks[0]!)).toBeVisible();
  const firstRun =
    (await page.getByTestId('run-row').first().locator('.run-row__name').textContent()) ?? '';
  expect(firstRun).toMatch(/^#1 /);

  // The baseline: the same project and settings without relations, overlaid on the first.
  const baseStart = Date.now();
  await train.button('Baseline: no relations').click();
  await expect(train.phase).toHaveText('training', { timeout: 60_000 });
  await expect(train.phase).toHaveText('finished', { timeout: 240_000 });
  const baseSeconds = (Date.now() - baseStart) / 1000;
  const rows = page.getByTestId('run-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('(no relations)');
  await expect(rows.nth(0)).toContainText('finished');
  await expect(rows.nth(1)).toContainText(firstRun);
  await expect(rows.nth(1)).toContainText('finished');
  await expect(page.getByRole('checkbox', { name: `Overlay ${firstRun}` })).toBeChecked();

  // Every task's quality chart holds both runs, each with its latest held-out value.
  const number = String.raw`-?[\d.]+(e[+-]?\d+)?`;
  for (const task of tasks) {
    const chart = train.chart(`${task}-quality`);
    await expect(chart.locator('.u-legend')).toContainText('(no relations)');
    // "#2 … (no relations) · held-out0.710#1 … · held-out0.709" (the colon is drawn by CSS).
    const legend = await legendValues(chart);
    const baseline = `#\\d+ ${escape(firstRun.replace(/^#1 /, ''))} \\(no relations\\)`;
    for (const run of [baseline, escape(firstRun)])
      expect(legend, `legend of ${task}`).toMatch(new RegExp(`${run} · held-out:?\\s*${number}`));
    await expect(train.badge(task)).toHaveText(BADGE);
    // The canvas draws the relations: its badges read the DBMTL run, not the baseline.
    await expect(train.badge(task)).toHaveAttribute(
      'title',
      new RegExp(`of ${escape(firstRun)}(\\.|$)`),
    );
  }
  await page.screenshot({ path: `${SHOTS_DIR}/journey-demo-compared.png` });
  await train.button('Enlarge').click();
  await page.screenshot({ path: `${SHOTS_DIR}/journey-demo-compared-enlarged.png` });

  const seconds = (Date.now() - started) / 1000;
  info.annotations.push({
    type: 'timings',
    description: `journey ${seconds.toFixed(0)} s, Train ${firstSeconds.toFixed(0)} s, baseline ${baseSeconds.toFixed(0)} s`,
  });
  // eslint-disable-next-line no-console -- the journey's timings, for CI budgets
  console.log(
    `[demo] journey ${seconds.toFixed(0)} s, Train ${firstSeconds.toFixed(0)} s, baseline ${baseSeconds.toFixed(0)} s`,
  );
});
