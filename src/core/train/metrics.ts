/**
 * Evaluation metrics in plain TypeScript (no tfjs), computed on the whole held-out set after
 * the scores have been read back. Values follow the definitions in DBMTL.md; a metric that is
 * undefined on the data (AUC without both classes, a mean of nothing) is NaN, never 0.5.
 */
import type { GaucReduction } from '../project/types';

type Numbers = ArrayLike<number>;

/** Row indices ordered by score, ascending. */
function orderByScore(scores: Numbers, rows: ArrayLike<number>): Int32Array {
  const order = Int32Array.from(rows);
  order.sort((a, b) => (scores[a] as number) - (scores[b] as number));
  return order;
}

/**
 * Sum of positive-over-negative wins among `rows` (ties count one half), with the class counts.
 * Walks the rows in score order: each positive beats every negative with a lower score and
 * half of the negatives with an equal score (the Mann–Whitney U statistic).
 */
function pairWins(
  scores: Numbers,
  labels: Numbers,
  rows: ArrayLike<number>,
): { wins: number; positives: number; negatives: number } {
  const order = orderByScore(scores, rows);
  let wins = 0;
  let negativesBelow = 0;
  let positives = 0;
  let i = 0;
  while (i < order.length) {
    const score = scores[order[i] as number] as number;
    let tiePositives = 0;
    let tieNegatives = 0;
    let j = i;
    while (j < order.length && scores[order[j] as number] === score) {
      if ((labels[order[j] as number] as number) > 0.5) tiePositives += 1;
      else tieNegatives += 1;
      j += 1;
    }
    wins += tiePositives * (negativesBelow + 0.5 * tieNegatives);
    negativesBelow += tieNegatives;
    positives += tiePositives;
    i = j;
  }
  return { wins, positives, negatives: negativesBelow };
}

function allRows(n: number): Int32Array {
  const rows = new Int32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  return rows;
}

/**
 * Exact ROC AUC over every row: the probability that a random positive scores above a random
 * negative, ties counted as one half. O(n log n). NaN when either class is absent.
 * Labels above 0.5 are positives.
 */
export function auc(scores: Numbers, labels: Numbers): number {
  const { wins, positives, negatives } = pairWins(scores, labels, allRows(scores.length));
  return positives === 0 || negatives === 0 ? NaN : wins / (positives * negatives);
}

/**
 * Group AUC: the AUC of each group (a user, by an integer code), averaged. Groups with one
 * class only are skipped, as EasyRec's gauc does. `mean` weighs groups equally,
 * `mean_by_sample_num` by their rows, `mean_by_positive_num` by their positives.
 * NaN when no group has both classes.
 */
export function gauc(
  scores: Numbers,
  labels: Numbers,
  groups: ArrayLike<number>,
  reduction: GaucReduction = 'mean',
): number {
  const n = scores.length;
  // Sort rows by group once, then take each group's run: O(n log n) overall.
  const byGroup = allRows(n).sort((a, b) => (groups[a] as number) - (groups[b] as number));
  let weighted = 0;
  let totalWeight = 0;
  let start = 0;
  while (start < n) {
    const group = groups[byGroup[start] as number];
    let end = start;
    while (end < n && groups[byGroup[end] as number] === group) end += 1;
    const rows = byGroup.subarray(start, end);
    const { wins, positives, negatives } = pairWins(scores, labels, rows);
    if (positives > 0 && negatives > 0) {
      const weight =
        reduction === 'mean' ? 1 : reduction === 'mean_by_sample_num' ? rows.length : positives;
      weighted += weight * (wins / (positives * negatives));
      totalWeight += weight;
    }
    start = end;
  }
  return totalWeight === 0 ? NaN : weighted / totalWeight;
}

/** Probabilities are clipped to [ε, 1 − ε] with TF's log-loss ε, so a 0 or 1 stays finite. */
const LOG_LOSS_EPSILON = 1e-7;

/** Mean binary cross-entropy of probabilities against 0/1 labels. */
export function logLoss(probs: Numbers, labels: Numbers): number {
  let sum = 0;
  for (let i = 0; i < probs.length; i++) {
    const p = Math.min(Math.max(probs[i] as number, LOG_LOSS_EPSILON), 1 - LOG_LOSS_EPSILON);
    sum -= (labels[i] as number) > 0.5 ? Math.log(p) : Math.log(1 - p);
  }
  return probs.length === 0 ? NaN : sum / probs.length;
}

/**
 * Mean multi-class cross-entropy (log loss): −ln p[label] per row of a `rows × width` array of
 * class probabilities, labels as class ids; each probability clipped below at the same ε.
 * A label outside [0, width) counts as probability ε (the loss of a class never predicted).
 */
export function multiClassLogLoss(probs: Numbers, width: number, labels: Numbers): number {
  const rows = Math.floor(probs.length / width);
  let sum = 0;
  for (let r = 0; r < rows; r++) {
    const k = Math.round(labels[r] as number);
    const p = k >= 0 && k < width ? (probs[r * width + k] as number) : 0;
    sum -= Math.log(Math.min(Math.max(p, LOG_LOSS_EPSILON), 1));
  }
  return rows === 0 ? NaN : sum / rows;
}

export function meanSquaredError(predictions: Numbers, labels: Numbers): number {
  let sum = 0;
  for (let i = 0; i < predictions.length; i++) {
    const d = (predictions[i] as number) - (labels[i] as number);
    sum += d * d;
  }
  return predictions.length === 0 ? NaN : sum / predictions.length;
}

export function meanAbsoluteError(predictions: Numbers, labels: Numbers): number {
  let sum = 0;
  for (let i = 0; i < predictions.length; i++) {
    sum += Math.abs((predictions[i] as number) - (labels[i] as number));
  }
  return predictions.length === 0 ? NaN : sum / predictions.length;
}

export function rootMeanSquaredError(predictions: Numbers, labels: Numbers): number {
  return Math.sqrt(meanSquaredError(predictions, labels));
}

/** Share of rows whose predicted class equals the label (class ids). */
export function accuracy(predictedClasses: Numbers, labels: Numbers): number {
  let hits = 0;
  for (let i = 0; i < predictedClasses.length; i++) {
    if (Math.round(predictedClasses[i] as number) === Math.round(labels[i] as number)) hits += 1;
  }
  return predictedClasses.length === 0 ? NaN : hits / predictedClasses.length;
}

/**
 * Running average of per-task training losses between two reports: the trainer adds each
 * read-back sum of steps and takes the mean when it reports.
 */
export class RunningLoss {
  private sums: number[];
  private steps = 0;

  constructor(readonly names: readonly string[]) {
    this.sums = names.map(() => 0);
  }

  /** Adds the losses summed over `steps` steps (one value per name). */
  add(sums: ArrayLike<number>, steps = 1): void {
    for (let i = 0; i < this.sums.length; i++)
      this.sums[i] = (this.sums[i] as number) + (sums[i] as number);
    this.steps += steps;
  }

  get count(): number {
    return this.steps;
  }

  /** The mean per name since the last `take`, and a reset. */
  take(): Record<string, number> {
    const result: Record<string, number> = {};
    this.names.forEach((name, i) => {
      result[name] = this.steps === 0 ? NaN : (this.sums[i] as number) / this.steps;
    });
    this.sums = this.names.map(() => 0);
    this.steps = 0;
    return result;
  }
}
