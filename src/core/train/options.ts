/** The trainer's settings and events; plain data, so they cross the worker boundary as is. */
import type { DbmtlModel } from '../model/dbmtl';
import type { LearningRate, Project } from '../project/types';
import type { SavedModel } from './checkpoint';
import type { EvalMetrics } from './evaluate';

export interface TrainOptions {
  batchSize: number;
  /** Stop after this many steps; 0 for no step limit (then numEpochs must be set). */
  numSteps: number;
  /** Stop after this many passes over the training rows; 0 for no epoch limit. */
  numEpochs: number;
  /** Fixes initialisation, shuffling and dropout. */
  seed: number;
  learningRate: LearningRate;
  beta1: number;
  beta2: number;
  /** Clip gradients by global norm; 0 for none. */
  gradientClipNorm: number;
  shuffle: boolean;
  /** Evaluate every N steps (and at the end); 0 for the end only. */
  evalEverySteps: number;
  evalBatchSize: number;
  /** Read the losses back (and check them) every N steps: a sync point, so not every step. */
  reportEverySteps: number;
  /**
   * How a fresh model's output biases start: 'prior' (default) from the training labels (see
   * model/prior.ts), 'zero' as EasyRec does. A resumed run keeps its checkpoint's biases.
   */
  outputBias?: 'prior' | 'zero';
}

/** The trainer's settings as the project states them, with the browser's own knobs defaulted. */
export function trainOptionsFromProject(project: Project): TrainOptions {
  return {
    batchSize: project.data.batchSize,
    numSteps: project.train.numSteps,
    numEpochs: project.data.numEpochs,
    seed: project.train.seed,
    learningRate: project.train.learningRate,
    beta1: project.train.beta1,
    beta2: project.train.beta2,
    gradientClipNorm: project.train.gradientClippingByNorm,
    shuffle: project.data.shuffle,
    evalEverySteps: project.train.saveCheckpointsSteps,
    evalBatchSize: project.data.evalBatchSize,
    reportEverySteps: project.train.logStepCountSteps > 0 ? project.train.logStepCountSteps : 20,
  };
}

export type TrainEvent =
  | {
      type: 'progress';
      step: number;
      epoch: number;
      /**
       * Over the steps since the previous report: their samples over the wall-clock time from
       * that report to this one (what the time between steps costs included), less evaluations
       * and pauses; NaN at step 1.
       */
      samplesPerSecond: number;
      learningRate: number;
      /** Running average since the previous report, by task name (times the task's weight). */
      loss: Record<string, number>;
      /** Running average of the total loss (tasks + regularisation). */
      totalLoss: number;
    }
  | {
      type: 'eval';
      step: number;
      epoch: number;
      metrics: EvalMetrics;
      /**
       * Share of the batch-norm moving variances that is still their starting value (see
       * evaluate.ts `batchNormWarmUp`; 0 without batch norm). Above BN_WARM_UP_LIMIT the
       * metrics come from moving averages that have not caught up with training yet: show them
       * as "batch norm warming up", not as the model's quality.
       */
      batchNormWarmUp?: number;
    };

export interface TrainHooks {
  onEvent?: (event: TrainEvent) => void;
  /** Checked between steps; true ends the run after the current step. */
  shouldStop?: () => boolean;
  /**
   * Awaited between steps: the place to let a worker read its messages (pause waits here).
   * Receives the number of finished steps; may return the milliseconds of its time that were
   * not training (paused, or finishing an evaluation's work), which samples/s leaves out. The
   * rest of its time counts: it is time the run takes.
   */
  betweenSteps?: (step: number) => Promise<number | void> | number | void;
  /** The clock of samples/s, in milliseconds (tests); performance.now by default. */
  now?: () => number;
  /**
   * Checked when the loop ends: true skips the final evaluation (the device holding the
   * weights is gone, so nothing can be read from it).
   */
  abandoned?: () => boolean;
  /** Called once the model is built, before the first step (e.g. to snapshot its weights). */
  onModel?: (model: DbmtlModel) => void;
  /**
   * Receives, before the first step, a function that takes a checkpoint: weights, Adam's
   * moments, epoch, row order and random streams, enough to continue the run exactly (pass it
   * as `train`'s `resume`). Call it between steps (in `onEvent` or `betweenSteps`) and let it
   * finish before the next step: its reads are asynchronous.
   */
  onCheckpointer?: (checkpoint: () => Promise<SavedModel>) => void;
}
