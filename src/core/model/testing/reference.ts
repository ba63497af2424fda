/**
 * An independent reference for tests: the DBMTL building blocks in plain TypeScript float64
 * arithmetic (no tfjs), written from DBMTL.md rather than from the model code. Tests wire
 * these blocks by hand for a tiny model and compare with the tfjs forward, loss and gradients.
 */

export type Matrix = number[][];
export type Params = Map<string, { shape: number[]; values: number[] }>;

export function param(params: Params, name: string): number[] {
  const p = params.get(name);
  if (!p) throw new Error(`reference: no parameter ${name}`);
  return p.values;
}

/** x · W + b with W stored row-major [in, out]. */
export function dense(x: Matrix, kernel: number[], bias: number[]): Matrix {
  const out = bias.length;
  return x.map((row) => {
    const y = [...bias];
    row.forEach((xi, i) => {
      for (let j = 0; j < out; j++) y[j] = (y[j] as number) + xi * (kernel[i * out + j] as number);
    });
    return y;
  });
}

export function denseNamed(params: Params, scope: string, x: Matrix): Matrix {
  return dense(x, param(params, `${scope}/kernel`), param(params, `${scope}/bias`));
}

/** Batch norm; training uses the batch mean and biased variance, inference the moving ones. */
export function batchNorm(params: Params, scope: string, x: Matrix, training: boolean): Matrix {
  const gamma = param(params, `${scope}/gamma`);
  const beta = param(params, `${scope}/beta`);
  const n = x.length;
  let mean = param(params, `${scope}/moving_mean`);
  let variance = param(params, `${scope}/moving_variance`);
  if (training) {
    mean = gamma.map((_, j) => x.reduce((s, r) => s + (r[j] as number), 0) / n);
    variance = gamma.map(
      (_, j) => x.reduce((s, r) => s + ((r[j] as number) - (mean[j] as number)) ** 2, 0) / n,
    );
  }
  return x.map((r) =>
    r.map(
      (v, j) =>
        ((v - (mean[j] as number)) / Math.sqrt((variance[j] as number) + 1e-3)) *
          (gamma[j] as number) +
        (beta[j] as number),
    ),
  );
}

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

export const ACT: Record<string, (v: number) => number> = {
  relu: (v) => Math.max(v, 0),
  tanh: Math.tanh,
  sigmoid,
  swish: (v) => v * sigmoid(v),
  gelu: (v) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3))),
  elu: (v) => (v > 0 ? v : Math.exp(v) - 1),
  leaky_relu: (v) => (v > 0 ? v : 0.2 * v),
};

/** One DNN layer: dense → (BN) → activation. */
export function layer(
  params: Params,
  scope: string,
  x: Matrix,
  activation: string,
  bn: boolean,
  training: boolean,
): Matrix {
  let y = denseNamed(params, scope, x);
  if (bn) y = batchNorm(params, `${scope}/bn`, y, training);
  const f = ACT[activation] as (v: number) => number;
  return y.map((r) => r.map(f));
}

export function concat(...parts: Matrix[]): Matrix {
  return (parts[0] as Matrix).map((_, i) => parts.flatMap((p) => p[i] as number[]));
}

export function softmaxRow(row: number[]): number[] {
  const max = Math.max(...row);
  const e = row.map((v) => Math.exp(v - max));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

/** Σ w·loss / count(w ≠ 0), 0 when no weight is non-zero. */
export function weightedMean(losses: number[], weights: number[]): number {
  const count = weights.filter((w) => w !== 0).length;
  if (count === 0) return 0;
  return losses.reduce((s, l, i) => s + l * (weights[i] as number), 0) / count;
}

export const sigmoidCrossEntropy = (z: number, y: number) =>
  -(y * Math.log(sigmoid(z)) + (1 - y) * Math.log(1 - sigmoid(z)));

export const softmaxCrossEntropy = (logits: number[], label: number) =>
  -Math.log(softmaxRow(logits)[label] as number);

/** ½ Σ v² over all values. */
export function halfSquares(values: number[]): number {
  return 0.5 * values.reduce((s, v) => s + v * v, 0);
}
