/**
 * A small seeded synthetic dataset with a known structure, for trainer tests: click depends on
 * user, item, tags and a dense value; view happens only after a click; the duration is
 * positive only after a view. `oracle` holds the true click probability of each row, so a
 * test can compare the trained model with the best achievable AUC.
 */
import type { EncodedDataset } from '../../data/encoded';
import { defaultMetrics, emptyProject, makeTask, mlp } from '../../project/defaults';
import type { Project } from '../../project/types';
import { Random } from '../../model/random';

const USERS = 40;
const ITEMS = 30;
const TAGS = 15;
const MAX_TAGS = 3;

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/** The hidden effects, drawn once per seed so train and eval rows share them. */
function effects(seed: number) {
  const random = new Random(seed);
  return {
    user: Array.from({ length: USERS }, () => random.normal()),
    item: Array.from({ length: ITEMS }, () => random.normal()),
    tag: Array.from({ length: TAGS }, () => 0.7 * random.normal()),
  };
}

export interface SyntheticData {
  data: EncodedDataset;
  /** True P(click) per row. */
  oracle: Float32Array;
}

export function syntheticData(rows: number, seed: number, effectSeed = 1): SyntheticData {
  const fx = effects(effectSeed);
  const random = new Random(seed);
  const user = new Int32Array(rows);
  const item = new Int32Array(rows);
  const tagIds = new Int32Array(rows * MAX_TAGS);
  const tagMask = new Float32Array(rows * MAX_TAGS);
  const x = new Float32Array(rows);
  const click = new Float32Array(rows);
  const view = new Float32Array(rows);
  const dur = new Float32Array(rows);
  const oracle = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    user[r] = Math.floor(random.next() * USERS);
    item[r] = Math.floor(random.next() * ITEMS);
    x[r] = random.normal();
    const count = Math.floor(random.next() * (MAX_TAGS + 1));
    let tagEffect = 0;
    for (let k = 0; k < count; k++) {
      const tag = Math.floor(random.next() * TAGS);
      tagIds[r * MAX_TAGS + k] = tag;
      tagMask[r * MAX_TAGS + k] = 1;
      tagEffect += fx.tag[tag] as number;
    }
    const itemEffect = fx.item[item[r] as number] as number;
    const p = sigmoid(
      (fx.user[user[r] as number] as number) +
        itemEffect +
        tagEffect +
        0.8 * (x[r] as number) -
        0.3,
    );
    oracle[r] = p;
    click[r] = random.next() < p ? 1 : 0;
    view[r] =
      click[r] === 1 && random.next() < sigmoid(itemEffect - 0.5 * (x[r] as number)) ? 1 : 0;
    dur[r] = view[r] === 1 ? 1 + 0.5 * itemEffect + 0.1 * random.normal() : 0;
  }
  return {
    data: {
      numRows: rows,
      features: [
        { kind: 'id', name: 'user', table: 'user', vocabSize: USERS, embeddingDim: 4, ids: user },
        { kind: 'id', name: 'item', table: 'item', vocabSize: ITEMS, embeddingDim: 4, ids: item },
        {
          kind: 'tag',
          name: 'tags',
          table: 'tags',
          vocabSize: TAGS,
          embeddingDim: 4,
          combiner: 'sum',
          maxItems: MAX_TAGS,
          ids: tagIds,
          mask: tagMask,
        },
        { kind: 'dense', name: 'x', values: x },
      ],
      labels: { click, view, dur },
      groups: { user },
    },
    oracle,
  };
}

/** Three tasks on the synthetic data: click → view, (click, view) → dur. Small MLPs. */
export function syntheticProject(): Project {
  const project = emptyProject('synthetic');
  project.tasks = [
    makeTask('click', {
      dnn: mlp([8]),
      relationDnn: mlp([4]),
      metrics: [
        { kind: 'auc', numThresholds: 200 },
        { kind: 'gauc', uidField: 'user', reduction: 'mean' },
      ],
    }),
    makeTask('view', { dnn: mlp([8]), relationDnn: mlp([4]), relationTowerNames: ['click'] }),
    makeTask('dur', {
      lossType: 'L2_LOSS',
      metrics: defaultMetrics('L2_LOSS'),
      dnn: mlp([8]),
      relationDnn: mlp([4]),
      relationTowerNames: ['click', 'view'],
    }),
  ];
  project.model = {
    ...project.model,
    bottomDnn: mlp([16]),
    l2Regularization: 1e-5,
    embeddingRegularization: 1e-6,
  };
  project.data = { ...project.data, batchSize: 64, evalBatchSize: 256 };
  project.train = {
    ...project.train,
    learningRate: { kind: 'constant', learningRate: 0.01 },
    numSteps: 300,
    seed: 3,
  };
  return project;
}
