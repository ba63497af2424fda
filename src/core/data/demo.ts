/**
 * The built-in demo: seeded live-streaming logs whose five targets follow the behaviour graph
 * of DBMTL.md, and the demo project that trains on them.
 *
 *   is_click → is_view → view_costtime;   is_click → is_on_mic → on_mic_duration
 *
 * Rules kept on every row: no view and no mic without a click; `view_costtime` > 0 exactly
 * when viewed; `on_mic_duration` > 0 exactly when on the mic. Rates are those of real logs:
 * about 15 % clicks, 40 % of clicks viewed, 5–10 % of clicks on the mic. Durations are minutes
 * (log-normal), so that their squared errors sit on the scale of the log losses.
 *
 * The signal is real and lives in the columns a model sees, with enough rows per user (80)
 * and per streamer (80) for id embeddings to learn it rather than the noise:
 * - each user likes one or two categories, drawn from a taste that is partly gender and age,
 *   partly personal (user_id × category);
 * - streamers differ in quality (streamer_id; follower_count and streamer_level show it);
 * - users differ in activity (user_id; big cities a little more): more clicks, views, watching;
 * - evenings draw more clicks (hour), web users click less (device);
 * - chat and music rooms pull users on the mic, late hours too; sociable users (user_id; the
 *   young more) go on the mic more and stay longer;
 * - a view lasts longer with a better streamer, a liked category, an active user, and in
 *   gaming and sports rooms; a mic session is longest in chat rooms.
 */
import { inputField, makeFeature } from '../project/defaults';
import { liveStreamingPreset } from '../project/presets';
import type { Feature, InputField, Mlp, Project } from '../project/types';
import { seededRandom, type Random } from './random';
import { TableBuilder, type Table } from './table';

export const DEMO_SEED = 20190207;
export const DEMO_ROWS = 40_000;

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
const GENDERS = ['f', 'm', 'unknown'] as const;

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
  gender: (typeof GENDERS)[number];
  age: (typeof AGES)[number];
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

type Category = (typeof CATEGORIES)[number];
/**
 * Taste by gender and age, added to a personal taste (sd 0.8) before each user's favourite
 * categories are picked: the demographic columns tell part of what a user likes, the user id
 * the rest.
 */
const GENDER_TASTE: Record<(typeof GENDERS)[number], Partial<Record<Category, number>>> = {
  f: { music: 0.6, dance: 0.6, chat: 0.3, gaming: -0.5, sports: -0.4 },
  m: { gaming: 0.6, sports: 0.6, outdoor: 0.2, dance: -0.4 },
  unknown: {},
};
const AGE_TASTE: Record<(typeof AGES)[number], Partial<Record<Category, number>>> = {
  '18-24': { gaming: 0.5, dance: 0.4, outdoor: -0.3 },
  '25-34': { music: 0.2, sports: 0.3 },
  '35-44': { chat: 0.3, outdoor: 0.4, dance: -0.2 },
  '45+': { outdoor: 0.6, chat: 0.5, gaming: -0.6, dance: -0.4 },
};
/** Rows per user on average: enough for a user's embedding to learn more than noise. */
const ROWS_PER_USER = 80;
const ROWS_PER_STREAMER = 80;

function makeUsers(rng: Random, n: number): User[] {
  return Array.from({ length: n }, (_, i) => {
    const gender = weighted(rng, GENDERS, [0.45, 0.45, 0.1]);
    const age = weighted(rng, AGES, [0.35, 0.35, 0.2, 0.1]);
    const tier = 1 + rng.int(4);
    const taste = CATEGORIES.map(
      (c) => (GENDER_TASTE[gender][c] ?? 0) + (AGE_TASTE[age][c] ?? 0) + 0.7 * rng.normal(),
    );
    const ranked = taste.map((t, c) => [t, c] as const).sort((a, b) => b[0] - a[0]);
    const likes = new Set([ranked[0]![1]]);
    if (rng.next() < 0.5) likes.add(ranked[1]![1]);
    return {
      id: `u${10001 + i}`,
      likes,
      // Big-city users spend more time in the app.
      activity: 0.5 * rng.normal() + 0.15 * (2.5 - tier),
      // The young go on the mic more readily.
      sociable: rng.normal() + (age === '18-24' ? 0.5 : age === '45+' ? -0.5 : 0),
      gender,
      age,
      tier: String(tier),
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
    const followers = Math.round(Math.exp(6.5 + 1.3 * quality + rng.normal()));
    return {
      id: `s${501 + i}`,
      category,
      tags: [...tags].join('|'),
      followers,
      level: Math.max(1, Math.min(30, Math.round(12 + 5 * quality + 2 * rng.normal()))),
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
/** Base log-odds of a click, of a view after a click, of the mic after a click. */
const CLICK_BIAS = -3.1;
const VIEW_BIAS = -1.5;
const MIC_BIAS = -4.1;
const DEVICE_CLICK: Record<string, number> = { android: 0, ios: 0.25, web: -0.6, pc: 0.1 };
/** Log-minutes added to a view by category: matches and games are watched longest. */
const CATEGORY_VIEW_TIME: Record<Category, number> = {
  music: 0.1,
  gaming: 0.4,
  chat: 0,
  dance: -0.4,
  sports: 0.35,
  outdoor: -0.1,
};
/** Log-odds of going on the mic after a click, by category: chat and music rooms invite it. */
const CATEGORY_MIC: Record<Category, number> = {
  music: 0.9,
  gaming: 0,
  chat: 1.3,
  dance: -0.2,
  sports: -0.3,
  outdoor: -0.3,
};
/** Log-minutes added to a mic session by category: chat rooms talk longest. */
const CATEGORY_MIC_TIME: Record<Category, number> = {
  music: 0.2,
  gaming: -0.1,
  chat: 0.5,
  dance: -0.3,
  sports: -0.2,
  outdoor: -0.1,
};

/**
 * The demo logs as a table (same seed, same rows, on every platform). Durations are minutes
 * with two decimals (see `demoProject` for why not seconds).
 */
export function generateDemoTable(rows = DEMO_ROWS, seed = DEMO_SEED): Table {
  const rng = seededRandom(seed);
  const users = makeUsers(rng, Math.max(50, Math.round(rows / ROWS_PER_USER)));
  const streamers = makeStreamers(rng, Math.max(20, Math.round(rows / ROWS_PER_STREAMER)));
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

    const click =
      rng.next() <
      sigmoid(
        CLICK_BIAS +
          2.0 * likes +
          0.9 * streamer.quality +
          1.2 * user.activity +
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
        sigmoid(
          VIEW_BIAS +
            0.9 * streamer.quality +
            0.8 * likes +
            0.6 * user.activity +
            (device === 'pc' ? 0.4 : 0),
        );
      if (view)
        costtime = Math.exp(
          0.6 +
            0.4 * streamer.quality +
            0.3 * likes +
            0.5 * user.activity +
            CATEGORY_VIEW_TIME[category] +
            0.5 * rng.normal(),
        );
      mic =
        rng.next() <
        sigmoid(
          MIC_BIAS +
            1.3 * user.sociable +
            CATEGORY_MIC[category] +
            0.6 * likes +
            (hour >= 21 || hour <= 1 ? 0.6 : 0),
        );
      if (mic)
        duration = Math.exp(
          1.2 +
            0.4 * user.sociable +
            CATEGORY_MIC_TIME[category] +
            0.2 * likes +
            0.45 * rng.normal(),
        );
    }
    builder.push(
      [
        click ? '1' : '0',
        view ? '1' : '0',
        view ? Math.max(0.01, costtime).toFixed(2) : '0',
        mic ? '1' : '0',
        mic ? Math.max(0.01, duration).toFixed(2) : '0',
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
    vocab('user_gender', GENDERS, 4),
    vocab('user_age', AGES, 4),
    vocab('user_city_tier', ['1', '2', '3', '4'], 4),
    makeFeature('streamer_level', { type: 'RawFeature', embeddingDim: 0, minVal: 1, maxVal: 30 }),
  ];
}

/** The demo project's name; loading one's own file over it starts a new project. */
export const DEMO_PROJECT_NAME = 'Live streaming (demo data)';

/**
 * The live-streaming preset, extended with the demo columns as features (the preset itself
 * stays as it is: it is the golden export fixture). Its task weights stay the preset's 1.0
 * (DBMTL.md): the demo's durations are minutes, with variances of about 1–2 over all rows,
 * so their squared errors sit on the scale of the log losses and label sanity suggests no
 * other weight (it does above a variance of SCALE_LIMIT). Durations in seconds would need
 * weights near 1/variance (1e-3), and even then the duration towers' outputs, starting at 0,
 * could not reach values of hundreds of seconds within a few hundred Adam steps at lr 0.001.
 *
 * Its MLPs have no batch norm (`use_bn: false`, written into the exported config). EasyRec
 * evaluates batch norm with moving averages (momentum 0.99) that start at mean 0 and
 * variance 1, while with its embedding initialisation the first layer's pre-activations vary
 * by about 1e-4: until 0.99^steps is far below that (about 1,000 steps) held-out metrics come
 * from a network training never ran. A demo run lasts a few hundred steps; with batch norm its
 * held-out AUC of is_view swung between 0.24 and 0.78 over the first 150 (see
 * core/train/demo.test.ts). Production runs of 10⁵ steps can turn it back on.
 */
export function demoProject(): Project {
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
  }));
  return project;
}
