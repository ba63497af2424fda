/**
 * The held-out curve of one demo run: the demo project (or its no-relations baseline) on the
 * demo data split as the app splits it, evaluated every N steps. Prints one JSON line per
 * evaluation (AUC of the binary tasks, MSE of the durations and that MSE as a fraction of
 * predicting the held-out mean), then a markdown table.
 *
 * Usage: npx tsx scripts/experiments/demo-curve.ts [--steps 300] [--every 25] [--seed 1]
 *   [--variant dbmtl|no-relations] [--batch-size 256] [--lr 0.001] [--bias prior|zero]
 */
import { parseArgs } from 'node:util';
import { demoProject, generateDemoTable } from '../../src/core/data/demo';
import { encodeProject } from '../../src/core/data/encode';
import { withoutRelations } from '../../src/core/project/presets';
import { headline, markdownTable, trainOnce, wasmBackend } from './common';

const { values: args } = parseArgs({
  options: {
    steps: { type: 'string', default: '300' },
    every: { type: 'string', default: '25' },
    seed: { type: 'string', default: '1' },
    variant: { type: 'string', default: 'dbmtl' },
    'batch-size': { type: 'string', default: '256' },
    lr: { type: 'string', default: '0.001' },
    bias: { type: 'string', default: 'prior' },
  },
});

async function main() {
  const backend = await wasmBackend();
  const dbmtl = demoProject();
  const project = args.variant === 'no-relations' ? withoutRelations(dbmtl) : dbmtl;
  // The app's default split of the demo data: 20 % held out, seed 42 (store/dataStore.ts).
  const encoded = encodeProject(dbmtl, generateDemoTable(), {
    split: { kind: 'random', fraction: 0.2, seed: 42 },
  });
  const heldOut = encoded.validation;
  if (!heldOut) throw new Error('no held-out rows');
  const tasks = dbmtl.tasks;
  /** MSE of predicting the held-out mean: what a regression task has to beat. */
  const variance = Object.fromEntries(
    tasks.map((t) => {
      const y = heldOut.labels[t.labelName] as Float32Array;
      const mean = y.reduce((a, b) => a + b, 0) / y.length;
      return [t.name, y.reduce((a, b) => a + (b - mean) ** 2, 0) / y.length];
    }),
  );
  const settings = {
    numSteps: Number(args.steps),
    numEpochs: 0,
    batchSize: Number(args['batch-size']),
    learningRate: { kind: 'constant' as const, learningRate: Number(args.lr) },
    evalEverySteps: Number(args.every),
    seed: Number(args.seed),
    outputBias: args.bias === 'zero' ? ('zero' as const) : ('prior' as const),
  };
  console.log(
    JSON.stringify({
      type: 'setup',
      backend,
      variant: args.variant,
      trainRows: encoded.train.numRows,
      heldOutRows: heldOut.numRows,
      variance,
      ...settings,
    }),
  );
  const run = await trainOnce(project, encoded.train, heldOut, settings);
  const rows = run.history.map(({ step, metrics }) => {
    const cells: Record<string, number> = {};
    for (const t of tasks) {
      const h = headline(metrics[t.name] ?? {});
      cells[t.name] = h.name === 'mse' ? h.value / variance[t.name]! : h.value;
    }
    console.log(JSON.stringify({ type: 'eval', step, ...cells }));
    return [String(step), ...tasks.map((t) => cells[t.name]!.toFixed(4))];
  });
  console.log(JSON.stringify({ type: 'done', seconds: run.seconds }));
  console.log(
    markdownTable(
      ['step', ...tasks.map((t) => (t.lossType === 'L2_LOSS' ? `${t.name} MSE / var` : t.name))],
      rows,
    ),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
