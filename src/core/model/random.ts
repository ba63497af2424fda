/**
 * A small seeded pseudo-random generator, so that initialisation, shuffling and dropout masks
 * are the same on every backend and every run with the same seed. tfjs's own random ops are
 * seeded per call only and differ between backends, so weights are drawn here in plain
 * TypeScript and uploaded.
 */

/** Generator state: one 32-bit word (mulberry32-style mixing). */
export class Random {
  private state: number;

  constructor(seed: number) {
    // Mix the seed so that neighbouring seeds (1, 2, 3) start far apart.
    this.state = (Math.imul(seed | 0, 0x9e3779b1) ^ 0x85ebca6b) >>> 0;
  }

  /** A uniform integer in [0, 2³²). */
  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return (z ^ (z >>> 14)) >>> 0;
  }

  /** A uniform number in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** A uniform number in [low, high). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.next();
  }

  /** A standard normal (Box–Muller; one value per call, the second is dropped for simplicity). */
  normal(): number {
    const u = 1 - this.next(); // (0, 1]: log stays finite
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** A normal with this stddev, redrawn beyond two stddevs, as TF's truncated_normal does. */
  truncatedNormal(stddev: number): number {
    for (;;) {
      const z = this.normal();
      if (Math.abs(z) <= 2) return z * stddev;
    }
  }

  /** The generator's position, to continue its stream later (a resumed training run). */
  saveState(): number {
    return this.state;
  }

  /** Continues the stream from a `saveState()` value. */
  restoreState(state: number): void {
    this.state = state >>> 0;
  }

  /** A derived generator, so that independent streams do not shift each other. */
  fork(): Random {
    return new Random(this.nextUint32());
  }

  /** Shuffles in place (Fisher–Yates). */
  shuffle<T extends { [i: number]: number; length: number }>(values: T): T {
    for (let i = values.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const t = values[i] as number;
      values[i] = values[j] as number;
      values[j] = t;
    }
    return values;
  }
}

/** A Glorot-uniform kernel [fanIn, fanOut], as Keras and tf.layers.dense initialise kernels. */
export function glorotUniform(random: Random, fanIn: number, fanOut: number): Float32Array {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const values = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < values.length; i++) values[i] = random.uniform(-limit, limit);
  return values;
}

/** An embedding table [rows, dim] from a truncated normal with stddev 0.01 / √dim (EasyRec). */
export function embeddingInit(random: Random, rows: number, dim: number): Float32Array {
  const stddev = 0.01 / Math.sqrt(dim);
  const values = new Float32Array(rows * dim);
  for (let i = 0; i < values.length; i++) values[i] = random.truncatedNormal(stddev);
  return values;
}
