/**
 * A browser check of the whole worker path on each backend, for an end-to-end test page: trains
 * the seeded synthetic model for 60 steps through createTrainClient and reports, per backend,
 * which backend ran (and why better ones were skipped), the tensor count after steps 1, 50 and
 * 60 (must be equal), the final total loss (must agree across backends to a few digits) and the
 * click AUC. Found this way: tf.addN of scalars returns 0 on WebGPU (see core/model/sum.ts).
 */
import { trainOptionsFromProject } from '../core/train/options';
import { syntheticData, syntheticProject } from '../core/train/testing/synthetic';
import type { BackendChoice, FromWorker, SkippedBackend } from './protocol';
import { createTrainClient } from './trainClient';

export interface BackendCheckResult {
  requested: BackendChoice;
  backend: string | null;
  skipped: SkippedBackend[];
  tensorsAtStep: Record<number, number | undefined>;
  finalLoss: number | null;
  clickAuc: number | null;
  error: string | null;
}

export async function checkBackend(
  requested: BackendChoice,
  steps = 60,
): Promise<BackendCheckResult> {
  const client = createTrainClient();
  const project = syntheticProject();
  const messages: FromWorker[] = [];
  await new Promise<void>((resolve) => {
    client.subscribe((m) => {
      messages.push(m);
      if (m.type === 'done' || m.type === 'error') resolve();
    });
    client.send({
      type: 'start',
      runId: requested,
      project,
      train: syntheticData(3000, 101).data,
      eval: syntheticData(1000, 202).data,
      options: { ...trainOptionsFromProject(project), numSteps: steps, reportEverySteps: 1 },
      backend: requested,
      progressIntervalMs: 0,
    });
  });
  client.terminate();
  const progress = messages.flatMap((m) => (m.type === 'progress' ? [m] : []));
  const chosen = messages.find((m) => m.type === 'backend');
  const last = messages.at(-1);
  return {
    requested,
    backend: chosen?.type === 'backend' ? chosen.backend : null,
    skipped: chosen?.type === 'backend' ? chosen.skipped : [],
    tensorsAtStep: Object.fromEntries(
      [1, 50, steps].map((s) => [s, progress.find((p) => p.event.step === s)?.tensors]),
    ),
    finalLoss: progress.at(-1)?.event.totalLoss ?? null,
    clickAuc: last?.type === 'done' ? (last.lastEval?.click?.auc ?? null) : null,
    error: last?.type === 'error' ? `${last.code}: ${last.message}` : null,
  };
}
