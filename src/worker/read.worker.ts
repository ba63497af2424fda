/**
 * The reading worker: streams a file through the core reader and infers its schema off the
 * main thread, so a 100 MB file never freezes the page. Cancelling terminates the worker.
 */
import { readDelimited } from '../core/data/read';
import { inferSchema } from '../core/data/schema';
import { tableTransferables } from '../core/data/table';
import type { FromReadWorker, ToReadWorker } from './readProtocol';

const scope = self as unknown as {
  postMessage: (message: FromReadWorker, transfer?: Transferable[]) => void;
  onmessage: ((event: MessageEvent<ToReadWorker>) => void) | null;
};

scope.onmessage = async (event) => {
  const { file, options, labelNames } = event.data;
  try {
    const result = await readDelimited(file, {
      ...options,
      onProgress: (p) => scope.postMessage({ type: 'progress', ...p }),
    });
    const schema = inferSchema(result.table, {
      decimalComma: result.dialect.decimalComma,
      fileSeparator: result.dialect.separator,
      labelNames,
    });
    scope.postMessage({ type: 'done', result, schema }, tableTransferables(result.table));
  } catch (error) {
    scope.postMessage({
      type: 'error',
      message: error instanceof Error ? error.message : String(error),
    });
  }
};
