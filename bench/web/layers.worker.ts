/**
 * The tfjs LayersModel baseline in the browser: the same model as bench/node/layers.ts, trained
 * with `fit` in a worker of its own (as our trainer runs in the app's worker), on the backend
 * asked for. The backend is set by the app's own loader and self-test (src/worker/backend.ts),
 * so the two sides start from the same backend set-up. One request, one reply.
 */
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { selectBackend } from '../../src/worker/backend';
import type { BackendName } from '../../src/worker/protocol';
import { runLayers } from '../node/layers';
import type { TrainRun } from '../node/ours';
import { registerSegmentSum } from '../node/segmentSum';
import { benchData } from '../setup';

export interface LayersRequest {
  backend: BackendName;
  batchSize: number;
  budgetMs: number;
  limitMs: number;
  every: number;
}

export type LayersReply =
  ({ ok: true; backend: string } & TrainRun) | { ok: false; backend: string; error: string };

const scope = self as unknown as {
  postMessage: (message: LayersReply) => void;
  onmessage: ((event: MessageEvent<LayersRequest>) => void) | null;
};

scope.onmessage = async ({ data: request }) => {
  try {
    const { backend } = await selectBackend(request.backend, {
      wasmPaths: {
        'tfjs-backend-wasm.wasm': wasmPlain,
        'tfjs-backend-wasm-simd.wasm': wasmSimd,
        'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
      },
    });
    if (backend === 'wasm' || backend === 'cpu') registerSegmentSum(backend);
    const run = await runLayers(benchData(), request.batchSize, request);
    scope.postMessage({ ok: true, backend, ...run });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    scope.postMessage({ ok: false, backend: request.backend, error: message.slice(0, 300) });
  }
};
