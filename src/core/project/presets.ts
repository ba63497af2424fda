/**
 * Ready-made projects. `live_streaming` is the worked example of DBMTL.md and exports to the
 * complete config of EASYREC-CONFIG.md; `taobao_ctr_cvr` follows EasyRec's DBMTL sample on
 * its Taobao data; `independent` is the live-streaming model with every relation removed,
 * the baseline DBMTL is compared against.
 */
import { defaultMetrics, emptyProject, inputField, makeFeature, makeTask, mlp } from './defaults';
import type { Project, Task } from './types';

export const PRESET_NAMES = ['live_streaming', 'taobao_ctr_cvr', 'independent'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

export const PRESET_TITLES: Record<PresetName, string> = {
  live_streaming: 'Live streaming (5 tasks, chain rule)',
  taobao_ctr_cvr: 'Click → buy (EasyRec Taobao sample)',
  independent: 'Independent towers (no relations, baseline)',
};

function regression(name: string, parents: string[]): Task {
  return makeTask(name, {
    lossType: 'L2_LOSS',
    metrics: defaultMetrics('L2_LOSS'),
    relationTowerNames: parents,
  });
}

export function liveStreamingPreset(): Project {
  const project = emptyProject('Live streaming');
  project.tasks = [
    makeTask('is_click'),
    makeTask('is_view', { relationTowerNames: ['is_click'] }),
    regression('view_costtime', ['is_click', 'is_view']),
    makeTask('is_on_mic', { relationTowerNames: ['is_click'] }),
    regression('on_mic_duration', ['is_click', 'is_on_mic']),
  ];
  project.model = {
    ...project.model,
    bottomDnn: mlp([512, 256]),
    l2Regularization: 1e-6,
    embeddingRegularization: 5e-6,
  };
  project.data = {
    ...project.data,
    trainInputPath: 'live_train.csv',
    evalInputPath: 'live_eval.csv',
    batchSize: 512,
    inputFields: [
      inputField('is_click', 'INT32'),
      inputField('is_view', 'INT32'),
      inputField('view_costtime', 'FLOAT'),
      inputField('is_on_mic', 'INT32'),
      inputField('on_mic_duration', 'FLOAT'),
      inputField('user_id', 'STRING'),
      inputField('streamer_tags', 'STRING'),
      inputField('follower_count', 'DOUBLE', '0'),
    ],
  };
  project.features = [
    makeFeature('user_id', { type: 'IdFeature', embeddingDim: 16, hashBucketSize: 100_000 }),
    makeFeature('streamer_tags', { type: 'TagFeature', embeddingDim: 16, hashBucketSize: 1000 }),
    makeFeature('follower_count', {
      type: 'RawFeature',
      embeddingDim: 16,
      boundaries: [10, 100, 1000, 10000],
    }),
  ];
  project.train = {
    ...project.train,
    modelDir: 'experiments/live_dbmtl',
    learningRate: { kind: 'constant', learningRate: 0.001 },
    numSteps: 2000,
  };
  return project;
}

/** Taobao columns in file order, as EasyRec's `dbmtl_on_taobao` sample lists them. */
const TAOBAO_ID_BUCKETS: [string, number][] = [
  ['pid', 10],
  ['adgroup_id', 100_000],
  ['cate_id', 10_000],
  ['campaign_id', 100_000],
  ['customer', 100_000],
  ['brand', 100_000],
  ['user_id', 100_000],
  ['cms_segid', 100],
  ['cms_group_id', 100],
  ['final_gender_code', 10],
  ['age_level', 10],
  ['pvalue_level', 10],
  ['shopping_level', 10],
  ['occupation', 10],
  ['new_user_class_level', 10],
];

export function taobaoPreset(): Project {
  const project = emptyProject('Taobao click → buy');
  project.tasks = [
    makeTask('ctr', { labelName: 'clk', dnn: mlp([256, 128, 64, 32]) }),
    makeTask('cvr', {
      labelName: 'buy',
      dnn: mlp([256, 128, 64, 32]),
      relationTowerNames: ['ctr'],
    }),
  ];
  project.model = {
    ...project.model,
    bottomDnn: mlp([1024, 512, 256]),
    l2Regularization: 1e-6,
    embeddingRegularization: 5e-6,
  };
  project.data = {
    ...project.data,
    trainInputPath: 'data/test/tb_data/taobao_train_data',
    evalInputPath: 'data/test/tb_data/taobao_test_data',
    withHeader: false,
    batchSize: 4096,
    inputFields: [
      inputField('clk', 'INT32'),
      inputField('buy', 'INT32'),
      ...TAOBAO_ID_BUCKETS.map(([name]) => inputField(name, 'STRING')),
      inputField('tag_category_list', 'STRING'),
      inputField('tag_brand_list', 'STRING'),
      inputField('price', 'INT32'),
    ],
  };
  project.features = [
    ...TAOBAO_ID_BUCKETS.map(([name, buckets]) =>
      makeFeature(name, {
        hashBucketSize: buckets,
        // EasyRec's sample parses the gender code but leaves it out of the group.
        inGroup: name !== 'final_gender_code',
      }),
    ),
    makeFeature('tag_category_list', { type: 'TagFeature', hashBucketSize: 100_000 }),
    makeFeature('tag_brand_list', { type: 'TagFeature', hashBucketSize: 100_000 }),
    makeFeature('price', { numBuckets: 50 }),
  ];
  project.train = {
    ...project.train,
    modelDir: 'experiments/dbmtl_taobao',
    learningRate: {
      kind: 'exponential',
      initialLearningRate: 0.001,
      decaySteps: 1000,
      decayFactor: 0.5,
      staircase: true,
      minLearningRate: 1e-7,
    },
    numSteps: 5000,
  };
  return project;
}

export function independentPreset(): Project {
  const project = withoutRelations(liveStreamingPreset());
  project.name = 'Independent towers';
  project.train = { ...project.train, modelDir: 'experiments/live_independent' };
  return project;
}

/** The same project with every relation removed: the independent-towers baseline. */
export function withoutRelations(project: Project): Project {
  return {
    ...project,
    name: `${project.name} (no relations)`,
    tasks: project.tasks.map((t) => ({ ...t, relationTowerNames: [] })),
  };
}

export function preset(name: PresetName): Project {
  switch (name) {
    case 'live_streaming':
      return liveStreamingPreset();
    case 'taobao_ctr_cvr':
      return taobaoPreset();
    case 'independent':
      return independentPreset();
  }
}

export function isPresetName(name: string): name is PresetName {
  return (PRESET_NAMES as readonly string[]).includes(name);
}
