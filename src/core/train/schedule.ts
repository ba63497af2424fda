/**
 * Learning rate at a global step, as TF's exponential_decay clipped at a minimum (EasyRec's
 * exponential_decay_learning_rate): lr0 · factor^(step / decay_steps), the exponent floored
 * when staircase, never below min_learning_rate. `step` counts finished updates, so the
 * first update uses lr0.
 */
import type { LearningRate } from '../project/types';

export function learningRateAt(schedule: LearningRate, step: number): number {
  if (schedule.kind === 'constant') return schedule.learningRate;
  const { initialLearningRate, decaySteps, decayFactor, staircase, minLearningRate } = schedule;
  if (!(decaySteps > 0)) return Math.max(initialLearningRate, minLearningRate);
  const exponent = staircase ? Math.floor(step / decaySteps) : step / decaySteps;
  return Math.max(initialLearningRate * Math.pow(decayFactor, exponent), minLearningRate);
}
