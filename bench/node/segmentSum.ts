/**
 * The gradient of every tf.layers.embedding is an UnsortedSegmentSum over the table's rows, and
 * tfjs 4.22 makes a plain LayersModel with embeddings untrainable or nearly so off the GPU:
 * - WASM has no such kernel: a tfjs user hits "Kernel 'UnsortedSegmentSum' not registered for
 *   backend 'wasm'" and adds a small JavaScript kernel like this one;
 * - the CPU backend has one that runs four kernels (equal, cast, multiply, sum) over the whole
 *   batch for each of the table's rows: one batch of 256 took 124 s here (bench/NOTES.md).
 * The baseline gets this one-pass kernel on both, so that it measures the model written with
 * tf.layers, not that kernel. (Our trainer avoids the kernel: its lookup gradient is a ScatterNd,
 * see src/core/model/embedding.ts.)
 */
import * as tf from '@tensorflow/tfjs';

interface HostBackend {
  readSync(dataId: unknown): ArrayLike<number>;
}
interface WasmLike extends HostBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
}
interface CpuLike extends HostBackend {
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo;
}

/** out[ids[r]] += x[r] for every row r of x (width values each). */
function segmentSum(
  values: ArrayLike<number>,
  ids: ArrayLike<number>,
  width: number,
  out: Float32Array,
) {
  out.fill(0);
  for (let r = 0; r < ids.length; r++) {
    const base = (ids[r] as number) * width;
    for (let c = 0; c < width; c++)
      out[base + c] = (out[base + c] as number) + (values[r * width + c] as number);
  }
}

export function registerSegmentSum(backendName: 'wasm' | 'cpu'): void {
  if (backendName === 'cpu') {
    tf.unregisterKernel('UnsortedSegmentSum', 'cpu');
  } else if (tf.getKernel('UnsortedSegmentSum', 'wasm')) return;
  tf.registerKernel({
    kernelName: 'UnsortedSegmentSum',
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, segmentIds } = inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
      const numSegments = (attrs as { numSegments: number }).numSegments;
      const rest = x.shape.slice(1);
      const width = rest.reduce((a, b) => a * b, 1);
      const host = backend as unknown as HostBackend;
      const values = host.readSync(x.dataId);
      const ids = host.readSync(segmentIds.dataId);
      if (backendName === 'wasm') {
        const wasm = backend as unknown as WasmLike;
        const out = wasm.makeOutput([numSegments, ...rest], 'float32');
        segmentSum(values, ids, width, wasm.typedArrayFromHeap(out));
        return out;
      }
      const target = new Float32Array(numSegments * width);
      segmentSum(values, ids, width, target);
      return (backend as unknown as CpuLike).makeTensorInfo(
        [numSegments, ...rest],
        'float32',
        target,
      );
    },
  });
}
