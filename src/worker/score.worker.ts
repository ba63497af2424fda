/**
 * The scoring worker: rebuilds the trained model from its manifest and weights on the WASM
 * backend (CPU where WASM fails; scoring is one forward pass, a GPU buys nothing here), scores
 * every row and replies with the output columns.
 */
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { disposeModel } from '../core/model/dbmtl';
import { loadModel } from '../core/train/checkpoint';
import { predict, scoreColumns } from '../core/train/evaluate';
import { selectBackend } from './backend';
import type { ScoreReply, ScoreRequest } from './scoreProtocol';

const scope = self as unknown as {
  postMessage: (message: ScoreReply, transfer: Transferable[]) => void;
  onmessage: ((event: MessageEvent<ScoreRequest>) => void) | null;
};

const env = {
  wasmPaths: {
    'tfjs-backend-wasm.wasm': wasmPlain,
    'tfjs-backend-wasm-simd.wasm': wasmSimd,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
  },
};

async function score(request: ScoreRequest): Promise<void> {
  try {
    await selectBackend('wasm', env).catch(() => selectBackend('cpu', env));
    const model = loadModel(request.manifest, request.weightData);
    try {
      const columns = scoreColumns(await predict(model, request.data, request.batchSize));
      scope.postMessage(
        { ok: true, columns },
        columns.map((c) => c.values.buffer as ArrayBuffer),
      );
    } finally {
      disposeModel(model);
    }
  } catch (error) {
    scope.postMessage(
      { ok: false, message: error instanceof Error ? error.message : String(error) },
      [],
    );
  }
}

scope.onmessage = (event) => void score(event.data);
