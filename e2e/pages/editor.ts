/**
 * Page object of the task-graph editor: the verbs a user performs (drag a task from the
 * palette, connect two tasks by their handles, pick a preset) so journeys read as steps.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export class Editor {
  readonly canvas: Locator;
  readonly notice: Locator;
  readonly relationEdges: Locator;
  readonly taskNodes: Locator;

  constructor(readonly page: Page) {
    this.canvas = page.locator('.react-flow__pane');
    this.notice = page.getByTestId('notice');
    this.relationEdges = page.locator('.react-flow__edge.relation-edge');
    this.taskNodes = page.locator('.task-node');
  }

  /**
   * Opens the app with empty browser storage (the demo project), with the Train dock folded:
   * the editor journeys drag and drop over the whole canvas.
   */
  async openFresh(): Promise<void> {
    await this.page.goto('/');
    await this.page.evaluate(() => localStorage.clear());
    await this.page.reload();
    await expect(this.taskNodes.first()).toBeVisible();
    await this.foldTrainDock();
  }

  async foldTrainDock(): Promise<void> {
    const toggle = this.page.getByRole('button', { name: 'Train', exact: true, expanded: true });
    if ((await toggle.count()) > 0) await toggle.click();
  }

  async loadPreset(title: string | RegExp): Promise<void> {
    await this.page.getByRole('button', { name: /Presets/ }).click();
    await this.page.getByRole('menuitem', { name: title }).click();
  }

  taskNode(name: string): Locator {
    return this.page.getByTestId(`task-node-${name}`);
  }

  /** Drags the palette's Task item onto the canvas, at a point relative to the canvas. */
  async dragTaskToCanvas(x: number, y: number): Promise<void> {
    await this.page.getByTestId('palette-task').dragTo(this.canvas, { targetPosition: { x, y } });
  }

  /**
   * Draws the edge parent → child: from the parent's bottom (source) handle to the child's
   * top (target) handle, moving in steps as a hand would, so React Flow sees a drag.
   * `hold` runs while the edge is over the target, before the button is released.
   */
  async connect(parent: string, child: string, hold?: () => Promise<void>): Promise<void> {
    const from = await this.center(this.taskNode(parent).locator('.react-flow__handle.source'));
    const to = await this.center(this.taskNode(child).locator('.react-flow__handle.target'));
    await this.page.mouse.move(from.x, from.y);
    await this.page.mouse.down();
    await this.page.mouse.move(from.x + 10, from.y + 10, { steps: 4 });
    await this.page.mouse.move(to.x, to.y, { steps: 20 });
    if (hold) await hold();
    await this.page.mouse.up();
  }

  async select(name: string): Promise<void> {
    await this.taskNode(name).locator('.task-node__name').click();
    await expect(this.page.getByTestId('task-inspector')).toBeVisible();
  }

  /** Sets the selected task's label column in the inspector. */
  async setLabel(label: string): Promise<void> {
    const field = this.page.getByTestId('task-label');
    await field.fill(label);
    await field.blur();
  }

  async taskNames(): Promise<string[]> {
    return this.taskNodes.locator('.task-node__name').allTextContents();
  }

  /** Opens a project file through the toolbar's hidden file input. */
  async openFile(name: string, text: string): Promise<void> {
    await this.page
      .getByTestId('open-project-input')
      .setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
  }

  /** Waits until the debounced autosave has stored a project containing `text`. */
  async waitForSaved(text: string): Promise<void> {
    await this.page.waitForFunction(
      (t) => (localStorage.getItem('dbmtl-studio:project') ?? '').includes(t),
      text,
    );
  }

  private async center(locator: Locator): Promise<{ x: number; y: number }> {
    const box = await locator.boundingBox();
    if (!box) throw new Error('element has no box: is it visible?');
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  }
}
