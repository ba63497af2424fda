/**
 * DBMTL against the same project with its relations removed (core/project/presets.ts
 * `withoutRelations`: the independent-towers baseline), on the built-in demo data
 * (core/data/demo.ts: DEMO_ROWS seeded rows, 20 % held out at random as the app does), each
 * trained with the same seeds. Reports per task the held-out AUC (binary) or MSE (regression,
 * in the label's own units: minutes²) as mean ± sd (min–max) over the seeds, and the
 * difference DBMTL − baseline, whichever way it falls. With --every N each run is also
 * evaluated every N steps, and the mean held-out curve of each variant is printed.
 *
 * Usage: npx tsx scripts/experiments/demo-relations.ts [--seeds 1,2,3] [--steps 300]
 *   [--every 0] [--batch-size 256] [--lr 0.001]
 * Prints one JSON line per run, then a JSON summary and markdown tables.
 */
import { parseArgs } from 'node:util';
import { encodeProject } from '../../src/core/data/encode';
import { demoProject, generateDemoTable } from '../../src/core/data/demo';
import { withoutRelations } from '../../src/core/project/presets';
import type { Project } from '../../src/core/project/types';
import {
  formatSummary,
  headline,
  markdownTable,
  summarise,
  trainOnce,
  wasmBackend,
  type RunRecord,
} from './common';

const { values: args } = parseArgs({
  options: {
    seeds: { type: 'string', default: '1,2,3' },
    steps: { type: 'string', default: '300' },
    every: { type: 'string', default: '0' },
    'batch-size': { type: 'string', default: '256' },
    lr: { type: 'string', default: '0.001' },
  },
});
const seeds = args.seeds.split(',').map(Number);

async function main() {
  const backend = await wasmBackend();
  const dbmtl = demoProject();
  const variants: [string, Project][] = [
    ['DBMTL', dbmtl],
    ['no relations', withoutRelations(dbmtl)],
  ];
  // The app's default split of the demo data: 20 % held out, seed 42 (store/dataStore.ts).
  const encoded = encodeProject(dbmtl, generateDemoTable(), {
    split: { kind: 'random', fraction: 0.2, seed: 42 },
  });
  const heldOut = encoded.validation;
  if (!heldOut) throw new Error('no held-out rows');
  const settings = {
    numSteps: Number(args.steps),
    numEpochs: 0,
    batchSize: Number(args['batch-size']),
    learningRate: { kind: 'constant' as const, learningRate: Number(args.lr) },
    evalEverySteps: Number(args.every),
  };
  console.log(
    JSON.stringify({
      type: 'setup',
      backend,
      trainRows: encoded.train.numRows,
      heldOutRows: heldOut.numRows,
      ...settings,
    }),
  );

  const runs = new Map<string, RunRecord[]>();
  for (const [name, project] of variants) {
    const list: RunRecord[] = [];
    for (const seed of seeds) {
      const run = await trainOnce(project, encoded.train, heldOut, { ...settings, seed });
      list.push(run);
      console.log(JSON.stringify({ type: 'run', variant: name, ...run }));
    }
    runs.set(name, list);
  }

  const tasks = dbmtl.tasks.map((t) => t.name);
  /** MSE of predicting the held-out mean: what a regression task has to beat. */
  const variance = (task: string) => {
    const y = heldOut.labels[dbmtl.tasks.find((t) => t.name === task)!.labelName] as Float32Array;
    const mean = y.reduce((a, b) => a + b, 0) / y.length;
    return y.reduce((a, b) => a + (b - mean) ** 2, 0) / y.length;
  };
  const summary = tasks.map((task) => {
    const per = (name: string) => {
      const list = runs.get(name) ?? [];
      const metric = headline(list[0]?.metrics[task] ?? {}).name;
      return { metric, ...summarise(list.map((r) => headline(r.metrics[task] ?? {}).value)) };
    };
    return { task, dbmtl: per('DBMTL'), baseline: per('no relations') };
  });
  console.log(JSON.stringify({ type: 'summary', seeds, settings, summary }));
  console.log(
    markdownTable(
      ['task', 'metric', 'DBMTL', 'no relations', 'DBMTL − no relations', 'reference'],
      summary.map(({ task, dbmtl: d, baseline: b }) => {
        const digits = d.metric === 'mse' ? 3 : 4;
        return [
          task,
          d.metric === 'mse' ? 'MSE (min²), lower is better' : 'AUC',
          formatSummary(d, digits),
          formatSummary(b, digits),
          (d.mean - b.mean).toFixed(digits),
          d.metric === 'mse' ? `${variance(task).toFixed(3)} predicting the mean` : '',
        ];
      }),
    ),
  );
  if (Number(args.every) > 0) {
    // Mean held-out curve per variant over the seeds; durations as MSE / MSE of the mean.
    for (const [name] of variants) {
      const list = runs.get(name) ?? [];
      const steps = list[0]?.history.map((h) => h.step) ?? [];
      const cell = (task: string, i: number) => {
        const values = list.map((r) => headline(r.history[i]?.metrics[task] ?? {}));
        const scale = values[0]?.name === 'mse' ? variance(task) : 1;
        return (values.reduce((a, v) => a + v.value, 0) / values.length / scale).toFixed(4);
      };
      console.log(`\n${name}: mean held-out curve over seeds ${seeds.join(', ')}\n`);
      console.log(
        markdownTable(
          [
            'step',
            ...dbmtl.tasks.map((t) => (t.lossType === 'L2_LOSS' ? `${t.name} MSE / var` : t.name)),
          ],
          steps.map((step, i) => [String(step), ...tasks.map((task) => cell(task, i))]),
        ),
      );
    }
  }
}

// The WASM backend rethrows uncaught errors with its whole source: print the message only.
main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
