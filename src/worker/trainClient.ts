/**
 * The page's handle on the training worker: typed send and subscribe over protocol.ts, with
 * encoded dataset buffers transferred (the page's copies become empty: encode again to reuse
 * them); loaded samples are copied (structured clone), the data store keeps its tables.
 */
import { datasetBuffers, type FromWorker, type ToWorker } from './protocol';

export interface TrainClient {
  send: (message: ToWorker) => void;
  /** Returns an unsubscribe function. */
  subscribe: (listener: (message: FromWorker) => void) => () => void;
  terminate: () => void;
}

export function createTrainClient(
  worker: Worker = new Worker(new URL('./train.worker.ts', import.meta.url), { type: 'module' }),
): TrainClient {
  const listeners = new Set<(message: FromWorker) => void>();
  worker.onmessage = (event: MessageEvent<FromWorker>) => {
    for (const listener of listeners) listener(event.data);
  };
  worker.onerror = (event) => {
    const message: FromWorker = {
      type: 'error',
      runId: '',
      code: 'INTERNAL',
      message: `The training worker failed: ${event.message}`,
      where: 'worker',
    };
    for (const listener of listeners) listener(message);
  };
  return {
    send: (message) => {
      const transfer =
        message.type === 'start' && 'train' in message
          ? [...datasetBuffers(message.train), ...datasetBuffers(message.eval)]
          : [];
      worker.postMessage(message, [...new Set(transfer)]);
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    terminate: () => worker.terminate(),
  };
}
