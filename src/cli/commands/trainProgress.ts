/**
 * What `dbmtl train` says while it runs, apart from the JSON lines: how often progress lines
 * come, a time estimate once the warm-up step (kernel compilation, PITFALLS.md) is behind us,
 * a line at least every few seconds of wall time however slow the steps are (a Taobao batch of
 * 4096 takes seconds a step on WASM), and why a metric came out null.
 */
import type { EncodedDataset } from '../../core/data/encoded';
import type { Project } from '../../core/project/types';

/** At most this long between two things printed while training. */
export const HEARTBEAT_MS = 10_000;

/**
 * Progress every `report` steps when the user gave --report; otherwise the default, but at
 * least ten lines over the run (a 50-step run at the default 100 would print only step 1).
 */
export function reportEvery(report: number | undefined, totalSteps: number): number {
  if (report !== undefined) return Math.max(1, report);
  if (!Number.isFinite(totalSteps) || totalSteps <= 0) return DEFAULT_REPORT;
  return Math.min(DEFAULT_REPORT, Math.max(1, Math.floor(totalSteps / 10)));
}
export const DEFAULT_REPORT = 100;

/** "42 s", "3 min 05 s", "1 h 02 min". */
export function duration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/**
 * Watches the steps go by (call `step` after each step) and writes human notes to `say`
 * (stderr): the estimate after the first timed step, and a heartbeat when it said nothing for
 * HEARTBEAT_MS. The JSON lines on stdout do not count: stdout is often a file or a pipe, and
 * the person watching the terminal then sees stderr only.
 */
export class TrainClock {
  private startedAt: number;
  private warmDoneAt: number | null = null;
  private lastSaid: number;
  private estimated = false;

  constructor(
    private readonly totalSteps: number,
    private readonly say: (line: string) => void,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.startedAt = now();
    this.lastSaid = this.startedAt;
  }

  step(done: number): void {
    const t = this.now();
    if (done === 1) {
      this.warmDoneAt = t;
      this.say(
        `step 1/${this.totalSteps} (warm-up, compiles kernels) took ${duration((t - this.startedAt) / 1000)}`,
      );
      this.lastSaid = t;
      return;
    }
    const perStep = this.warmDoneAt === null ? NaN : (t - this.warmDoneAt) / 1000 / (done - 1);
    const left = Number.isFinite(this.totalSteps) ? (this.totalSteps - done) * perStep : NaN;
    if (!this.estimated && Number.isFinite(perStep)) {
      this.estimated = true;
      this.say(
        `after warm-up: ${perStep.toFixed(2)} s/step` +
          (Number.isFinite(left)
            ? `, about ${duration(left)} left for ${this.totalSteps} steps`
            : ''),
      );
      this.lastSaid = t;
      return;
    }
    if (t - this.lastSaid >= HEARTBEAT_MS) {
      this.say(
        `step ${done}/${this.totalSteps}, ${perStep.toFixed(2)} s/step` +
          (Number.isFinite(left) ? `, about ${duration(left)} left` : ''),
      );
      this.lastSaid = t;
    }
  }
}

/**
 * Why a metric printed as null: `auc_buy: null — no positive rows for buy in the held-out
 * rows`. Only metrics that are not finite get a line.
 */
export function explainNullMetrics(
  flat: Record<string, number>,
  project: Project,
  heldOut: EncodedDataset | null | undefined,
): string[] {
  const lines: string[] = [];
  for (const task of project.tasks) {
    for (const [key, value] of Object.entries(flat)) {
      if (!key.endsWith(`_${task.name}`) || Number.isFinite(value)) continue;
      lines.push(
        `${key}: null — ${whyNull(key.slice(0, -task.name.length - 1), task.labelName, heldOut)}`,
      );
    }
  }
  return lines;
}

function whyNull(
  metric: string,
  label: string,
  heldOut: EncodedDataset | null | undefined,
): string {
  const labels = heldOut?.labels[label];
  if (!heldOut || heldOut.numRows === 0 || !labels) return 'there are no held-out rows';
  let positives = 0;
  for (const v of labels) if (v > 0) positives++;
  if (metric === 'auc' || metric === 'gauc') {
    if (positives === 0)
      return `no positive rows for ${label} in the ${heldOut.numRows} held-out rows`;
    if (positives === heldOut.numRows)
      return `no negative rows for ${label} in the ${heldOut.numRows} held-out rows`;
    if (metric === 'gauc') return 'no group has both positive and negative rows';
  }
  return 'the value is not a number (a non-finite prediction or label)';
}
