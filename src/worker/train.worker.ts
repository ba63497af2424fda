/**
 * The training worker: glue between `postMessage` and TrainSession. The WASM binaries are
 * bundled by Vite (`?url`) and handed to the backend loader; everything else lives in
 * trainSession.ts so that Node tests exercise it without a browser.
 */
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { FromWorker, ToWorker } from './protocol';
import { TrainSession } from './trainSession';

const scope = self as unknown as {
  postMessage: (message: FromWorker, transfer: Transferable[]) => void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
};

const session = new TrainSession((message, transfer = []) => scope.postMessage(message, transfer), {
  wasmPaths: {
    'tfjs-backend-wasm.wasm': wasmPlain,
    'tfjs-backend-wasm-simd.wasm': wasmSimd,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
  },
});

scope.onmessage = (event) => session.handle(event.data);

// For e2e tests only (Playwright's worker.evaluate): loses the WebGPU device as a GPU reset would.
(self as unknown as { __dbmtlLoseDevice?: () => boolean }).__dbmtlLoseDevice = () =>
  session.loseDevice();
