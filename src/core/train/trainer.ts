/**
 * The training loop: seeded shuffling, fixed-shape batches (the last partial batch of an epoch
 * is dropped), one tidy step at a time, losses accumulated on the device and read back every
 * `reportEverySteps` steps, a non-finite loss stopping the run with the task and steps named,
 * stop and pause checks between steps, evaluation on held-out rows in inference mode.
 * Runs unchanged in Node and in a worker.
 */
import * as tf from '@tensorflow/tfjs';
import type { EncodedDataset } from '../data/encoded';
import { BatchBuilder } from '../model/batch';
import { buildDbmtl, disposeModel, type DbmtlModel } from '../model/dbmtl';
import { ModelError } from '../model/errors';
import { disposeBatch, inputSpecs } from '../model/inputs';
import { initOutputBiases } from '../model/prior';
import { Random } from '../model/random';
import { checkColumns } from '../model/weights';
import type { Project } from '../project/types';
import { Adam } from './adam';
import { assignWeights, saveModel, type SavedModel, type TrainingState } from './checkpoint';
import {
  batchNormWarmUp,
  configuredMetrics,
  predict,
  taskMetrics,
  type EvalMetrics,
} from './evaluate';
import { RunningLoss } from './metrics';
import type { TrainHooks, TrainOptions } from './options';
import { learningRateAt } from './schedule';
import { trainableParams, trainStep } from './step';

export interface TrainResult {
  model: DbmtlModel;
  steps: number;
  epochs: number;
  stopped: 'finished' | 'stopped';
  lastEval: EvalMetrics | null;
  /** Frees the model's and the optimizer's variables. */
  dispose: () => void;
}

function checkOptions(options: TrainOptions, data: EncodedDataset): void {
  const problems: string[] = [];
  if (!(options.batchSize >= 1))
    problems.push(`batch size must be at least 1 (found ${options.batchSize})`);
  if (options.numSteps <= 0 && options.numEpochs <= 0)
    problems.push('set a number of steps or of epochs');
  if (data.numRows === 0) problems.push('the training data has no rows');
  if (problems.length > 0) {
    throw new ModelError('SETTINGS_INVALID', `Cannot train: ${problems.join('; ')}.`, 'train');
  }
}

/**
 * Throws when a read-back loss is NaN or infinite. `stats` holds the loss sums of the window,
 * then per loss the number of steps at which it was finite: once one task's loss goes NaN the
 * weights follow and every loss does, so the loss with the fewest finite steps went first, and
 * it did so at step `from + count`.
 */
function checkFinite(names: readonly string[], stats: Float32Array, from: number): void {
  let culprit = -1;
  names.forEach((_, i) => {
    if (Number.isFinite(stats[i] as number)) return;
    const count = stats[names.length + i] as number;
    // Ties prefer a task (listed after 'total') to the total.
    if (culprit < 0 || count <= (stats[names.length + culprit] as number)) culprit = i;
  });
  if (culprit < 0) return;
  const name = names[culprit] as string;
  const step = from + (stats[names.length + culprit] as number);
  throw new ModelError(
    'LOSS_NOT_FINITE',
    `The loss of ${name === 'total' ? 'the model' : `task "${name}"`} became NaN or infinite ` +
      `at step ${step}. Check its labels for missing values, or try a lower learning rate or ` +
      `gradient clipping.`,
    name,
  );
}

export async function train(
  project: Project,
  trainData: EncodedDataset,
  evalData: EncodedDataset | null,
  options: TrainOptions,
  hooks: TrainHooks = {},
  /**
   * Weights to continue from (a run cut short, e.g. by a lost GPU device). Steps and the
   * learning-rate schedule continue from its step. With its `training` state (a checkpoint
   * from `hooks.onCheckpointer`) everything else continues too: Adam's moments, the epoch,
   * the row order and the random streams, so the run takes the very steps it would have taken
   * uninterrupted. Without it Adam's moments start again from zero and shuffling starts over.
   */
  resume?: SavedModel,
): Promise<TrainResult> {
  checkOptions(options, trainData);
  const model = buildDbmtl(project, inputSpecs(trainData), options.seed);
  const optimizer = new Adam(
    trainableParams(model),
    { beta1: options.beta1, beta2: options.beta2, epsilon: 1e-8 },
    model.settings.l2Regularization,
  );
  const dispose = () => {
    optimizer.dispose();
    disposeModel(model);
  };
  try {
    checkColumns(model.tasks, trainData, 'training');
    if (resume) assignWeights(model, resume);
    else if (options.outputBias !== 'zero') initOutputBiases(model, trainData);
    if (resume?.training) {
      const t = resume.training;
      const batchSize = Math.min(options.batchSize, trainData.numRows);
      if (t.numRows !== trainData.numRows || t.batchSize !== batchSize)
        throw new ModelError(
          'WEIGHTS_MISMATCH',
          `The checkpoint was taken on ${t.numRows} rows in batches of ${t.batchSize}; this run ` +
            `has ${trainData.numRows} rows in batches of ${batchSize}.`,
          'resume',
        );
      optimizer.importState(t.optimizer);
    }
    hooks.onModel?.(model);
    if (evalData) checkColumns(model.tasks, evalData, 'evaluation');
    const firstStep = resume?.manifest.step ?? 0;
    return await loop(
      project,
      model,
      optimizer,
      trainData,
      evalData,
      options,
      hooks,
      dispose,
      firstStep,
      resume?.training,
    );
  } catch (error) {
    dispose();
    throw error;
  }
}

async function loop(
  project: Project,
  model: DbmtlModel,
  optimizer: Adam,
  data: EncodedDataset,
  evalData: EncodedDataset | null,
  options: TrainOptions,
  hooks: TrainHooks,
  dispose: () => void,
  firstStep: number,
  state?: TrainingState,
): Promise<TrainResult> {
  const root = new Random(options.seed);
  const shuffleRandom = root.fork();
  const dropoutRandom = root.fork();
  // A dataset smaller than one batch trains on batches of all its rows.
  const batchSize = Math.min(options.batchSize, data.numRows);
  const stepsPerEpoch = Math.floor(data.numRows / batchSize);
  const builder = new BatchBuilder(model.inputs, model.tasks, data, batchSize);
  const order = Int32Array.from({ length: data.numRows }, (_, i) => i);
  // Batches of the current epoch taken so far; a resumed run starts inside its epoch.
  let batchInEpoch = 0;
  if (state) {
    order.set(state.order);
    shuffleRandom.restoreState(state.shuffleState);
    dropoutRandom.restoreState(state.dropoutState);
    batchInEpoch = state.batchInEpoch;
  }
  const names = ['total', ...model.tasks.map((t) => t.name)];
  const running = new RunningLoss(names);
  const metricsConfig = configuredMetrics(project.tasks);
  const reportEvery = Math.max(1, options.reportEverySteps);

  let step = firstStep;
  let epoch = state?.epoch ?? 0;
  let lastEval: EvalMetrics | null = null;

  // Everything a continued run needs, read between two steps (see SavedModel.training).
  const checkpoint = async (): Promise<SavedModel> => {
    const training = {
      epoch,
      batchInEpoch,
      order: order.slice(),
      shuffleState: shuffleRandom.saveState(),
      dropoutState: dropoutRandom.saveState(),
      numRows: data.numRows,
      batchSize,
    };
    const [saved, optimizerState] = await Promise.all([
      saveModel(model, project, step),
      optimizer.exportState(),
    ]);
    return { ...saved, training: { ...training, optimizer: optimizerState } };
  };
  hooks.onCheckpointer?.(checkpoint);
  // [loss sums…, finite-step counts…] since the last read; always allocated, so the tensor
  // count is the same after every step.
  const statsWidth = 2 * names.length;
  let lossSum: tf.Tensor1D = tf.zeros([statsWidth]);
  let sumFrom = firstStep + 1;
  // Throughput per report window: wall clock from one report to the next, so everything the
  // steps cost counts (reading losses back, reports, betweenSteps yielding to the worker's
  // messages), less evaluations and what betweenSteps says was no training (a pause).
  const now = hooks.now ?? (() => performance.now());
  let windowStart = NaN;
  let windowFirstStep = firstStep + 2;
  let excludedMs = 0;
  const timed = async (work: () => Promise<void> | void) => {
    const t = now();
    await work();
    excludedMs += now() - t;
  };
  let stopped: TrainResult['stopped'] = 'finished';

  const evaluate = async () => {
    if (!evalData) return;
    const preds = await predict(model, evalData, options.evalBatchSize);
    lastEval = taskMetrics(preds, evalData, metricsConfig);
    const warmUp = await batchNormWarmUp(model, step);
    hooks.onEvent?.({ type: 'eval', step, epoch, metrics: lastEval, batchNormWarmUp: warmUp });
  };

  const readLosses = async () => {
    if (sumFrom > step) return;
    const sums = (await lossSum.data()) as Float32Array;
    lossSum.dispose();
    lossSum = tf.zeros([statsWidth]);
    checkFinite(names, sums, sumFrom);
    running.add(sums.subarray(0, names.length), step - sumFrom + 1);
    sumFrom = step + 1;
  };

  // A pass whose last batch was taken counts as an epoch already, so that the last step of
  // the last epoch is known as the last inside the loop (one progress line and one evaluation
  // there, not a repeat of both after the loop).
  const epochsDone = () => epoch + (batchInEpoch === stepsPerEpoch ? 1 : 0);
  const done = () =>
    (options.numSteps > 0 && step >= options.numSteps) ||
    (options.numEpochs > 0 && epochsDone() >= options.numEpochs);

  // A checkpoint taken after an epoch's last batch resumes at the next epoch's start.
  if (batchInEpoch === stepsPerEpoch) {
    epoch += 1;
    batchInEpoch = 0;
  }
  try {
    while (!done()) {
      // A new epoch reshuffles; a run resumed inside an epoch keeps that epoch's order.
      if (options.shuffle && batchInEpoch === 0) shuffleRandom.shuffle(order);
      for (; batchInEpoch < stepsPerEpoch && !done();) {
        const b = batchInEpoch;
        const batch = builder.build(order.subarray(b * batchSize, (b + 1) * batchSize));
        const learningRate = learningRateAt(options.learningRate, step);
        const losses = trainStep(model, optimizer, batch, {
          learningRate,
          gradientClipNorm: options.gradientClipNorm,
          random: dropoutRandom,
        });
        disposeBatch(batch);
        step += 1;
        batchInEpoch += 1;
        // Accumulated on the device: [loss sums…, finite-step counts…] (see checkFinite).
        const previous = lossSum;
        lossSum = tf.tidy(
          () =>
            tf.add(
              previous,
              tf.concat([losses, tf.cast(tf.isFinite(losses), 'float32')]),
            ) as tf.Tensor1D,
        );
        previous.dispose();
        losses.dispose();

        // The first step compiles kernels: it is read at once and the clock starts after it.
        const warmUp = step === firstStep + 1;
        if (warmUp || step % reportEvery === 0 || done()) {
          await readLosses();
          const t = now();
          const seconds = (t - windowStart - excludedMs) / 1000;
          const samplesPerSecond =
            !warmUp && seconds > 0 ? ((step - windowFirstStep + 1) * batchSize) / seconds : NaN;
          windowStart = t;
          windowFirstStep = step + 1;
          excludedMs = 0;
          const { total, ...perTask } = running.take();
          hooks.onEvent?.({
            type: 'progress',
            step,
            epoch,
            samplesPerSecond,
            learningRate,
            loss: perTask,
            totalLoss: total ?? NaN,
          });
        }
        if (options.evalEverySteps > 0 && step % options.evalEverySteps === 0 && !done())
          await timed(evaluate);
        const notTraining = await hooks.betweenSteps?.(step);
        if (typeof notTraining === 'number') excludedMs += notTraining;
        if (hooks.shouldStop?.()) {
          stopped = 'stopped';
          break;
        }
      }
      if (stopped === 'stopped') break;
      // A partial pass cut short by numSteps does not count as an epoch.
      if (batchInEpoch === stepsPerEpoch) {
        epoch += 1;
        batchInEpoch = 0;
      }
    }

    await readLosses();
  } finally {
    lossSum.dispose();
  }
  if (running.count > 0) {
    const { total, ...perTask } = running.take();
    hooks.onEvent?.({
      type: 'progress',
      step,
      epoch,
      samplesPerSecond: NaN,
      learningRate: learningRateAt(options.learningRate, Math.max(0, step - 1)),
      loss: perTask,
      totalLoss: total ?? NaN,
    });
  }
  if (!hooks.abandoned?.()) await evaluate();
  return { model, steps: step, epochs: epoch, stopped, lastEval, dispose };
}
