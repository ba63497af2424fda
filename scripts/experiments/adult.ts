/**
 * UCI Adult as a three-task DBMTL problem, read the way the app reads it (core/data):
 * adult.data trains, adult.test is held out. Tasks: `income` > 50K (adult.test writes
 * `>50K.`; labels are normalised, so both spellings are positive), `never_married`
 * (derived: marital-status == Never-married) and `hours_per_week` (regression on the
 * `hours-per-week` column). marital-status and relationship are left out of the inputs (they
 * give never_married away); hours-per-week is a label, not an input.
 *
 * The regression label is standardised with the training rows' mean and standard deviation
 * (here, in this script, not in the app): raw hours (mean ≈ 40, variance ≈ 150) would make its
 * squared error swamp the two log losses, and an output bias starting at 0 needs thousands of
 * Adam steps at lr 0.001 to reach 40. MSE is reported in hours² (the standardised MSE times
 * the variance), next to the variance of adult.test's hours (the MSE of predicting a constant).
 *
 * With `--journey` the run is the app's (e2e/journey-adult.spec.ts): tasks and model as the app
 * makes them from a file (default towers, bottom and regularisation), hours-per-week raw with
 * the weight the Data tab suggests (1 / variance, one digit), 800 steps of 256 rows, evaluated
 * every 200 steps. `--bias zero` starts the output biases at zero as EasyRec does (default:
 * the training labels' prior, model/prior.ts).
 *
 * Usage: npx tsx scripts/experiments/adult.ts [--seeds 1,2,3] [--epochs 8] [--eval-every N]
 *   [--data DIR] [--journey] [--steps N] [--bias prior|zero]
 * Prints one JSON line per run, then a JSON summary and a markdown table.
 */
import { openAsBlob } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { withDerived, type DerivedRule } from '../../src/core/data/derived';
import type { EncodedDataset } from '../../src/core/data/encoded';
import { encodeProject } from '../../src/core/data/encode';
import { schemaToProject } from '../../src/core/data/features';
import { UCI_ADULT_COLUMNS } from '../../src/core/data/layouts';
import { readDelimited } from '../../src/core/data/read';
import type { Table } from '../../src/core/data/table';
import { addDerivedLabel, inferSchema, setRole, type Schema } from '../../src/core/data/schema';
import { suggestedRegressionWeight } from '../../src/core/data/sanity';
import { defaultMetrics, emptyProject, makeTask, mlp } from '../../src/core/project/defaults';
import type { Project } from '../../src/core/project/types';
import {
  formatSummary,
  markdownTable,
  REPO,
  summarise,
  trainOnce,
  wasmBackend,
  type RunRecord,
} from './common';

const { values: args } = parseArgs({
  options: {
    seeds: { type: 'string', default: '1,2,3' },
    epochs: { type: 'string', default: '8' },
    'eval-every': { type: 'string', default: '0' },
    data: { type: 'string', default: resolve(REPO, '../shared/data/uci-adult') },
    journey: { type: 'boolean', default: false },
    steps: { type: 'string', default: '800' },
    bias: { type: 'string', default: 'prior' },
  },
});
const seeds = args.seeds.split(',').map(Number);
const epochs = Number(args.epochs);

const NEVER_MARRIED: DerivedRule = {
  kind: 'equals',
  name: 'never_married',
  source: 'marital-status',
  value: 'Never-married',
};
const HOURS = 'hours-per-week';

async function read(file: string) {
  const result = await readDelimited(await openAsBlob(resolve(args.data, file)), {
    columnNames: [...UCI_ADULT_COLUMNS],
  });
  return result.table;
}

function adultSchema(table: Table): Schema {
  let schema = inferSchema(table, { labelNames: ['income', HOURS] });
  const derived = addDerivedLabel(schema, table, NEVER_MARRIED);
  if ('error' in derived) throw new Error(derived.error);
  schema = derived;
  for (const name of ['marital-status', 'relationship']) schema = setRole(schema, name, 'ignore');
  return setRole(schema, HOURS, 'label');
}

/**
 * A small DBMTL: never_married → income (marriage and household income go together), and
 * both → hours_per_week.
 */
function adultProject(schema: Schema): Project {
  const base = emptyProject('UCI Adult');
  if (args.journey) return journeyProject(base, schema);
  base.tasks = [
    makeTask('never_married', { labelName: 'never_married', dnn: mlp([64, 32]) }),
    makeTask('income', {
      labelName: 'income',
      dnn: mlp([64, 32]),
      relationTowerNames: ['never_married'],
      relationDnn: mlp([16]),
    }),
    makeTask('hours_per_week', {
      labelName: HOURS,
      lossType: 'L2_LOSS',
      metrics: defaultMetrics('L2_LOSS'),
      dnn: mlp([64, 32]),
      relationTowerNames: ['never_married', 'income'],
      relationDnn: mlp([16]),
    }),
  ];
  base.model = {
    ...base.model,
    bottomDnn: mlp([256, 128]),
    l2Regularization: 1e-6,
    embeddingRegularization: 5e-6,
  };
  base.data = { ...base.data, batchSize: 256, evalBatchSize: 4096 };
  return schemaToProject(base, schema, { withHeader: false, separator: ',' });
}

/** The journey's project: the app's default task and model settings, the same graph. */
function journeyProject(base: Project, schema: Schema): Project {
  base.tasks = [
    makeTask('never_married', { labelName: 'never_married' }),
    makeTask('income', { labelName: 'income', relationTowerNames: ['never_married'] }),
    makeTask('hours_per_week', {
      labelName: HOURS,
      lossType: 'L2_LOSS',
      metrics: defaultMetrics('L2_LOSS'),
      relationTowerNames: ['income', 'never_married'],
    }),
  ];
  return schemaToProject(base, schema, { withHeader: false, separator: ',' });
}

/** Standardises a regression label in place on both sides; returns (mean, sd) of the train side. */
function standardise(name: string, train: EncodedDataset, test: EncodedDataset) {
  const y = train.labels[name] as Float32Array;
  const mean = y.reduce((a, b) => a + b, 0) / y.length;
  const sd = Math.sqrt(y.reduce((a, b) => a + (b - mean) ** 2, 0) / y.length);
  for (const data of [train, test]) {
    const v = data.labels[name] as Float32Array;
    for (let i = 0; i < v.length; i++) v[i] = ((v[i] as number) - mean) / sd;
  }
  return { mean, sd };
}

/**
 * The journey keeps hours raw and weighs the task by the Data tab's suggestion; returns
 * (0, 1) so that the MSE below stays in hours².
 */
function rawScale(name: string, train: EncodedDataset, project: Project) {
  const y = train.labels[name] as Float32Array;
  const mean = y.reduce((a, b) => a + b, 0) / y.length;
  const variance = y.reduce((a, b) => a + (b - mean) ** 2, 0) / y.length;
  const task = project.tasks.find((t) => t.labelName === name);
  if (task) task.weight = suggestedRegressionWeight(variance);
  console.log(JSON.stringify({ type: 'hours', trainMean: mean, weight: task?.weight }));
  return { mean: 0, sd: 1 };
}

async function main() {
  const backend = await wasmBackend();
  const trainFile = await read('adult.data');
  const schema = adultSchema(trainFile);
  const trainTable = withDerived(trainFile, [NEVER_MARRIED]);
  const testTable = withDerived(await read('adult.test'), [NEVER_MARRIED]);
  const project = adultProject(schema);
  const labelInfo = Object.fromEntries(schema.columns.map((c) => [c.name, c.label]));
  const encoded = encodeProject(project, trainTable, {
    split: { kind: 'file' },
    validationTable: testTable,
    labelInfo,
  });
  const test = encoded.validation;
  if (!test) throw new Error('adult.test gave no rows');
  const scale = args.journey
    ? rawScale(HOURS, encoded.train, project)
    : standardise(HOURS, encoded.train, test);
  const testHours = (test.labels[HOURS] as Float32Array).map((z) => z * scale.sd + scale.mean);
  const testMean = testHours.reduce((a, b) => a + b, 0) / testHours.length;
  const constantMse = testHours.reduce((a, b) => a + (b - testMean) ** 2, 0) / testHours.length;
  const stepsPerEpoch = Math.floor(encoded.train.numRows / project.data.batchSize);
  console.log(
    JSON.stringify({
      type: 'setup',
      backend,
      trainRows: encoded.train.numRows,
      testRows: test.numRows,
      features: project.features.filter((f) => f.inGroup).map((f) => f.name),
      hours: { trainMean: scale.mean, trainSd: scale.sd, testVariance: constantMse },
      epochs,
      steps: epochs * stepsPerEpoch,
      positives: {
        income: (test.labels.income as Float32Array).reduce((a, b) => a + b, 0),
        never_married: (test.labels.never_married as Float32Array).reduce((a, b) => a + b, 0),
      },
    }),
  );

  const runs: RunRecord[] = [];
  for (const seed of seeds) {
    const run = await trainOnce(project, encoded.train, test, {
      seed,
      numSteps: args.journey ? Number(args.steps) : 0,
      numEpochs: args.journey ? 0 : epochs,
      batchSize: 256,
      learningRate: { kind: 'constant', learningRate: 0.001 },
      evalEverySteps: args.journey ? 200 : Number(args['eval-every']),
      outputBias: args.bias === 'zero' ? 'zero' : 'prior',
    });
    runs.push(run);
    const history = run.history.map((h) => ({
      step: h.step,
      auc_income: h.metrics.income?.auc,
      auc_never_married: h.metrics.never_married?.auc,
      mse_hours: h.metrics.hours_per_week?.mean_squared_error,
    }));
    console.log(JSON.stringify({ type: 'run', ...run, history }));
  }
  const pick = (task: string, metric: string, factor = 1) =>
    summarise(runs.map((r) => (r.metrics[task]?.[metric] ?? NaN) * factor));
  const variance = scale.sd ** 2;
  const summary = {
    auc_income: pick('income', 'auc'),
    auc_never_married: pick('never_married', 'auc'),
    mse_hours_per_week: pick('hours_per_week', 'mean_squared_error', variance),
    mse_hours_per_week_constant: constantMse,
    seconds: summarise(runs.map((r) => r.seconds)),
  };
  console.log(JSON.stringify({ type: 'summary', seeds, ...summary }));
  console.log(
    markdownTable(
      ['task', 'metric', `mean ± sd (min–max), seeds ${seeds.join(', ')}`, 'reference'],
      [
        ['income', 'AUC', formatSummary(summary.auc_income), 'target ≥ 0.85'],
        ['never_married', 'AUC', formatSummary(summary.auc_never_married), 'target ≥ 0.86'],
        [
          'hours_per_week',
          'MSE (hours²)',
          formatSummary(summary.mse_hours_per_week, 1),
          `${constantMse.toFixed(1)} predicting the mean`,
        ],
      ],
    ),
  );
}

// The WASM backend rethrows uncaught errors with its whole source: print the message only.
main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
