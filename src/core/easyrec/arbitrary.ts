/**
 * fast-check generator of valid projects for the round-trip and protoc tests: random task
 * DAGs in shuffled order (so export must sort them), every modelled field varied, and
 * column names with quotes, backslashes and non-ASCII text to exercise escaping.
 */
import fc from 'fast-check';
import { defaultMetrics, emptyProject, inputField, makeFeature, mlp } from '../project/defaults';
import {
  ACTIVATIONS,
  FIELD_TYPES,
  LOSS_TYPES,
  LOSS_WEIGHT_STRATEGIES,
  type Feature,
  type LearningRate,
  type Metric,
  type Mlp,
  type Project,
  type Task,
} from '../project/types';
import { makeTask } from '../project/defaults';

const ratio = (min: number, max: number) =>
  fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
const name = fc.stringMatching(/^[a-z_][a-z0-9_]{0,7}$/);
/** Column names as users write them, odd characters included. */
const column = fc.oneof(
  name,
  fc.string({ minLength: 1, maxLength: 8, unit: 'grapheme' }),
  fc.constantFrom('用户_id', 'a"b', 'back\\slash', 'tab\tname', 'é'),
);

const mlpArb: fc.Arbitrary<Mlp> = fc
  .record({
    units: fc.array(fc.integer({ min: 1, max: 1024 }), { minLength: 1, maxLength: 3 }),
    dropout: fc.boolean(),
    rates: fc.array(ratio(0, 0.9), { minLength: 3, maxLength: 3 }),
    activation: fc.constantFrom(...ACTIVATIONS),
    useBn: fc.boolean(),
  })
  .map(({ units, dropout, rates, activation, useBn }) =>
    mlp(units, { dropoutRatio: dropout ? rates.slice(0, units.length) : [], activation, useBn }),
  );

const learningRateArb: fc.Arbitrary<LearningRate> = fc.oneof(
  ratio(1e-6, 1).map((learningRate) => ({ kind: 'constant' as const, learningRate })),
  fc.record({
    kind: fc.constant('exponential' as const),
    initialLearningRate: ratio(1e-6, 1),
    decaySteps: fc.integer({ min: 1, max: 1_000_000 }),
    decayFactor: ratio(0.01, 1),
    staircase: fc.boolean(),
    minLearningRate: ratio(0, 1e-3),
  }),
);

interface Shape {
  taskNames: string[];
  /** For task i, parents among tasks 0..i-1 (by index). */
  parents: number[][];
  /** Task order as stored in the project: a permutation. */
  order: number[];
  featureColumns: string[];
}

const shapeArb: fc.Arbitrary<Shape> = fc
  .record({
    taskNames: fc.uniqueArray(name, { minLength: 1, maxLength: 6 }),
    featureColumns: fc.uniqueArray(column, { minLength: 1, maxLength: 5 }),
    seed: fc.array(fc.nat(), { minLength: 30, maxLength: 30 }),
  })
  .map(({ taskNames, featureColumns, seed }) => {
    const parents = taskNames.map((_, i) =>
      Array.from({ length: i }, (_, j) => j).filter(
        (j) => ((seed[(i * 5 + j) % 30] as number) & 3) === 0,
      ),
    );
    const order = taskNames
      .map((_, i) => i)
      .sort((a, b) => (seed[a] as number) - (seed[b] as number) || a - b);
    // Feature columns must not collide with the label columns (the task names).
    return {
      taskNames,
      parents,
      order,
      featureColumns: featureColumns.filter((c) => !taskNames.includes(c)),
    };
  })
  .filter((s) => s.featureColumns.length > 0);

function taskArb(
  name: string,
  parents: string[],
  labels: string[],
  uid: string,
): fc.Arbitrary<Task> {
  return fc
    .record({
      loss: fc.constantFrom(...LOSS_TYPES),
      multi: fc.integer({ min: 2, max: 5 }),
      useMulti: fc.boolean(),
      gauc: fc.boolean(),
      noMetrics: fc.boolean(),
      dnn: fc.option(mlpArb, { nil: null }),
      relationDnn: fc.option(mlpArb, { nil: null }),
      weight: ratio(0, 10),
      space: fc.option(fc.constantFrom(...labels), { nil: '' }),
      inWeight: ratio(0, 5),
      outWeight: ratio(0, 5),
      useSampleWeight: fc.boolean(),
    })
    .map((r) => {
      const numClass = r.loss === 'CLASSIFICATION' && r.useMulti ? r.multi : 1;
      const metrics: Metric[] = r.noMetrics ? [] : defaultMetrics(r.loss, numClass);
      if (r.gauc && r.loss === 'CLASSIFICATION' && numClass === 1) {
        metrics.push({ kind: 'gauc', uidField: uid, reduction: 'mean_by_sample_num' });
      }
      return makeTask(name, {
        lossType: r.loss,
        numClass,
        metrics,
        dnn: r.dnn,
        relationTowerNames: parents,
        relationDnn: r.relationDnn,
        weight: r.weight,
        taskSpaceIndicatorLabel: r.space === name ? '' : r.space,
        inTaskSpaceWeight: r.inWeight,
        outTaskSpaceWeight: r.outWeight,
        useSampleWeight: r.useSampleWeight,
      });
    });
}

function featureArb(columnName: string, index: number): fc.Arbitrary<Feature> {
  return fc
    .record({
      type: fc.constantFrom('IdFeature', 'TagFeature', 'RawFeature'),
      renamed: fc.boolean(),
      dim: fc.integer({ min: 1, max: 64 }),
      buckets: fc.integer({ min: 1, max: 1_000_000 }),
      byNumBuckets: fc.boolean(),
      vocab: fc.array(column, { minLength: 0, maxLength: 3 }),
      boundaries: fc.uniqueArray(ratio(-1e6, 1e6), { maxLength: 4 }),
      separator: fc.constantFrom('|', ';', '\u0001'),
      combiner: fc.constantFrom('sum' as const, 'mean' as const),
      shared: fc.boolean(),
      range: fc.boolean(),
      inGroup: fc.boolean(),
    })
    .map((r) => {
      const raw = r.type === 'RawFeature';
      return makeFeature(columnName, {
        name: r.renamed ? `f${index}_renamed` : columnName,
        type: r.type,
        embeddingName: r.shared ? 'shared_table' : '',
        embeddingDim: raw && r.boundaries.length === 0 ? 0 : r.dim,
        hashBucketSize: !raw && !r.byNumBuckets ? r.buckets : 0,
        numBuckets: !raw && r.byNumBuckets ? r.buckets : 0,
        vocabList: raw ? [] : r.vocab,
        boundaries: raw ? [...r.boundaries].sort((a, b) => a - b) : [],
        separator: r.type === 'TagFeature' ? r.separator : '|',
        combiner: r.type === 'TagFeature' ? r.combiner : 'sum',
        minVal: raw && r.range ? -1 : 0,
        maxVal: raw && r.range ? 1 : 0,
        inGroup: r.inGroup || index === 0,
      });
    });
}

/** A random project that validateProject accepts (callers assert it). */
export const projectArb: fc.Arbitrary<Project> = shapeArb.chain((shape) => {
  const labels = shape.taskNames;
  const uid = shape.featureColumns[0] as string;
  const tasks = fc.tuple(
    ...shape.taskNames.map((n, i) =>
      taskArb(
        n,
        (shape.parents[i] ?? []).map((j) => labels[j] as string),
        labels,
        uid,
      ),
    ),
  );
  const features = fc.tuple(...shape.featureColumns.map((c, i) => featureArb(c, i)));
  return fc
    .record({
      tasks,
      features,
      types: fc.array(fc.constantFrom(...FIELD_TYPES), { minLength: 20, maxLength: 20 }),
      defaults: fc.array(fc.option(column, { nil: '' }), { minLength: 20, maxLength: 20 }),
      bottom: fc.option(mlpArb, { nil: null }),
      experts: fc.option(fc.tuple(mlpArb, fc.integer({ min: 1, max: 8 })), { nil: null }),
      l2: ratio(0, 1e-2),
      emb: ratio(0, 1e-2),
      strategy: fc.constantFrom(...LOSS_WEIGHT_STRATEGIES),
      paths: fc.tuple(column, column, column),
      separator: fc.constantFrom(',', '\t', ';', '|'),
      withHeader: fc.boolean(),
      batch: fc.integer({ min: 1, max: 65_536 }),
      evalBatch: fc.integer({ min: 1, max: 65_536 }),
      shuffle: fc.boolean(),
      epochs: fc.integer({ min: 0, max: 20 }),
      weighted: fc.boolean(),
      lr: learningRateArb,
      betas: fc.tuple(ratio(0.5, 0.99), ratio(0.9, 0.9999)),
      steps: fc.tuple(
        fc.integer({ min: 0, max: 1e6 }),
        fc.integer({ min: 0, max: 1e5 }),
        fc.integer({ min: 0, max: 1e4 }),
      ),
      clip: fc.option(ratio(0.1, 100), { nil: 0 }),
    })
    .map((r) => {
      const project = emptyProject('random');
      project.tasks = shape.order.map((i) => r.tasks[i] as Task);
      project.features = [...r.features];
      const columns = [...labels, ...shape.featureColumns];
      project.data = {
        trainInputPath: r.paths[0],
        evalInputPath: r.paths[1],
        inputFields: columns.map((c, i) =>
          inputField(c, r.types[i] ?? 'STRING', r.defaults[i] ?? ''),
        ),
        separator: r.separator,
        withHeader: r.withHeader,
        batchSize: r.batch,
        evalBatchSize: r.evalBatch,
        shuffle: r.shuffle,
        numEpochs: r.epochs,
        sampleWeight: r.weighted ? uid : '',
        derivedLabels: [],
      };
      project.model = {
        bottomDnn: r.bottom,
        expertDnn: r.experts ? r.experts[0] : null,
        numExpert: r.experts ? r.experts[1] : 0,
        l2Regularization: r.l2,
        embeddingRegularization: r.emb,
        lossWeightStrategy: r.strategy,
      };
      project.train = {
        ...project.train,
        modelDir: r.paths[2],
        learningRate: r.lr,
        beta1: r.betas[0],
        beta2: r.betas[1],
        numSteps: r.steps[0],
        saveCheckpointsSteps: r.steps[1],
        logStepCountSteps: r.steps[2],
        gradientClippingByNorm: r.clip,
      };
      return project;
    });
});
