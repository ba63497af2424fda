/**
 * `dbmtl train` and `dbmtl predict` end to end in Node on the CPU backend: a small seeded CSV
 * with a header, a project file, training with JSON-line output, the saved model, and scores
 * for a file without label columns.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyProject, inputField, makeFeature, makeTask, mlp } from '../../core/project/defaults';
import { serializeProject } from '../../core/project/restore';
import { Random } from '../../core/model/random';
import { encodeProject } from '../../core/data/encode';
import { predictCommand } from './predict';
import { labelInfoOf, readTable, trainCommand } from './train';

const work = mkdtempSync(join(tmpdir(), 'dbmtl-train-'));

/** Rows where click follows the user's hidden taste and x; view follows click. */
function csv(rows: number, seed: number, withLabels: boolean): string {
  // The users' tastes are the same in every file; the rows differ by seed.
  const tastes = new Random(99);
  const taste = Array.from({ length: 20 }, () => 2 * tastes.normal());
  const random = new Random(seed);
  const lines = [withLabels ? 'user,x,tags,click,view' : 'user,x,tags'];
  for (let r = 0; r < rows; r++) {
    const user = Math.floor(random.next() * 20);
    const x = random.normal();
    const tags = ['a', 'b', 'c'].filter(() => random.next() < 0.4).join('|');
    const click = random.next() < 1 / (1 + Math.exp(-((taste[user] as number) + x))) ? 1 : 0;
    const view = click && random.next() < 0.5 ? 1 : 0;
    lines.push([`u${user}`, x.toFixed(3), tags, ...(withLabels ? [click, view] : [])].join(','));
  }
  return `${lines.join('\n')}\n`;
}

function project() {
  const p = emptyProject('cli');
  p.tasks = [
    makeTask('click', { dnn: mlp([8]), relationDnn: mlp([4]) }),
    makeTask('view', { dnn: mlp([8]), relationDnn: mlp([4]), relationTowerNames: ['click'] }),
  ];
  p.features = [
    makeFeature('user', { type: 'IdFeature', embeddingDim: 4, hashBucketSize: 50 }),
    makeFeature('x', { type: 'RawFeature', embeddingDim: 0 }),
    makeFeature('tags', { type: 'TagFeature', embeddingDim: 4, hashBucketSize: 10 }),
  ];
  p.model = { ...p.model, bottomDnn: mlp([16]) };
  p.data = {
    ...p.data,
    batchSize: 64,
    inputFields: ['user', 'x', 'tags', 'click', 'view'].map((n) =>
      inputField(n, n === 'x' ? 'FLOAT' : n === 'user' || n === 'tags' ? 'STRING' : 'INT32'),
    ),
  };
  p.train = { ...p.train, learningRate: { kind: 'constant', learningRate: 0.01 }, seed: 5 };
  return p;
}

async function run(command: typeof trainCommand, argv: string[], now?: () => number) {
  let out = '';
  let err = '';
  const status = await command.run({
    argv,
    cwd: work,
    out: (t) => (out += t),
    err: (t) => (err += t),
    ...(now ? { now } : {}),
  });
  return { status, out, err };
}

describe('dbmtl train and predict', () => {
  it('trains, prints JSON lines with EasyRec metric names, saves, and scores', async () => {
    writeFileSync(join(work, 'project.json'), serializeProject(project()));
    writeFileSync(join(work, 'train.csv'), csv(2000, 1, true));
    writeFileSync(join(work, 'eval.csv'), csv(500, 2, true));
    writeFileSync(join(work, 'score.csv'), csv(7, 3, false));

    const trained = await run(trainCommand, [
      '--config',
      'project.json',
      '--data',
      'train.csv',
      '--eval',
      'eval.csv',
      '--steps',
      '150',
      '--backend',
      'cpu',
      '--report',
      '50',
      '--out',
      'model',
    ]);
    expect(trained.status).toBe(0);
    const lines = trained.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({
      type: 'start',
      backend: 'cpu',
      trainRows: 2000,
      evalRows: 500,
    });
    expect(lines.filter((l) => l.type === 'progress').map((l) => l.step)).toEqual([
      1, 50, 100, 150,
    ]);
    const done = lines.at(-1);
    expect(done.type).toBe('done');
    expect(done.steps).toBe(150);
    expect(done.metrics.auc_click).toBeGreaterThan(0.75);
    expect(Object.keys(done.metrics).sort()).toEqual([
      'auc_click',
      'auc_view',
      'log_loss_click',
      'log_loss_view',
    ]);

    const scored = await run(predictCommand, [
      '--model',
      'model',
      '--data',
      'score.csv',
      '-o',
      'scores.csv',
      '--backend',
      'cpu',
    ]);
    expect(scored.status).toBe(0);
    const rows = readFileSync(join(work, 'scores.csv'), 'utf8').trim().split('\n');
    expect(rows[0]).toBe('probs_click,probs_view');
    expect(rows).toHaveLength(8);
    for (const row of rows.slice(1)) {
      for (const p of row.split(',').map(Number)) expect(p > 0 && p < 1).toBe(true);
    }

    // Without -o: the same CSV on standard output, the message on standard error only.
    const piped = await run(predictCommand, [
      ...['--model', 'model', '--data', 'score.csv', '--backend', 'cpu'],
    ]);
    expect(piped.status).toBe(0);
    expect(piped.out).toBe(readFileSync(join(work, 'scores.csv'), 'utf8'));
    expect(piped.err).toBe('Wrote 7 rows to standard output\n');
  });

  it('without --report, reports a tenth of the steps, estimates time, explains a null AUC', async () => {
    writeFileSync(join(work, 'project.json'), serializeProject(project()));
    writeFileSync(join(work, 'train.csv'), csv(2000, 1, true));
    // The same held-out rows with no positive view: its AUC is undefined.
    const noViews = csv(500, 2, true).replace(/,[01]\n/g, ',0\n');
    writeFileSync(join(work, 'eval-noview.csv'), noViews);
    const trained = await run(trainCommand, [
      ...['--config', 'project.json', '--data', 'train.csv', '--eval', 'eval-noview.csv'],
      ...['--steps', '20', '--backend', 'cpu', '--out', 'model-noview'],
    ]);
    expect(trained.status).toBe(0);
    const lines = trained.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    // min(100, max(1, ⌊20 / 10⌋)) = 2.
    expect(lines.filter((l) => l.type === 'progress').map((l) => l.step)).toEqual([
      1, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20,
    ]);
    expect(lines.at(-1).metrics.auc_view).toBeNull();
    expect(trained.err).toMatch(/step 1\/20 \(warm-up/);
    expect(trained.err).toMatch(/after warm-up: [\d.]+ s\/step, about .* left for 20 steps/);
    expect(trained.err).toContain(
      'auc_view: null — no positive rows for view in the 500 held-out rows',
    );
  });

  it('by epochs: the last step is reported and evaluated once; stderr speaks every 10 s of a fake clock', async () => {
    writeFileSync(join(work, 'project.json'), serializeProject(project()));
    writeFileSync(join(work, 'train.csv'), csv(2000, 1, true));
    writeFileSync(join(work, 'eval.csv'), csv(500, 2, true));
    // A fake clock that the command alone reads (once per step, at the end of each step):
    // each read is 3 s later, so 10 s pass every 4 steps whatever stdout prints.
    let reads = 0;
    const now = () => 3_000 * reads++;
    const trained = await run(
      trainCommand,
      [
        ...['--config', 'project.json', '--data', 'train.csv', '--eval', 'eval.csv'],
        ...['--epochs', '2', '--eval-every', '31', '--report', '2', '--backend', 'cpu'],
        ...['--out', 'model-epochs'],
      ],
      now,
    );
    expect(trained.status).toBe(0);
    const lines = trained.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    // 2000 rows / batch 64 = 31 full batches an epoch, so 2 epochs end at step 62: evaluated
    // at step 31 (--eval-every) and once at the end (it was evaluated and reported twice).
    expect(lines.filter((l) => l.type === 'eval').map((l) => l.step)).toEqual([31, 62]);
    const progress = lines.filter((l) => l.type === 'progress').map((l) => l.step);
    expect(progress.filter((s) => s === 62)).toHaveLength(1);
    expect(lines.at(-1)).toMatchObject({ type: 'done', steps: 62, epochs: 2 });
    // Progress went to stdout every 2 steps; stderr still says a line at least every 4 steps
    // (12 s of the fake clock) after the estimate, as the help promises.
    const said = [...trained.err.matchAll(/^step (\d+)\/62, /gm)].map((m) => Number(m[1]));
    expect(said.length).toBeGreaterThan(10);
    const gaps = said.slice(1).map((s, i) => s - (said[i] as number));
    expect(Math.max(...gaps)).toBeLessThanOrEqual(4);
  });

  it('predict refuses a file without the feature columns, naming them (exit 1)', async () => {
    // Run after the first test saved "model". A file for another model: only "user" matches.
    writeFileSync(join(work, 'other.csv'), 'user,age,income\nu1,30,1\nu2,40,0\n');
    await expect(
      run(predictCommand, [
        ...['--model', 'model', '--data', 'other.csv', '-o', 'other-scores.csv'],
        ...['--backend', 'cpu'],
      ]),
    ).rejects.toMatchObject({
      exitCode: 1,
      message: expect.stringMatching(
        /other\.csv lacks 2 columns the model's features read: x, tags\. It has 3: user, age, income/,
      ),
    });
    // A header and no rows: nothing to score is an error too, not 0 rows and exit 0.
    writeFileSync(join(work, 'header-only.csv'), 'user,x,tags\n');
    await expect(
      run(predictCommand, [
        ...['--model', 'model', '--data', 'header-only.csv', '-o', 'none.csv'],
        ...['--backend', 'cpu'],
      ]),
    ).rejects.toMatchObject({
      exitCode: 1,
      message: expect.stringMatching(/header-only\.csv has no data rows/),
    });
  });

  it.each([
    // [file text, headerless?, expected message]
    ['', false, /^empty\.csv is empty\.$/],
    // Five input_fields (user, x, tags, click, view); a 3-field headerless file fits none.
    [
      'u1,0.5,a\nu2,1.5,b\n',
      true,
      /has 3 columns; the config's data_config lists 5 input_fields \(headerless\)/,
    ],
  ])('train says why a file gives no rows: %j', async (text, headerless, expected) => {
    const p = project();
    p.data = { ...p.data, withHeader: !headerless };
    writeFileSync(join(work, 'nohead.json'), serializeProject(p));
    writeFileSync(join(work, 'empty.csv'), text);
    await expect(
      run(trainCommand, ['--config', 'nohead.json', '--data', 'empty.csv', '--backend', 'cpu']),
    ).rejects.toMatchObject({ exitCode: 1, message: expect.stringMatching(expected) });
  });

  it('refuses to train a table too large for this process, naming the feature (exit 1)', async () => {
    const p = project();
    p.features[0] = { ...p.features[0]!, hashBucketSize: 100_000_000 };
    writeFileSync(join(work, 'huge.json'), serializeProject(p));
    writeFileSync(join(work, 'huge.csv'), csv(20, 3, true));
    await expect(
      run(trainCommand, ['--config', 'huge.json', '--data', 'huge.csv', '--backend', 'cpu']),
    ).rejects.toMatchObject({
      exitCode: 1,
      message: expect.stringMatching(
        /huge\.json cannot train here:\nwarning EMBEDDING_TOO_LARGE \(feature "user", hashBucketSize\): .*100,000,000 × 4/,
      ),
    });
  });

  it('refuses wrong usage with exit status 2 and a message', async () => {
    await expect(run(trainCommand, ['--data', 'x.csv'])).rejects.toThrow(
      /--config and --data are required/,
    );
    await expect(
      run(trainCommand, ['--config', 'a', '--data', 'b', '--backend', 'webgl']),
    ).rejects.toThrow(/wasm or cpu/);
  });
});

describe('a project with a derived label (as the app saves one for UCI Adult)', () => {
  // Adult-like records as adult.data writes them: no header, ", " between cells, 5 columns.
  const rows = [
    '39, State-gov, Never-married, 40, <=50K',
    '50, Self-emp-not-inc, Married-civ-spouse, 13, <=50K',
    '38, Private, Divorced, 40, <=50K',
    '28, Private, Never-married, 40, >50K',
    '37, Private, Married-civ-spouse, 40, >50K',
    '31, Private, Never-married, 50, >50K',
    '52, Self-emp-not-inc, Married-civ-spouse, 45, >50K',
    '23, Private, Never-married, 30, <=50K',
  ];
  const names = ['age', 'workclass', 'marital-status', 'hours-per-week', 'income'];
  // Worked out by hand from the rows above: never_married is 1 where the third cell is
  // Never-married; income is 1 where the last cell is >50K.
  const NEVER_MARRIED = [1, 0, 0, 1, 0, 1, 0, 1];
  const INCOME = [0, 0, 0, 1, 1, 1, 1, 0];

  /** Six input_fields, the last one derived: the file has five columns. */
  function adultProject() {
    const p = emptyProject('adult');
    p.tasks = [
      makeTask('never_married', { dnn: mlp([4]), relationDnn: mlp([4]) }),
      makeTask('income', {
        dnn: mlp([4]),
        relationDnn: mlp([4]),
        relationTowerNames: ['never_married'],
      }),
    ];
    p.features = [
      makeFeature('age', { type: 'RawFeature', embeddingDim: 0 }),
      makeFeature('workclass', { type: 'IdFeature', embeddingDim: 4, hashBucketSize: 10 }),
      makeFeature('hours-per-week', { type: 'RawFeature', embeddingDim: 0 }),
    ];
    p.model = { ...p.model, bottomDnn: mlp([8]) };
    p.data = {
      ...p.data,
      withHeader: false,
      batchSize: 4,
      inputFields: [
        inputField('age', 'INT64'),
        inputField('workclass', 'STRING'),
        inputField('marital-status', 'STRING'),
        inputField('hours-per-week', 'INT64'),
        inputField('income', 'STRING'),
        inputField('never_married', 'INT32'),
      ],
      derivedLabels: [
        { kind: 'equals', name: 'never_married', source: 'marital-status', value: 'Never-married' },
      ],
    };
    p.train = { ...p.train, learningRate: { kind: 'constant', learningRate: 0.01 }, seed: 5 };
    return p;
  }

  it('names the file’s five columns, adds never_married, and encodes both labels', async () => {
    writeFileSync(join(work, 'mini-adult.data'), `${rows.join('\n')}\n`);
    const p = adultProject();
    const table = await readTable(work, 'mini-adult.data', p);
    expect(table.numRows).toBe(8);
    expect(table.columns.map((c) => c.name)).toEqual([...names, 'never_married']);
    const encoded = encodeProject(p, table, {
      split: { kind: 'none' },
      labelInfo: labelInfoOf(table, p),
    });
    expect(encoded.issues).toEqual([]);
    expect([...encoded.train.labels.never_married!]).toEqual(NEVER_MARRIED);
    expect([...encoded.train.labels.income!]).toEqual(INCOME);
  });

  it("says which lines it skipped, as adult.test's first line (one field, not five)", async () => {
    writeFileSync(join(work, 'junk-adult.test'), `|1x3 Cross validator\n${rows.join('\n')}\n`);
    const told: string[] = [];
    const table = await readTable(work, 'junk-adult.test', adultProject(), (l) => told.push(l));
    expect(table.numRows).toBe(8);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatch(/^junk-adult\.test: .*\(line 1\)\n$/);
  });

  it('dbmtl train and predict run on it (the project file as the app saves it)', async () => {
    writeFileSync(join(work, 'mini-adult.data'), `${rows.join('\n')}\n`);
    writeFileSync(join(work, 'adult.json'), serializeProject(adultProject()));
    const trained = await run(trainCommand, [
      ...['--config', 'adult.json', '--data', 'mini-adult.data', '--eval', 'mini-adult.data'],
      ...['--steps', '3', '--backend', 'cpu', '--out', 'model-adult'],
    ]);
    expect(trained.status).toBe(0);
    const lines = trained.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ type: 'start', trainRows: 8, evalRows: 8 });
    expect(lines.at(-1)).toMatchObject({ type: 'done', steps: 3 });
    expect(Object.keys(lines.at(-1).metrics)).toContain('auc_never_married');
    // Scoring needs no labels, and the derived one is no column of the file.
    const scored = await run(predictCommand, [
      ...['--model', 'model-adult', '--data', 'mini-adult.data', '--backend', 'cpu'],
    ]);
    expect(scored.status).toBe(0);
    expect(scored.out.split('\n')[0]).toBe('probs_never_married,probs_income');
    expect(scored.out.trim().split('\n')).toHaveLength(9);
  });

  it('a file of another width is named in the message, with the derived label apart', async () => {
    writeFileSync(join(work, 'four.data'), '39, State-gov, Never-married, 40\n');
    writeFileSync(join(work, 'adult.json'), serializeProject(adultProject()));
    await expect(
      run(trainCommand, ['--config', 'adult.json', '--data', 'four.data', '--backend', 'cpu']),
    ).rejects.toMatchObject({
      exitCode: 1,
      message: expect.stringContaining(
        "four.data has 4 columns; the config's data_config lists 5 input_fields besides the derived never_married (headerless)",
      ),
    });
  });
});
