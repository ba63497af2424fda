/**
 * The built-in demo: seeded live-streaming logs whose five targets follow the behaviour graph
 * of DBMTL.md, and the demo project that trains on them.
 *
 *   is_click → is_view → view_costtime;   is_click → is_on_mic → on_mic_duration
 *
 * Rules kept on every row: no view and no mic without a click; `view_costtime` > 0 exactly
 * when viewed; `on_mic_duration` > 0 exactly when on the mic. Rates are those of real logs:
 * about 15 % clicks, 40 % of clicks viewed, 5–10 % of clicks on the mic.
 *
 * The signal is real and lives in the columns a model sees: each user likes one or two
 * categories (learnable from user_id × category), streamers differ in quality (streamer_id,
 * follower_count, streamer_level), evenings draw more clicks (hour), web users click less
 * (device), chat and music rooms pull users on the mic, sociable users go on the mic more.
 */
import { inputField, makeFeature } from '../project/defaults';
import { liveStreamingPreset } from '../project/presets';
import type { Feature, InputField, Mlp, Project } from '../project/types';
import { seededRandom, type Random } from './random';
import { TableBuilder, type Table } from './table';

export const DEMO_SEED = 20190207;
export const DEMO_ROWS = 20_000;

export const CATEGORIES = ['music', 'gaming', 'chat', 'dance', 'sports', 'outdoor'] as const;
const CATEGORY_TAGS: Record<(typeof CATEGORIES)[number], string[]> = {
  music: ['singing', 'guitar', 'karaoke', 'piano'],
  gaming: ['moba', 'fps', 'mobile-game', 'speedrun'],
  chat: ['talk', 'late-night', 'emotional', 'advice'],
  dance: ['kpop', 'street-dance', 'fitness'],
  sports: ['football', 'basketball', 'esports-news'],
  outdoor: ['travel', 'fishing', 'food', 'camping'],
};
const GENERAL_TAGS = ['new', 'hot', 'pk', 'english', 'cantonese'];
const DEVICES = ['android', 'ios', 'web', 'pc'] as const;
const DEVICE_WEIGHTS = [0.5, 0.3, 0.12, 0.08];
const AGES = ['18-24', '25-34', '35-44', '45+'] as const;

/** Columns in file order; the first eight are the live-streaming preset's `input_fields`. */
export const DEMO_FIELDS: readonly InputField[] = [
  ...liveStreamingPreset().data.inputFields,
  inputField('streamer_id', 'STRING'),
  inputField('category', 'STRING'),
  inputField('hour', 'STRING'),
  inputField('device', 'STRING'),
  inputField('user_gender', 'STRING'),
  inputField('user_age', 'STRING'),
  inputField('user_city_tier', 'STRING'),
  inputField('streamer_level', 'DOUBLE', '0'),
  inputField('day', 'INT32'),
];

interface User {
  id: string;
  likes: Set<number>;
  activity: number;
  sociable: number;
  gender: string;
  age: string;
  tier: string;
  device: string;
}
interface Streamer {
  id: string;
  category: number;
  tags: string;
  followers: number;
  level: number;
  quality: number;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

function weighted<T>(rng: Random, items: readonly T[], weights: readonly number[]): T {
  let u = rng.next();
  for (let i = 0; i < items.length; i++) {
    u -= weights[i]!;
    if (u < 0) return items[i]!;
  }
  return items[items.length - 1]!;
}

function makeUsers(rng: Random, n: number): User[] {
  return Array.from({ length: n }, (_, i) => {
    const likes = new Set([rng.int(CATEGORIES.length)]);
    if (rng.next() < 0.5) likes.add(rng.int(CATEGORIES.length));
    return {
      id: `u${10001 + i}`,
      likes,
      activity: 0.5 * rng.normal(),
      sociable: rng.normal(),
      gender: weighted(rng, ['f', 'm', 'unknown'], [0.45, 0.45, 0.1]),
      age: weighted(rng, AGES, [0.35, 0.35, 0.2, 0.1]),
      tier: String(1 + rng.int(4)),
      device: weighted(rng, DEVICES, DEVICE_WEIGHTS),
    };
  });
}

function makeStreamers(rng: Random, n: number): Streamer[] {
  return Array.from({ length: n }, (_, i) => {
    const category = rng.int(CATEGORIES.length);
    const own = CATEGORY_TAGS[CATEGORIES[category]!];
    const tags = new Set([rng.pick(own)]);
    while (rng.next() < 0.6 && tags.size < 4) tags.add(rng.pick(own));
    if (rng.next() < 0.4) tags.add(rng.pick(GENERAL_TAGS));
    const quality = rng.normal();
    // Followers grow with quality, on a log scale: from tens to millions.
    const followers = Math.round(Math.exp(6.5 + 1.2 * quality + 1.5 * rng.normal()));
    return {
      id: `s${501 + i}`,
      category,
      tags: [...tags].join('|'),
      followers,
      level: Math.max(1, Math.min(30, Math.round(12 + 5 * quality + 3 * rng.normal()))),
      quality,
    };
  });
}

/** Evening peak, quiet small hours. */
function hourEffect(hour: number): number {
  if (hour >= 19 && hour <= 23) return 0.5;
  if (hour >= 2 && hour <= 6) return -0.4;
  return 0;
}
const HOUR_WEIGHTS = Array.from({ length: 24 }, (_, h) => 1 + hourEffect(h) * 1.5);
const HOUR_TOTAL = HOUR_WEIGHTS.reduce((a, b) => a + b, 0);
const DEVICE_CLICK: Record<string, number> = { android: 0, ios: 0.25, web: -0.6, pc: 0.1 };

/** The demo logs as a table (same seed, same rows, on every platform). */
export function generateDemoTable(rows = DEMO_ROWS, seed = DEMO_SEED): Table {
  const rng = seededRandom(seed);
  const users = makeUsers(rng, Math.max(50, Math.round(rows / 10)));
  const streamers = makeStreamers(rng, Math.max(20, Math.round(rows / 60)));
  const builder = new TableBuilder(DEMO_FIELDS.map((f) => f.name));
  for (let r = 0; r < rows; r++) {
    const user = rng.pick(users);
    // Feeds show liked categories a little more often, as a recommender would.
    let streamer = rng.pick(streamers);
    if (!user.likes.has(streamer.category) && rng.next() < 0.2) streamer = rng.pick(streamers);
    const hour = weighted(
      rng,
      Array.from({ length: 24 }, (_, h) => h),
      HOUR_WEIGHTS.map((w) => w / HOUR_TOTAL),
    );
    const device = rng.next() < 0.85 ? user.device : rng.pick(DEVICES);
    const likes = user.likes.has(streamer.category) ? 1 : 0;
    const category = CATEGORIES[streamer.category]!;
    const talky = category === 'chat' || category === 'music' ? 1 : 0;

    const click =
      rng.next() <
      sigmoid(
        -3.3 +
          2.0 * likes +
          0.9 * streamer.quality +
          user.activity +
          hourEffect(hour) +
          DEVICE_CLICK[device]!,
      );
    let view = false;
    let costtime = 0;
    let mic = false;
    let duration = 0;
    if (click) {
      view =
        rng.next() <
        sigmoid(-1.5 + 0.9 * streamer.quality + 0.8 * likes + (device === 'pc' ? 0.4 : 0));
      if (view)
        costtime = Math.exp(3.6 + 0.5 * streamer.quality + 0.4 * likes + 0.6 * rng.normal());
      mic =
        rng.next() <
        sigmoid(
          -3.9 +
            1.0 * user.sociable +
            1.2 * talky +
            0.6 * likes +
            (hour >= 21 || hour <= 1 ? 0.4 : 0),
        );
      if (mic) duration = Math.exp(4.2 + 0.4 * user.sociable + 0.5 * rng.normal());
    }
    builder.push(
      [
        click ? '1' : '0',
        view ? '1' : '0',
        view ? Math.max(0.1, costtime).toFixed(1) : '0',
        mic ? '1' : '0',
        mic ? Math.max(1, duration).toFixed(0) : '0',
        user.id,
        streamer.tags,
        String(streamer.followers),
        streamer.id,
        category,
        String(hour),
        device,
        user.gender,
        user.age,
        user.tier,
        String(streamer.level),
        String(1 + Math.floor((r * 7) / rows)),
      ],
      r + 2,
    );
  }
  return builder.build();
}

/** The features the demo project adds to the preset's three. */
function extraFeatures(): Feature[] {
  const vocab = (name: string, values: readonly string[], dim = 8) =>
    makeFeature(name, { vocabList: [...values], embeddingDim: dim });
  return [
    makeFeature('streamer_id', { hashBucketSize: 10_000, embeddingDim: 16 }),
    vocab('category', CATEGORIES),
    vocab(
      'hour',
      Array.from({ length: 24 }, (_, h) => String(h)),
    ),
    vocab('device', DEVICES, 4),
    vocab('user_gender', ['f', 'm', 'unknown'], 4),
    vocab('user_age', AGES, 4),
    vocab('user_city_tier', ['1', '2', '3', '4'], 4),
    makeFeature('streamer_level', { type: 'RawFeature', embeddingDim: 0, minVal: 1, maxVal: 30 }),
  ];
}

/** The demo project's name; loading one's own file over it starts a new project. */
export const DEMO_PROJECT_NAME = 'Live streaming (demo data)';

/**
 * The live-streaming preset, extended with the demo columns as features (the preset itself
 * stays as it is: it is the golden export fixture). Durations are seconds, so their squared
 * errors are thousands of times a click's log loss; the duration tasks get weights that
 * bring them to the same scale (see sanity.ts, `suggestedRegressionWeight`).
 *
 * Its MLPs have no batch norm (`use_bn: false`, written into the exported config). EasyRec
 * evaluates batch norm with moving averages (momentum 0.99) that start at mean 0 and
 * variance 1, while with its embedding initialisation the first layer's pre-activations vary
 * by about 1e-4: until 0.99^steps is far below that (about 1,000 steps) held-out metrics come
 * from a network training never ran. A demo run lasts a few hundred steps; with batch norm its
 * held-out AUC of is_view swung between 0.24 and 0.78 over the first 150 (see
 * core/train/demo.test.ts). Production runs of 10⁵ steps can turn it back on.
 */
export function demoProject(
  weights: { view_costtime: number; on_mic_duration: number } = DEMO_WEIGHTS,
): Project {
  const project = liveStreamingPreset();
  project.name = DEMO_PROJECT_NAME;
  project.data = {
    ...project.data,
    trainInputPath: 'live_demo.csv',
    evalInputPath: '',
    inputFields: DEMO_FIELDS.map((f) => ({ ...f })),
  };
  project.features = [...project.features, ...extraFeatures()];
  const noBn = (m: Mlp | null) => m && { ...m, useBn: false };
  project.model = { ...project.model, bottomDnn: noBn(project.model.bottomDnn) };
  project.tasks = project.tasks.map((t) => ({
    ...t,
    dnn: noBn(t.dnn),
    relationDnn: noBn(t.relationDnn),
    ...(t.name === 'view_costtime' || t.name === 'on_mic_duration'
      ? { weight: weights[t.name] }
      : {}),
  }));
  return project;
}

/** 1 / variance of each duration over the default demo table, to one significant digit (a test checks it). */
export const DEMO_WEIGHTS = { view_costtime: 0.001, on_mic_duration: 0.006 };
