/**
 * One redraw loop for every chart: a chart whose data changed marks itself dirty, and dirty
 * charts redraw in animation frames, at most once per REDRAW_INTERVAL_MS. A frame stops
 * drawing after FRAME_BUDGET_MS and leaves the rest to the next frame, so a dashboard of a
 * dozen charts never blocks the page for long, however fast training reports.
 *
 * Building charts goes through a queue of its own, run in tasks of at most FRAME_BUDGET_MS:
 * a new run rebuilds every chart of the dashboard (its series change), a dozen uPlot charts
 * at 3 ms each, which in one task was a long task at every Train click.
 */
export const REDRAW_INTERVAL_MS = 400;
export const FRAME_BUDGET_MS = 8;

const dirty = new Set<() => void>();
let scheduled = false;
let last = -Infinity;
/** A round of redraws that ran out of budget continues in the next frame. */
let continuing = false;

function flush(time: number): void {
  if (!continuing && time - last < REDRAW_INTERVAL_MS) {
    requestAnimationFrame(flush);
    return;
  }
  if (!continuing) last = time;
  const start = performance.now();
  for (const job of dirty) {
    dirty.delete(job);
    job();
    if (performance.now() - start > FRAME_BUDGET_MS) break;
  }
  continuing = dirty.size > 0;
  scheduled = continuing;
  if (continuing) requestAnimationFrame(flush);
}

export function scheduleRedraw(job: () => void): void {
  dirty.add(job);
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(flush);
}

export function cancelRedraw(job: () => void): void {
  dirty.delete(job);
}

const builds: (() => void)[] = [];
let building = false;

function runBuilds(): void {
  const start = performance.now();
  while (builds.length > 0) {
    builds.shift()?.();
    if (performance.now() - start > FRAME_BUDGET_MS) break;
  }
  building = builds.length > 0;
  if (building) setTimeout(runBuilds, 0);
}

/**
 * Runs `job` (a chart's construction or destruction) in a later task, after the jobs queued
 * before it; returns a function that cancels it if it has not run yet.
 */
export function queueChartWork(job: () => void): () => void {
  let live = true;
  builds.push(() => {
    if (live) job();
  });
  if (!building) {
    building = true;
    setTimeout(runBuilds, 0);
  }
  return () => {
    live = false;
  };
}
