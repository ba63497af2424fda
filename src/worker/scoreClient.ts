/** The page's side of scoring: one worker per request, ended when it answers. */
import { datasetBuffers } from './protocol';
import type { ScoreReply, ScoreRequest } from './scoreProtocol';
import type { ScoreColumn } from '../core/train/evaluate';

/** Scores `request.data` (its buffers are transferred: the caller's copy becomes empty). */
export function scoreInWorker(request: ScoreRequest): Promise<ScoreColumn[]> {
  const worker = new Worker(new URL('./score.worker.ts', import.meta.url), { type: 'module' });
  return new Promise<ScoreColumn[]>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<ScoreReply>) => {
      const reply = event.data;
      if (reply.ok) resolve(reply.columns);
      else reject(new Error(reply.message));
    };
    worker.onerror = (event) => reject(new Error(`The scoring worker failed: ${event.message}`));
    worker.postMessage(request, [...datasetBuffers(request.data)]);
  }).finally(() => worker.terminate());
}
