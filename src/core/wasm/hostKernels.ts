/**
 * Our WebAssembly kernels (kernels.wat) as tfjs kernels of the WASM backend. The module
 * imports the backend's own memory, so a kernel reads its inputs and writes its outputs where
 * tfjs keeps them: no copies. Outputs are always fresh tensors; nothing is written in place
 * (tfjs tensors are immutable, and the backend caches packed matMul weights by tensor id).
 *
 * Other backends (WebGPU, WebGL, CPU) keep the op path; callers ask `wasmKernelsReady()` and
 * fall back. The op path and these kernels compute the same thing (tests compare them).
 */
import * as tf from '@tensorflow/tfjs';
import { KERNELS_SHARED_WASM_BASE64, KERNELS_WASM_BASE64 } from './kernelsBinary';

export const ADAM_KERNEL = 'DbmtlAdamUpdate';
export const BN_FORWARD_KERNEL = 'DbmtlBatchNormForward';
export const BN_BACKWARD_KERNEL = 'DbmtlBatchNormBackward';
export const TRANSPOSE_KERNEL = 'DbmtlTranspose2D';
export const RELU_BACKWARD_KERNEL = 'DbmtlReluBackward';
export const COLUMN_SUMS_KERNEL = 'DbmtlColumnSums';
export const GATHER_ROWS_KERNEL = 'DbmtlGatherRows';
export const SPLIT_COLUMNS_KERNEL = 'DbmtlSplitColumns';
export const CONCAT_COLUMNS_KERNEL = 'DbmtlConcatColumns';
export const MATMUL_KERNEL = 'DbmtlMatMul';

export interface Exports {
  adam(
    g: number,
    w: number,
    m: number,
    v: number,
    nw: number,
    nm: number,
    nv: number,
    n: number,
    l2: number,
    scale: number,
    b1: number,
    c1: number,
    b2: number,
    c2: number,
    eps: number,
    step: number,
  ): void;
  sumsq(g: number, w: number, n: number, l2: number): number;
  transpose(src: number, rows: number, cols: number, dst: number): void;
  relu_backward(dy: number, y: number, rows: number, cols: number, g: number, dbias: number): void;
  column_sums(g: number, rows: number, cols: number, out: number): void;
  gather_rows(
    table: number,
    tableRows: number,
    dim: number,
    ids: number,
    n: number,
    out: number,
  ): void;
  matmul(
    a: number,
    m: number,
    k: number,
    b: number,
    n: number,
    bT: number,
    bias: number,
    relu: number,
    c: number,
    scratch: number,
  ): void;
  copy_block(
    src: number,
    srcStride: number,
    dst: number,
    dstStride: number,
    rows: number,
    width: number,
  ): void;
  bn_forward(
    z: number,
    rows: number,
    cols: number,
    gamma: number,
    beta: number,
    eps: number,
    relu: number,
    value: number,
    xhat: number,
    mean: number,
    variance: number,
    r: number,
  ): void;
  bn_backward(
    dy: number,
    value: number,
    xhat: number,
    gamma: number,
    r: number,
    rows: number,
    cols: number,
    relu: number,
    dz: number,
    dgamma: number,
    dbeta: number,
    dbias: number,
  ): void;
}

/** What of tfjs's WASM backend this file uses (4.22). */
interface WasmBackend {
  /** Exported as asm.memory by the plain build; made in JS as wasmMemory by the threaded one. */
  wasm: { asm?: { memory?: WebAssembly.Memory }; wasmMemory?: WebAssembly.Memory };
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  getMemoryOffset(dataId: tf.DataId): number;
  disposeData(dataId: tf.DataId, force?: boolean): boolean;
}

const instances = new WeakMap<object, Exports | null>();

/** Our module over a memory, plain or shared (tfjs-wasm's threaded build shares its memory). */
export function instantiateKernels(memory: WebAssembly.Memory): Exports {
  const shared =
    typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  const base64 = shared ? KERNELS_SHARED_WASM_BASE64 : KERNELS_WASM_BASE64;
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
  return instance.exports as unknown as Exports;
}

function memoryOf(backend: WasmBackend): WebAssembly.Memory | undefined {
  return backend.wasm.asm?.memory ?? backend.wasm.wasmMemory;
}

function kernelsFor(backend: WasmBackend): Exports | null {
  const cached = instances.get(backend.wasm);
  if (cached !== undefined) return cached;
  let exports: Exports | null = null;
  try {
    const memory = memoryOf(backend);
    if (!(memory instanceof WebAssembly.Memory))
      throw new Error('this tfjs-wasm build does not expose its memory');
    exports = instantiateKernels(memory);
  } catch (error) {
    // No SIMD or bulk memory in this engine, or another tfjs build: tfjs's own kernels then,
    // about twice as slow for training (bench/NOTES.md section 6).
    console.warn(
      `DBMTL Studio's WebAssembly kernels could not start (${String(error)}); training on WASM uses tfjs's own kernels.`,
    );
  }
  instances.set(backend.wasm, exports);
  return exports;
}

/** Outputs first, then offsets: allocating may grow (move) nothing, but offsets are final. */
function outputs(
  backend: WasmBackend,
  shapes: number[][],
): { infos: tf.TensorInfo[]; at: number[] } {
  const infos = shapes.map((s) => backend.makeOutput(s, 'float32'));
  return { infos, at: infos.map((i) => backend.getMemoryOffset(i.dataId)) };
}

function matrix(inputs: tf.NamedTensorInfoMap, name: string): [number, number] {
  return (inputs[name] as tf.TensorInfo).shape as [number, number];
}

function offset(backend: WasmBackend, inputs: tf.NamedTensorInfoMap, name: string): number {
  return backend.getMemoryOffset((inputs[name] as tf.TensorInfo).dataId);
}

/** Adam's constants for one step; the layout of the inputs is in `adamKernel`. */
export interface AdamKernelAttrs {
  /** Per group of params sharing flat moments: each param's size and whether it takes L2. */
  groups: { sizes: number[]; l2: boolean[] }[];
  beta1: number;
  beta2: number;
  epsilon: number;
  /** lr·√(1−β2ᵗ)/(1−β1ᵗ). */
  stepSize: number;
  l2: number;
  /** 0 for none. */
  clipNorm: number;
}

const f = Math.fround;

/**
 * Inputs: per group k its moments `m{k}`, `v{k}`; per param j (numbered across groups) its
 * gradient `g{j}` and value `p{j}`. Outputs: the L2 term l2·Σ½‖W‖² (scalar), per group its new
 * m and v, then every param's new value. The update is Adam.apply's op path, operation by
 * operation in float32; the two sums (global norm, L2 term) are taken in float64.
 */
function adamKernel(
  k: Exports,
  backend: WasmBackend,
  inputs: tf.NamedTensorInfoMap,
  attrs: AdamKernelAttrs,
) {
  const input = (name: string) => inputs[name] as tf.TensorInfo;
  const at = (name: string) => offset(backend, inputs, name);
  const l2 = f(attrs.l2);
  const params: { group: number; offset: number; size: number; l2: boolean }[] = [];
  attrs.groups.forEach((group, g) => {
    let offset = 0;
    group.sizes.forEach((size, j) => {
      params.push({ group: g, offset, size, l2: l2 !== 0 && group.l2[j] === true });
      offset += size;
    });
  });
  let l2Sum = 0;
  let normSquared = 0;
  params.forEach((p, j) => {
    if (p.l2) l2Sum += k.sumsq(at(`p${j}`), 0, p.size, 0);
    if (attrs.clipNorm > 0) normSquared += k.sumsq(at(`g${j}`), at(`p${j}`), p.size, p.l2 ? l2 : 0);
  });
  const clip = f(attrs.clipNorm);
  const scale = clip > 0 ? f(clip / Math.max(f(Math.sqrt(normSquared)), clip)) : 1;

  const out = outputs(backend, [
    [],
    ...attrs.groups.flatMap((_, g) => [input(`m${g}`).shape, input(`v${g}`).shape]),
    ...params.map((_, j) => input(`p${j}`).shape),
  ]);
  const moments = 1 + 2 * attrs.groups.length;
  params.forEach((p, j) => {
    const slot = (base: number) => base + 4 * p.offset; // the param's slice of its group
    k.adam(
      at(`g${j}`),
      at(`p${j}`),
      slot(at(`m${p.group}`)),
      slot(at(`v${p.group}`)),
      out.at[moments + j] as number,
      slot(out.at[1 + 2 * p.group] as number),
      slot(out.at[2 + 2 * p.group] as number),
      p.size,
      p.l2 ? l2 : 0,
      scale,
      f(attrs.beta1),
      f(1 - attrs.beta1),
      f(attrs.beta2),
      f(1 - attrs.beta2),
      f(attrs.epsilon),
      f(attrs.stepSize),
    );
  });
  new Float32Array((memoryOf(backend) as WebAssembly.Memory).buffer, out.at[0] as number, 1)[0] =
    l2 !== 0 ? f(f(0.5 * attrs.l2) * f(l2Sum)) : 0;
  return out.infos;
}

function register(
  name: string,
  kernelFunc: (
    k: Exports,
    backend: WasmBackend,
    inputs: tf.NamedTensorInfoMap,
    attrs: never,
  ) => tf.TensorInfo[],
): void {
  if (tf.getKernel(name, 'wasm')) return;
  tf.registerKernel({
    kernelName: name,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const b = backend as unknown as WasmBackend;
      const infos = kernelFunc(kernelsFor(b) as Exports, b, inputs, attrs as never);
      // One output comes back from runKernel as a tensor, not a list of one.
      return infos.length === 1 ? (infos[0] as tf.TensorInfo) : infos;
    },
  });
}

let enabled = true;

/**
 * Turns our kernels off (or back on) for this process: the op path then runs on WASM too.
 * For tests and benchmarks that compare the two.
 */
export function setWasmKernelsEnabled(on: boolean): void {
  enabled = on;
}

function transposeKernel(k: Exports, backend: WasmBackend, inputs: tf.NamedTensorInfoMap) {
  const [rows, cols] = matrix(inputs, 'x');
  const out = outputs(backend, [[cols, rows]]);
  k.transpose(offset(backend, inputs, 'x'), rows, cols, out.at[0] as number);
  return out.infos;
}

function reluBackwardKernel(k: Exports, backend: WasmBackend, inputs: tf.NamedTensorInfoMap) {
  const [rows, cols] = matrix(inputs, 'dy');
  const out = outputs(backend, [[rows, cols], [cols]]);
  const [g, dBias] = out.at as [number, number];
  const dy = offset(backend, inputs, 'dy');
  k.relu_backward(dy, offset(backend, inputs, 'y'), rows, cols, g, dBias);
  return out.infos;
}

function columnSumsKernel(k: Exports, backend: WasmBackend, inputs: tf.NamedTensorInfoMap) {
  const [rows, cols] = matrix(inputs, 'x');
  const out = outputs(backend, [[cols]]);
  k.column_sums(offset(backend, inputs, 'x'), rows, cols, out.at[0] as number);
  return out.infos;
}

function gatherRowsKernel(k: Exports, backend: WasmBackend, inputs: tf.NamedTensorInfoMap) {
  const [tableRows, dim] = matrix(inputs, 'table');
  const n = (inputs.ids as tf.TensorInfo).shape[0] as number;
  const out = outputs(backend, [[n, dim]]);
  const table = offset(backend, inputs, 'table');
  k.gather_rows(table, tableRows, dim, offset(backend, inputs, 'ids'), n, out.at[0] as number);
  return out.infos;
}

/** x [rows, Σ sizes] → one [rows, size] matrix per size, left to right. */
function splitColumnsKernel(
  k: Exports,
  backend: WasmBackend,
  inputs: tf.NamedTensorInfoMap,
  attrs: { sizes: number[] },
) {
  const [rows, cols] = matrix(inputs, 'x');
  const out = outputs(
    backend,
    attrs.sizes.map((width) => [rows, width]),
  );
  const x = offset(backend, inputs, 'x');
  let column = 0;
  attrs.sizes.forEach((width, i) => {
    k.copy_block(x + 4 * column, cols, out.at[i] as number, width, rows, width);
    column += width;
  });
  return out.infos;
}

/** x0, x1, … (each [rows, width]) → [rows, Σ widths]. */
function concatColumnsKernel(k: Exports, backend: WasmBackend, inputs: tf.NamedTensorInfoMap) {
  const parts: tf.TensorInfo[] = [];
  for (let i = 0; inputs[`x${i}`] !== undefined; i++) parts.push(inputs[`x${i}`] as tf.TensorInfo);
  const rows = parts[0]?.shape[0] as number;
  const cols = parts.reduce((n, p) => n + (p.shape[1] as number), 0);
  const out = outputs(backend, [[rows, cols]]);
  const target = out.at[0] as number;
  let column = 0;
  parts.forEach((p) => {
    const width = p.shape[1] as number;
    k.copy_block(backend.getMemoryOffset(p.dataId), width, target + 4 * column, cols, rows, width);
    column += width;
  });
  return out.infos;
}

/**
 * a [M, K] · b ([K, N], or [N, K] with transposeB) (+ bias [N], then ReLU if asked) → [M, N].
 * B is packed into a scratch tensor freed before returning.
 */
function matMulKernel(
  k: Exports,
  backend: WasmBackend,
  inputs: tf.NamedTensorInfoMap,
  attrs: { transposeB: boolean; relu: boolean },
) {
  const [m, inner] = matrix(inputs, 'a');
  const [b0, b1] = matrix(inputs, 'b');
  const n = attrs.transposeB ? b0 : b1;
  const panels = Math.ceil(n / 8);
  const out = outputs(backend, [[m, n], [panels * 8 * (inner + 1) + 16]]);
  const [c, scratch] = out.at as [number, number];
  const bias = inputs.bias ? offset(backend, inputs, 'bias') : 0;
  const a = offset(backend, inputs, 'a');
  const b = offset(backend, inputs, 'b');
  k.matmul(a, m, inner, b, n, attrs.transposeB ? 1 : 0, bias, attrs.relu ? 1 : 0, c, scratch);
  backend.disposeData((out.infos[1] as tf.TensorInfo).dataId, true);
  return [out.infos[0] as tf.TensorInfo];
}

let registered = false;

/** True when the active backend is WASM and our kernels run on it (registering them once). */
export function wasmKernelsReady(): boolean {
  if (!enabled || tf.getBackend() !== 'wasm') return false;
  if (kernelsFor(tf.backend() as unknown as WasmBackend) === null) return false;
  if (!registered) {
    registered = true;
    register(ADAM_KERNEL, adamKernel);
    register(BN_FORWARD_KERNEL, bnForwardKernel);
    register(BN_BACKWARD_KERNEL, bnBackwardKernel);
    register(TRANSPOSE_KERNEL, transposeKernel);
    register(RELU_BACKWARD_KERNEL, reluBackwardKernel);
    register(COLUMN_SUMS_KERNEL, columnSumsKernel);
    register(GATHER_ROWS_KERNEL, gatherRowsKernel);
    register(SPLIT_COLUMNS_KERNEL, splitColumnsKernel);
    register(CONCAT_COLUMNS_KERNEL, concatColumnsKernel);
    register(MATMUL_KERNEL, matMulKernel);
  }
  return true;
}

/**
 * Inputs z [rows, cols] (the dense layer's output), gamma, beta; attrs epsilon, relu.
 * Outputs value, x̂ ([rows, cols]), mean, variance (biased) and r = 1/√(variance + ε) ([cols]).
 */
function bnForwardKernel(
  k: Exports,
  backend: WasmBackend,
  inputs: tf.NamedTensorInfoMap,
  attrs: { epsilon: number; relu: boolean },
) {
  const z = inputs.z as tf.TensorInfo;
  const [rows, cols] = z.shape as [number, number];
  const at = (name: string) => offset(backend, inputs, name);
  const out = outputs(backend, [z.shape, z.shape, [cols], [cols], [cols]]);
  const [value, xHat, mean, variance, r] = out.at as [number, number, number, number, number];
  k.bn_forward(
    at('z'),
    rows,
    cols,
    at('gamma'),
    at('beta'),
    f(attrs.epsilon),
    attrs.relu ? 1 : 0,
    value,
    xHat,
    mean,
    variance,
    r,
  );
  return out.infos;
}

/**
 * Inputs dy, value, x̂ ([rows, cols]), gamma, r ([cols]); attr relu. Outputs ∂z [rows, cols],
 * ∂γ, ∂β and ∂bias ([cols]); see kernels.wat.
 */
function bnBackwardKernel(
  k: Exports,
  backend: WasmBackend,
  inputs: tf.NamedTensorInfoMap,
  attrs: { relu: boolean },
) {
  const dy = inputs.dy as tf.TensorInfo;
  const [rows, cols] = dy.shape as [number, number];
  const at = (name: string) => offset(backend, inputs, name);
  const out = outputs(backend, [dy.shape, [cols], [cols], [cols]]);
  const [dz, dGamma, dBeta, dBias] = out.at as [number, number, number, number];
  k.bn_backward(
    at('dy'),
    at('value'),
    at('xHat'),
    at('gamma'),
    at('r'),
    rows,
    cols,
    attrs.relu ? 1 : 0,
    dz,
    dGamma,
    dBeta,
    dBias,
  );
  return out.infos;
}

/** xᵀ of a matrix: our SIMD kernel on WASM (tfjs's general transpose is ~5× slower there). */
export function transpose2d(x: tf.Tensor2D): tf.Tensor2D {
  if (!wasmKernelsReady()) return tf.transpose(x);
  return tf.engine().runKernel(TRANSPOSE_KERNEL, { x }, {}) as tf.Tensor2D;
}

/** Rows of a table by int32 id (an embedding lookup's forward); tf.gather off WASM. */
export function gatherRows(table: tf.Tensor, ids: tf.Tensor1D): tf.Tensor2D {
  if (!wasmKernelsReady() || table.rank !== 2 || ids.dtype !== 'int32')
    return tf.gather(table, ids) as tf.Tensor2D;
  return tf.engine().runKernel(GATHER_ROWS_KERNEL, { table, ids }, {}) as tf.Tensor2D;
}

/**
 * Matrices side by side ([rows, Σ widths]), with the column slices of the incoming gradient
 * as their gradients. tf.concat and its gradient (tf.split) off WASM; on it, one copy per part
 * each way (the backend's split copies the whole source once per piece).
 */
export function concatColumns(parts: tf.Tensor2D[]): tf.Tensor2D {
  if (parts.length === 1) return parts[0] as tf.Tensor2D;
  const rows = parts[0]?.shape[0];
  if (parts.some((p) => p.shape[0] !== rows))
    throw new Error(`concatColumns: parts of ${parts.map((p) => p.shape[0]).join(', ')} rows`);
  if (!wasmKernelsReady()) return tf.concat(parts, 1);
  const sizes = parts.map((p) => p.shape[1]);
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const inputs: tf.NamedTensorMap = {};
    parts.forEach((_, i) => {
      inputs[`x${i}`] = args[i] as tf.Tensor;
    });
    return {
      value: tf.engine().runKernel(CONCAT_COLUMNS_KERNEL, inputs, {}) as tf.Tensor2D,
      gradFunc: (dy: tf.Tensor) =>
        tf.engine().runKernel(SPLIT_COLUMNS_KERNEL, { x: dy }, { sizes }) as tf.Tensor[],
    };
  });
  return op(...parts) as tf.Tensor2D;
}

/**
 * a · b (b transposed if asked) (+ bias, ReLU) for matrices. On WASM our own product
 * (kernels.wat `matmul`: 4×8 register blocks over B packed in panels of 8 columns), 1.2–2.2×
 * tfjs's speed on the model's products (bench/node/products.ts); elsewhere tfjs's (fused) matMul.
 */
export function matMul2d(
  a: tf.Tensor2D,
  b: tf.Tensor2D,
  options: { transposeB?: boolean; bias?: tf.Tensor1D; relu?: boolean } = {},
): tf.Tensor2D {
  const { transposeB = false, bias, relu = false } = options;
  const [rows, inner] = a.shape;
  const [b0, b1] = b.shape;
  if (inner !== (transposeB ? b1 : b0) || (bias && bias.shape[0] !== (transposeB ? b0 : b1)))
    throw new Error(
      `matMul2d: shapes [${a.shape}] · [${b.shape}]${transposeB ? 'ᵀ' : ''}${bias ? ` + [${bias.shape}]` : ''} do not fit`,
    );
  if (wasmKernelsReady()) {
    const inputs: tf.NamedTensorMap = bias ? { a, b, bias } : { a, b };
    return tf.engine().runKernel(MATMUL_KERNEL, inputs, { transposeB, relu }) as tf.Tensor2D;
  }
  if (transposeB) {
    // The transpose made explicit: tfjs-wasm runs transposed products ~10× slower than plain
    // ones. Not fused: its _FusedMatMul gives wrong numbers with transposeB and a bias
    // (hostKernels.test.ts found it); a transposed product is only a gradient here anyway.
    const product = tf.matMul(a, tf.transpose(b)) as tf.Tensor2D;
    const biased = bias ? (tf.add(product, bias) as tf.Tensor2D) : product;
    return relu ? (tf.relu(biased) as tf.Tensor2D) : biased;
  }
  if (!bias && !relu) return tf.matMul(a, b);
  // tf.fused.matMul falls back to three kernels whenever gradients are recorded; called from
  // inside a customGrad (the tape is off there) the fused kernel itself can run.
  const inputs: tf.NamedTensorMap = {
    a: tf.reshape(a, [1, rows, inner]),
    b: tf.reshape(b, [1, b0, b1]),
  };
  if (bias) inputs.bias = bias;
  const attrs = { transposeA: false, transposeB: false, activation: relu ? 'relu' : 'linear' };
  const out = tf.engine().runKernel('_FusedMatMul', inputs, attrs) as tf.Tensor3D;
  return tf.reshape(out, [rows, b1]);
}
