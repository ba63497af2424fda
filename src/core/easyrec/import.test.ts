import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { liveStreamingPreset } from '../project/presets';
import { validateProject } from '../project/validate';
import type { Project } from '../project/types';
import { exportConfig } from './export';
import { importConfig, nameFromModelDir, reportHasErrors } from './import';
import type { ReportEntry } from './report';
import { equivalentForm } from './testing';

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

/** The entries as `line:column code path`, the way a user reads them. */
const brief = (report: ReportEntry[]) =>
  report.map((e) => `${e.line}:${e.column} ${e.code} ${e.path}`);

function imported(text: string): { project: Project; report: ReportEntry[] } {
  const result = importConfig(text);
  if (!result.project) throw new Error(`no project: ${JSON.stringify(result.report)}`);
  return { project: result.project, report: result.report };
}

function exported(project: Project): string {
  const result = exportConfig(project);
  if (!result.ok) throw new Error(`cannot export: ${JSON.stringify(result.problems)}`);
  return result.text;
}

describe('import: a realistic config with what the app does not model', () => {
  const { project, report } = imported(fixture('unsupported.config'));

  it('lists every unmodelled part with its line, column and path', () => {
    // Lines and columns read off fixtures/unsupported.config by hand.
    expect(brief(report)).toEqual([
      '8:3 NORMALISED train_config.optimizer_config[0]',
      '9:5 NOT_MODELLED train_config.optimizer_config[0].adagrad_optimizer',
      '16:3 NOT_MODELLED train_config.sync_replicas',
      '28:3 UNSUPPORTED_VALUE data_config.input_type',
      '29:3 NOT_MODELLED data_config.prefetch_size',
      '46:3 UNSUPPORTED_VALUE feature_configs[2].feature_type',
      '47:3 NOT_MODELLED feature_configs[2].sub_feature_type',
      '54:3 UNSUPPORTED_VALUE feature_configs[3].feature_type',
      // The third element of `feature_names: ["uid", "vid", "uid_x_vid", "age"]`.
      '69:35 NOT_MODELLED model_config.feature_groups[0].feature_names[2]',
      '72:3 NOT_MODELLED model_config.feature_groups[1]',
      '74:5 NOT_MODELLED model_config.feature_groups[1].sequence_features[0]',
      '79:3 NOT_MODELLED model_config.variational_dropout',
      '88:21 NOT_MODELLED model_config.dbmtl.task_towers[0].metrics_set[1].recall_at_topk',
      '90:7 NOT_MODELLED model_config.dbmtl.task_towers[0].losses[0]',
      '91:7 NOT_MODELLED model_config.dbmtl.task_towers[0].losses[1]',
      '97:7 UNSUPPORTED_VALUE model_config.dbmtl.task_towers[1].loss_type',
      '99:32 UNSUPPORTED_VALUE model_config.dbmtl.task_towers[1].dnn.activation',
    ]);
    expect(reportHasErrors(report)).toBe(false);
  });

  it('says in words what a re-export loses', () => {
    const losses = report.find((e) => e.path.endsWith('losses[0]'));
    expect(losses?.message).toMatch(/several losses per tower.*re-export leaves it out/);
    const sequence = report.find((e) => e.path === 'feature_configs[2].feature_type');
    expect(sequence?.message).toContain('SequenceFeature is not modelled');
  });

  it('keeps what it models: towers, relations, the modelled features of the group', () => {
    expect(project.tasks.map((t) => [t.name, t.relationTowerNames])).toEqual([
      ['click', []],
      ['finish', ['click']],
    ]);
    expect(project.features.map((f) => [f.name, f.inGroup])).toEqual([
      ['uid', true],
      ['vid', true],
      ['age', true],
    ]);
    expect(project.model.lossWeightStrategy).toBe('Uncertainty');
    expect(project.data.batchSize).toBe(1024);
    expect(project.data.withHeader).toBe(false);
    expect(project.tasks.every((t) => t.position.x === 0 && t.position.y === 0)).toBe(true);
  });
});

describe('import: refused, with one sentence saying why', () => {
  it.each([
    ['an empty file', '', [{ code: 'EMPTY_FILE', at: '0:0' }], 'The file is empty.'],
    [
      'only whitespace and comments',
      '\n  # a comment\n\n',
      [{ code: 'EMPTY_FILE', at: '0:0' }],
      'The file has only comments; there is no config in it.',
    ],
    [
      'MMoE (its block named, not the noise of its fields)',
      'model_dir: "m"\ndata_config { label_fields: "a" }\nmodel_config {\n  model_class: "MMoE"\n  mmoe { num_expert: 3 }\n}\n',
      [{ code: 'NOT_DBMTL', at: '5:3' }],
      'This config has no dbmtl model (found mmoe at 5:3); DBMTL Studio opens DBMTL configs only.',
    ],
    [
      'a backbone MultiTaskModel',
      'model_dir: "m"\nmodel_config {\n  model_class: "MultiTaskModel"\n  backbone { blocks { name: "x" } }\n  model_params { l2_regularization: 1e-5 }\n}\n',
      [{ code: 'NOT_DBMTL', at: '5:3' }],
      'This config has no dbmtl model (found model_params at 5:3); DBMTL Studio opens DBMTL configs only.',
    ],
    [
      'a dbmtl block under another model_class',
      'model_dir: "m"\nmodel_config {\n  model_class: "ESMM"\n  dbmtl { }\n}\n',
      [{ code: 'NOT_DBMTL', at: '3:3' }],
      'This config has no dbmtl model (found model_class "ESMM" at 3:3); DBMTL Studio opens DBMTL configs only.',
    ],
    [
      'no model_config at all',
      'model_dir: "m"\n',
      [{ code: 'NOT_DBMTL', at: '0:0' }],
      'This config has no dbmtl model (found no model_config); DBMTL Studio opens DBMTL configs only.',
    ],
  ])('%s', (_name, text, entries, refusal) => {
    const result = importConfig(text);
    expect(result.project).toBeNull();
    expect(result.refusal).toBe(refusal);
    expect(result.report.map((e) => ({ code: e.code, at: `${e.line}:${e.column}` }))).toEqual(
      entries,
    );
  });
});

describe('import: errors EasyRec’s parser reports', () => {
  // The body is line 3; columns below are counted by hand within each body.
  const base = 'model_dir: "m"\nmodel_config { model_class: "DBMTL" loss_weight_strategy: Fixed\n';
  it.each([
    [
      'unknown field',
      'dbmtl { l2_regularisation: 1 }',
      'UNKNOWN_FIELD',
      '3:9',
      /no field "l2_regularisation" \(did you mean "l2_regularization"\?\)/,
    ],
    [
      'unknown enum value',
      'dbmtl { task_towers { tower_name: "a" loss_type: L3_LOSS } }',
      'UNKNOWN_ENUM_VALUE',
      '3:50',
      /L3_LOSS.*not a value of enum LossType/,
    ],
    [
      'non-repeated field twice',
      'dbmtl { num_expert: 1 num_expert: 2 }',
      'DUPLICATE_FIELD',
      '3:23',
      /first at 3:9/,
    ],
    [
      'two members of a oneof',
      'dbmtl {} mmoe {}',
      'ONEOF_CONFLICT',
      '3:10',
      /"mmoe" and "dbmtl" are both members of oneof "model"/,
    ],
    [
      'string where a number goes',
      'dbmtl { num_expert: "2" }',
      'BAD_VALUE',
      '3:21',
      /holds a number \(uint32\), found the string "2"/,
    ],
    ['negative unsigned', 'dbmtl { num_expert: -2 }', 'BAD_VALUE', '3:21', /0 to 4294967295/],
    ['scalar where a message goes', 'dbmtl: 3', 'BAD_VALUE', '3:8', /holds a message DBMTL/],
    [
      'bad bool',
      'dbmtl { task_towers { tower_name: "a" use_sample_weight: yes } }',
      'BAD_VALUE',
      '3:58',
      /true or false/,
    ],
  ])('%s: reported at its place, and the import is refused', (_name, body, code, at, message) => {
    // Opening the file would mean substituting a default for what the user wrote.
    const result = importConfig(`${base}${body}\n}\n`);
    const entry = result.report.find((e) => e.code === code);
    expect(entry && `${entry.line}:${entry.column}`).toBe(at);
    expect(entry?.severity).toBe('error');
    expect(entry?.message).toMatch(message);
    expect(result.project).toBeNull();
    expect(result.refusal).toContain(`EasyRec would refuse this file: ${code} at ${at}`);
  });

  it('an unknown loss_type refuses the import instead of becoming CLASSIFICATION', () => {
    // The user's case: an L2_LOSS tower misspelt L3_LOSS must not export as a classifier.
    const result = importConfig(
      exported(liveStreamingPreset()).replace('loss_type: L2_LOSS', 'loss_type: L3_LOSS'),
    );
    expect(result.project).toBeNull();
    expect(result.report.filter((e) => e.severity === 'error').map((e) => e.code)).toEqual([
      'UNKNOWN_ENUM_VALUE',
    ]);
  });

  it('a syntax error gives no project and the error with its position', () => {
    const result = importConfig(
      'model_dir: "m"\nmodel_config {\n  model_class: "DBMTL"\n  dbmtl {\n}\n',
    );
    expect(result.project).toBeNull();
    expect(result.report).toEqual([
      {
        severity: 'error',
        code: 'SYNTAX',
        line: 6,
        column: 1,
        path: '',
        message: 'expected "}" to close the message opened at 2:14, found end of input',
      },
    ]);
  });
});

/** The live-streaming config with the towers given as `towers` (name and parents). */
function withTowers(towers: [string, string[]][]): string {
  const result = exportConfig(liveStreamingPreset());
  if (!result.ok) throw new Error('preset must export');
  const start = result.text.indexOf('    task_towers {');
  const end = result.text.indexOf('    l2_regularization');
  const body = towers
    .map(
      ([name, parents]) =>
        `    task_towers {\n      tower_name: "${name}"\n${parents.map((p) => `      relation_tower_names: "${p}"\n`).join('')}      use_sample_weight: true\n    }\n`,
    )
    .join('');
  return result.text.slice(0, start) + body + result.text.slice(end);
}

describe('import: relations EasyRec fails on, still opened as a graph', () => {
  it.each([
    [
      'an unknown tower',
      [
        ['is_click', ['is_clik']],
        ['is_view', []],
      ],
      'RELATION_UNKNOWN',
      /"is_clik", which is not a tower/,
    ],
    [
      'a later tower',
      [
        ['is_view', ['is_click']],
        ['is_click', []],
      ],
      'RELATION_LATER',
      /comes later in task_towers/,
    ],
    ['itself', [['is_click', ['is_click']]], 'RELATION_CYCLE', /depends on itself/],
  ] as const)('a relation to %s', (_name, towers, code, message) => {
    const { project, report } = imported(withTowers(towers.map(([n, p]) => [n, [...p]])));
    const entry = report.find((e) => e.code === code);
    expect(entry?.severity).toBe('error');
    expect(entry?.message).toMatch(message);
    expect(entry?.path).toMatch(
      /^model_config\.dbmtl\.task_towers\[0\]\.relation_tower_names\[0\]$/,
    );
    expect(project.tasks.map((t) => t.name)).toEqual(towers.map(([n]) => n));
  });

  it('a cycle is reported with its path, and the project names it too', () => {
    const text = withTowers([
      ['is_click', ['is_view']],
      ['is_view', ['is_click']],
    ]);
    const { project, report } = imported(text);
    // is_click → is_view is "later" too, but it is an edge of the cycle: one entry says it.
    expect(report.filter((e) => e.code === 'RELATION_LATER')).toHaveLength(0);
    const cycle = report.find((e) => e.code === 'RELATION_CYCLE');
    expect(cycle?.message).toContain('is_click → is_view → is_click');
    expect(validateProject(project).map((p) => p.code)).toContain('RELATION_CYCLE');
  });

  it('a later tower alone is fixed by a re-export, which writes towers in dependency order', () => {
    const { project } = imported(
      withTowers([
        ['is_view', ['is_click']],
        ['is_click', []],
      ]),
    );
    const again = exportConfig(project);
    expect(again.ok).toBe(true);
    if (!again.ok) return;
    const names = [...again.text.matchAll(/tower_name: "(\w+)"/g)].map((m) => m[1]);
    expect(names).toEqual(['is_click', 'is_view']);
  });
});

describe('import: EasyRec defaults and fallbacks', () => {
  it('fills EasyRec defaults: no header, batch 32, label from label_fields by position', () => {
    const { project, report } = imported(
      [
        'model_dir: "m"',
        'data_config { input_type: CSVInput label_fields: ["clk", "buy"]',
        '  input_fields { input_name: "clk" input_type: INT32 }',
        '  input_fields { input_name: "buy" input_type: INT32 } }',
        'model_config { model_class: "DBMTL" loss_weight_strategy: Fixed',
        '  dbmtl { task_towers { tower_name: "ctr" use_sample_weight: true }',
        '          task_towers { tower_name: "cvr" use_sample_weight: true } } }',
      ].join('\n'),
    );
    expect(project.data.withHeader).toBe(false);
    expect(project.data.batchSize).toBe(32);
    expect(project.tasks.map((t) => t.labelName)).toEqual(['clk', 'buy']);
    expect(project.model.l2Regularization).toBe(1e-4);
    expect(project.tasks[0]?.dnn).toBeNull();
    // No metrics_set means no metrics for EasyRec; the app does not invent one.
    expect(project.tasks[0]?.metrics).toEqual([]);
    expect(brief(report)).toEqual([
      '1:1 NORMALISED train_config',
      '5:1 GROUP_ALL_MISSING model_config.feature_groups',
    ]);
  });

  it('accepts the old feature_configs form like feature_config', () => {
    const modern = fixture('every_field.config');
    const old = modern.replace(
      /feature_config \{\n([\s\S]*?)\n\}\nmodel_config/,
      (_m, body: string) =>
        `${body.replace(/^ {2}features \{/gm, 'feature_configs {')}\nmodel_config`,
    );
    expect(old).toContain('feature_configs {');
    expect(old).not.toContain('feature_config {');
    expect(imported(old).project.features).toEqual(imported(modern).project.features);
  });
});

describe('import → export keeps every modelled field', () => {
  it('a config that sets each of them away from its default', () => {
    const text = fixture('every_field.config');
    const { project, report } = imported(text);
    expect(report).toEqual([]);
    const again = exportConfig(project);
    if (!again.ok) throw new Error(JSON.stringify(again.problems));
    // The one normalisation: feature_config follows the order of the "all" group (EasyRec
    // looks features up by name, so the order of feature_config carries no meaning).
    const byInput = (form: Record<string, unknown>) => {
      const features = (form.feature_config as { features: { input_names: string[] }[] }).features;
      features.sort((a, b) => (a.input_names[0] ?? '').localeCompare(b.input_names[0] ?? ''));
      return form;
    };
    expect(byInput(equivalentForm(again.text))).toEqual(byInput(equivalentForm(text)));
  });
});

describe('nameFromModelDir', () => {
  it.each([
    ['experiments/dbmtl_taobao', 'dbmtl_taobao'],
    ['oss://bucket/exp/run1/', 'run1'],
    ['C:\\models\\ctr', 'ctr'],
    ['', undefined],
    [undefined, undefined],
  ])('%s → %s', (dir, name) => {
    expect(nameFromModelDir(dir)).toBe(name);
  });
});
