/**
 * tfjs 4.22's WASM backend has no UnsortedSegmentSum kernel, which the gradient of every
 * tf.layers.embedding needs: a plain LayersModel with embeddings cannot train on WASM at all.
 * A tfjs user hits "Kernel 'UnsortedSegmentSum' not registered for backend 'wasm'" and adds a
 * small JavaScript kernel like this one, so the baseline can run. (Our trainer avoids the
 * kernel: its lookup gradient is a ScatterNd, see src/core/model/embedding.ts.)
 */
import * as tf from '@tensorflow/tfjs';

interface WasmLike {
  readSync(dataId: unknown): ArrayLike<number>;
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
}

export function registerSegmentSumForWasm(): void {
  if (tf.getKernel('UnsortedSegmentSum', 'wasm')) return;
  tf.registerKernel({
    kernelName: 'UnsortedSegmentSum',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const wasm = backend as unknown as WasmLike;
      const { x, segmentIds } = inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
      const numSegments = (attrs as { numSegments: number }).numSegments;
      const width = x.shape.slice(1).reduce((a, b) => a * b, 1);
      const values = wasm.readSync(x.dataId);
      const ids = wasm.readSync(segmentIds.dataId);
      const out = wasm.makeOutput([numSegments, ...x.shape.slice(1)], 'float32');
      const target = wasm.typedArrayFromHeap(out);
      target.fill(0);
      for (let r = 0; r < ids.length; r++) {
        const base = (ids[r] as number) * width;
        for (let c = 0; c < width; c++)
          target[base + c] = (target[base + c] as number) + (values[r * width + c] as number);
      }
      return out;
    },
  });
}
