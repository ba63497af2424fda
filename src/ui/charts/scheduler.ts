/**
 * One redraw loop for every chart: a chart whose data changed marks itself dirty, and dirty
 * charts redraw in animation frames, at most once per REDRAW_INTERVAL_MS. A frame stops
 * drawing after FRAME_BUDGET_MS and leaves the rest to the next frame, so a dashboard of a
 * dozen charts never blocks the page for long, however fast training reports.
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
