/**
 * How the graph is drawn and fitted: readable zoom, nothing under the minimap, the shared
 * layers drawn as a bus, a fit after every project replacement, long names. Screenshots of
 * each go to SHOTS_DIR for review.
 */
import { SHOTS_DIR } from './shots';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { exportConfig } from '../src/core/easyrec';
import { renameTask } from '../src/core/project/graph';
import { liveStreamingPreset, taobaoPreset } from '../src/core/project/presets';
import { serializeProject } from '../src/core/project/restore';
import { Editor } from './pages/editor';

const SHOTS = SHOTS_DIR;
const LONG = 'a_very_long_task_name_that_goes_on_and_on_forever_and_ever';

type Box = { x: number; y: number; width: number; height: number };

function overlap(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}
function inside(inner: Box, outer: Box): boolean {
  return (
    inner.x >= outer.x - 1 &&
    inner.y >= outer.y - 1 &&
    inner.x + inner.width <= outer.x + outer.width + 1 &&
    inner.y + inner.height <= outer.y + outer.height + 1
  );
}
async function boxes(locator: Locator): Promise<Box[]> {
  const all: Box[] = [];
  for (const item of await locator.all()) all.push((await item.boundingBox())!);
  return all;
}

/** The canvas zoom, from React Flow's viewport transform. */
async function zoom(page: Page): Promise<number> {
  const transform = await page.locator('.react-flow__viewport').getAttribute('style');
  return Number(/scale\(([\d.]+)\)/.exec(transform ?? '')?.[1]);
}

/** Every node of the drawing is in the canvas and clear of the minimap and the zoom buttons. */
async function expectClearView(page: Page): Promise<void> {
  const canvas = (await page.locator('.react-flow').boundingBox())!;
  const minimap = (await page.locator('.react-flow__minimap').boundingBox())!;
  const controls = (await page.locator('.react-flow__controls').boundingBox())!;
  for (const node of await boxes(page.locator('.react-flow__node'))) {
    expect(inside(node, canvas)).toBe(true);
    expect(overlap(node, minimap)).toBe(false);
    expect(overlap(node, controls)).toBe(false);
  }
}

for (const [width, height] of [
  [1440, 900],
  [1280, 800],
] as const) {
  test(`first screen at ${width}×${height}: the whole graph, clear of the minimap, with the Train dock open and folded`, async ({
    page,
  }) => {
    await page.setViewportSize({ width, height });
    await page.goto('/');
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    const editor = new Editor(page);
    await expect(editor.taskNodes).toHaveCount(5);
    await expect.poll(() => zoom(page)).toBeGreaterThanOrEqual(0.6);
    await expectClearView(page);
    await page.screenshot({ path: `${SHOTS}/editor-fix-first-${width}.png` });

    await editor.foldTrainDock();
    await page.getByRole('button', { name: 'Fit view' }).first().click();
    // Live streaming is 650 px wide: about 0.9 of the folded canvas's free width at 1280.
    await expect.poll(() => zoom(page)).toBeGreaterThan(0.8);
    await expectClearView(page);
    await page.screenshot({ path: `${SHOTS}/editor-fix-folded-${width}.png` });
  });
}

test('independent towers: rows of three at a readable zoom, the shared layers as a bus', async ({
  page,
}) => {
  const editor = new Editor(page);
  await editor.openFresh();
  await editor.loadPreset(/Independent towers/);
  await expect(editor.relationEdges).toHaveCount(0);
  await expect.poll(() => zoom(page)).toBeGreaterThanOrEqual(0.6);
  await expectClearView(page);
  const rows = new Set((await boxes(editor.taskNodes)).map((b) => Math.round(b.y)));
  expect(rows.size).toBe(2);

  // Input → bottom → bus: the feed edges never reach a task node, and carry no arrow.
  await expect(page.getByTestId('bus')).toContainText('the bottom output feeds every task tower');
  const feeds = page.locator('.react-flow__edge.feed-edge');
  await expect(feeds).toHaveCount(2);
  await expect(page.locator('[data-testid="rf__edge-feed:block:bottom:bus"]')).toHaveCount(1);
  await expect(feeds.locator('path[marker-end]')).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/editor-fix-independent.png` });

  // Relations are the arrowed, main edges.
  await editor.loadPreset(/Live streaming/);
  await expect(editor.relationEdges).toHaveCount(6);
  await expect(editor.relationEdges.locator('path[marker-end]')).toHaveCount(6);

  // A task dragged off and the view zoomed in: Auto layout puts the task back and fits.
  const node = (await editor.taskNode('is_view').boundingBox())!;
  await page.mouse.move(node.x + 40, node.y + 20);
  await page.mouse.down();
  await page.mouse.move(node.x + 400, node.y + 500, { steps: 12 });
  await page.mouse.up();
  for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Zoom In' }).click();
  await expect.poll(() => zoom(page)).toBeGreaterThan(1.5);
  await page.getByRole('button', { name: 'Auto layout' }).click();
  await expect.poll(() => zoom(page)).toBeLessThanOrEqual(1.1);
  await expect(async () => expectClearView(page)).toPass();
});

test('a config import replaces the project and fits it into view', async ({ page }) => {
  const editor = new Editor(page);
  await editor.openFresh();
  // Zoom far in, so the graph is mostly out of view.
  for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Zoom In' }).click();
  await expect.poll(() => zoom(page)).toBeGreaterThan(1.5);

  const taobao = exportConfig(taobaoPreset());
  if (!taobao.ok) throw new Error('the taobao preset must export');
  await page.getByRole('tab', { name: 'Config' }).click();
  await page.getByTestId('config-file-input').setInputFiles({
    name: 'taobao.config',
    mimeType: 'text/plain',
    buffer: Buffer.from(taobao.text),
  });
  await expect(editor.taskNodes).toHaveCount(2);
  await expect.poll(() => zoom(page)).toBeLessThanOrEqual(1.1);
  await expectClearView(page);
  await page.screenshot({ path: `${SHOTS}/editor-fix-config-import.png` });
});

test('long names wrap on their node, with the whole name in a tooltip, here and in the list', async ({
  page,
}) => {
  const editor = new Editor(page);
  await editor.openFresh();
  const project = liveStreamingPreset();
  const renamed = renameTask(project.tasks, 'is_click', LONG);
  if (!renamed.ok) throw new Error(renamed.error.message);
  project.tasks = renamed.tasks;
  await editor.openFile('proj-long.json', serializeProject(project));

  const node = editor.taskNode(LONG);
  await expect(node.locator('.task-node__name')).toHaveAttribute('title', LONG);
  // The name takes two 16 px lines (the rest is in the tooltip); a short one takes one.
  const lines = (name: string) =>
    editor
      .taskNode(name)
      .locator('.task-node__name')
      .evaluate((e) => (e as HTMLElement).offsetHeight / 16);
  expect(await lines(LONG)).toBe(2);
  expect(await lines('is_view')).toBe(1);
  await expect(page.getByRole('textbox', { name: `Name of task ${LONG}` })).toHaveAttribute(
    'title',
    LONG,
  );
  await expect(page.getByTestId('task-row-is_view').locator('summary')).toHaveAttribute(
    'title',
    `depends on ${LONG}`,
  );
  // A label as long as on_mic_duration is shown whole on its node.
  const label = editor.taskNode('on_mic_duration').locator('dd').first();
  await expect(label).toHaveText('on_mic_duration');
  expect(await label.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
  await page.screenshot({ path: `${SHOTS}/editor-fix-long-names.png` });
});
