/**
 * The page's handle on reading: a worker per read (cancel = terminate, which stops a read at
 * once wherever it is), with the core reader on the calling thread where workers do not
 * exist (unit tests under Node or jsdom).
 */
import { readDelimited, type ReadProgress, type ReadResult } from '../core/data/read';
import { inferSchema, type Schema } from '../core/data/schema';
import type { FromReadWorker, ToReadWorker, WorkerReadOptions } from './readProtocol';

export interface ReadRequest {
  file: Blob;
  options: WorkerReadOptions;
  labelNames: string[];
  onProgress: (p: ReadProgress) => void;
  signal: AbortSignal;
}

export type ReadFn = (request: ReadRequest) => Promise<{ result: ReadResult; schema: Schema }>;

export class ReadCancelled extends Error {
  constructor() {
    super('Reading was cancelled.');
    this.name = 'AbortError';
  }
}

/** Reads on the calling thread (tests, and a fallback where Worker is missing). */
export const readHere: ReadFn = async ({ file, options, labelNames, onProgress, signal }) => {
  const result = await readDelimited(file, { ...options, onProgress, signal });
  const schema = inferSchema(result.table, {
    decimalComma: result.dialect.decimalComma,
    fileSeparator: result.dialect.separator,
    labelNames,
  });
  return { result, schema };
};

export const readInWorker: ReadFn = (request) => {
  if (typeof Worker === 'undefined') return readHere(request);
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./read.worker.ts', import.meta.url), { type: 'module' });
    const finish = () => {
      worker.terminate();
      request.signal.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      finish();
      reject(new ReadCancelled());
    };
    if (request.signal.aborted) return onAbort();
    request.signal.addEventListener('abort', onAbort);
    worker.onmessage = (event: MessageEvent<FromReadWorker>) => {
      const message = event.data;
      if (message.type === 'progress') request.onProgress(message);
      else if (message.type === 'done') {
        finish();
        resolve({ result: message.result, schema: message.schema });
      } else {
        finish();
        reject(new Error(message.message));
      }
    };
    worker.onerror = (event) => {
      finish();
      reject(new Error(`The reading worker failed: ${event.message}`));
    };
    const message: ToReadWorker = {
      type: 'read',
      file: request.file,
      options: request.options,
      labelNames: request.labelNames,
    };
    worker.postMessage(message);
  });
};
