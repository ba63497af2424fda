/**
 * One redraw loop for every chart: a chart whose data changed marks itself dirty, and all
 * dirty charts redraw together in one animation frame, at most once per REDRAW_INTERVAL_MS.
 * Training can report faster than that without the charts costing the page more.
 */
export const REDRAW_INTERVAL_MS = 250;

const dirty = new Set<() => void>();
let scheduled = false;
let last = 0;

function flush(time: number): void {
  if (time - last < REDRAW_INTERVAL_MS) {
    requestAnimationFrame(flush);
    return;
  }
  last = time;
  scheduled = false;
  const jobs = [...dirty];
  dirty.clear();
  for (const job of jobs) job();
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
