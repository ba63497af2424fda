/** The real `dbmtl` binary, spawned as a user runs it. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { exportConfig } from '../core/easyrec';
import { emptyProject } from '../core/project/defaults';
import { liveStreamingPreset } from '../core/project/presets';
import { parseProjectFile, serializeProject } from '../core/project/restore';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixtures = join(root, 'src/core/easyrec/fixtures');
const work = mkdtempSync(join(tmpdir(), 'dbmtl-cli-'));

function dbmtl(...args: string[]) {
  const result = spawnSync(process.execPath, [join(root, 'bin/dbmtl.js'), ...args], {
    cwd: work,
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const liveText = (() => {
  const result = exportConfig(liveStreamingPreset());
  if (!result.ok) throw new Error('preset must export');
  return result.text;
})();

describe('dbmtl help and usage', () => {
  it('--help lists the commands and exits 0', () => {
    const { status, stdout } = dbmtl('--help');
    expect(status).toBe(0);
    expect(stdout).toMatch(/export\s+write the EasyRec pipeline\.config/);
    expect(stdout).toMatch(/import\s+/);
    expect(stdout).toMatch(/validate\s+/);
  });

  it.each([
    [['export', '--help'], /Usage: dbmtl export <project\.json>/],
    [['help', 'import'], /Usage: dbmtl import <FILE>/],
    [['validate', '-h'], /Usage: dbmtl validate <FILE>/],
    [
      ['predict', '--help'],
      /Usage: dbmtl predict --model DIR --data FILE \[-o OUT\.csv\][\s\S]*Without -o the CSV goes to standard output[\s\S]*-o, --output FILE where to write the scores \(default: standard output\)/,
    ],
  ])('%j shows that command’s help', (args, pattern) => {
    const { status, stdout } = dbmtl(...args);
    expect(status).toBe(0);
    expect(stdout).toMatch(pattern);
  });

  it.each([
    [[], /Usage: dbmtl <command>/, 'stdout'],
    [['frob'], /unknown command "frob"/, 'stderr'],
    [['export'], /give either a project file or --preset NAME/, 'stderr'],
    [
      ['export', '--preset', 'nope'],
      /unknown preset "nope"; expected one of live_streaming/,
      'stderr',
    ],
    [
      ['import', '--bogus', 'x'],
      /^dbmtl import: unknown option --bogus; see dbmtl import --help\n$/,
      'stderr',
    ],
    [
      ['export', '--bogus'],
      /^dbmtl export: unknown option --bogus; see dbmtl export --help\n$/,
      'stderr',
    ],
    [
      ['export', 'p.json', '-o'],
      /^dbmtl export: option --output needs a value; see dbmtl export --help\n$/,
      'stderr',
    ],
    [['validate', 'a', 'b'], /give exactly one file/, 'stderr'],
  ] as const)('%j is a usage error: exit 2', (args, pattern, stream) => {
    const result = dbmtl(...args);
    expect(result.status).toBe(2);
    expect(result[stream]).toMatch(pattern);
  });
});

describe('dbmtl --version', () => {
  it.each([['--version'], ['-V']])('%s prints the version of package.json', (flag) => {
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      version: string;
    };
    const { status, stdout } = dbmtl(flag);
    expect(status).toBe(0);
    expect(stdout).toBe(`dbmtl ${version}\n`);
  });
});

describe('every command reads files with the same clear messages', () => {
  mkdirSync(join(work, 'folder'), { recursive: true });
  it.each([
    ['import', ['import', 'folder'], 'folder', 'is a directory'],
    ['validate', ['validate', 'folder'], 'folder', 'is a directory'],
    ['export', ['export', 'folder'], 'folder', 'is a directory'],
    ['inspect', ['inspect', 'folder'], 'folder', 'is a directory'],
    ['import', ['import', 'missing.config'], 'missing.config', 'no such file'],
    ['inspect', ['inspect', '/nonexistent'], '/nonexistent', 'no such file'],
    ['inspect --config', ['inspect', 'x.csv', '--config', 'folder'], 'folder', 'is a directory'],
  ])('%s %j: exit 1 and one line, no stack', (command, args, file, why) => {
    const { status, stderr } = dbmtl(...args);
    expect(status).toBe(1);
    expect(stderr).toBe(`dbmtl ${command.split(' ')[0]}: cannot read ${file}: ${why}.\n`);
  });
});

describe('dbmtl export', () => {
  it('writes a preset to stdout, the same text as the app', () => {
    const { status, stdout } = dbmtl('export', '--preset', 'live_streaming');
    expect(status).toBe(0);
    expect(stdout).toBe(liveText);
  });

  it('writes a project file’s config to -o', () => {
    writeFileSync(join(work, 'live.json'), serializeProject(liveStreamingPreset()));
    const { status, stderr } = dbmtl('export', 'live.json', '-o', 'out.config');
    expect(status).toBe(0);
    expect(stderr).toContain('Wrote out.config');
    expect(readFileSync(join(work, 'out.config'), 'utf8')).toBe(liveText);
  });

  it('refuses a project with validation errors and lists them: exit 1', () => {
    writeFileSync(join(work, 'empty.json'), serializeProject(emptyProject()));
    const { status, stdout, stderr } = dbmtl('export', 'empty.json');
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/cannot be exported/);
    expect(stderr).toMatch(/error NO_TASKS: The model has no tasks/);
  });

  it.each([
    ['missing.json', /cannot read missing\.json: no such file/],
    ['bad.json', /bad\.json is not valid JSON/],
    [
      'a pipeline.config',
      /^dbmtl export: taobao\.config is a pipeline\.config, not a project file; use dbmtl import first, or dbmtl validate\n$/,
    ],
  ])('refuses %s: exit 1', (file, pattern) => {
    writeFileSync(join(work, 'bad.json'), '{ nope');
    writeFileSync(join(work, 'taobao.config'), liveText);
    if (file === 'a pipeline.config') file = 'taobao.config';
    const { status, stderr } = dbmtl('export', file);
    expect(status).toBe(1);
    expect(stderr).toMatch(pattern);
  });
});

describe('dbmtl import', () => {
  it('prints the report with positions to stderr and the project to stdout', () => {
    const { status, stdout, stderr } = dbmtl('import', join(fixtures, 'unsupported.config'));
    expect(status).toBe(0);
    expect(stderr).toContain(
      'unsupported.config:90:7 warning NOT_MODELLED model_config.dbmtl.task_towers[0].losses[0]',
    );
    expect(stderr).toMatch(
      /imported 2 task\(s\), 3 feature\(s\); report: 0 error\(s\), 16 warning\(s\), 1 note\(s\)/,
    );
    const restored = parseProjectFile(stdout);
    expect(restored.ok && restored.project.tasks.map((t) => t.name)).toEqual(['click', 'finish']);
    expect(restored.ok && restored.project.name).toBe('unsupported');
  });

  it('a syntax error: exit 1, the error with line:column, no project', () => {
    writeFileSync(
      join(work, 'broken.config'),
      'model_dir: "m"\nmodel_config {\n  model_class "DBMTL"\n}\n',
    );
    const { status, stdout, stderr } = dbmtl('import', 'broken.config');
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('broken.config:3:15 error SYNTAX');
    expect(stderr).toContain('expected ":" or "{" after field name "model_class"');
  });

  it.each([
    ['an empty file', '', /\.config: not imported\. The file is empty\.\n$/],
    [
      'an MMoE config',
      'model_dir: "m"\nmodel_config {\n  model_class: "MMoE"\n  mmoe { num_expert: 2 }\n}\n',
      /not imported\. This config has no dbmtl model \(found mmoe at 4:3\); DBMTL Studio opens DBMTL configs only\.\n$/,
    ],
    [
      'an unknown enum value',
      liveText.replace('loss_type: L2_LOSS', 'loss_type: L3_LOSS'),
      /not imported\. EasyRec would refuse this file: UNKNOWN_ENUM_VALUE at \d+:18\./,
    ],
  ])('refuses %s: exit 1, no project, the reason in one sentence', (_name, text, pattern) => {
    writeFileSync(join(work, 'refused.config'), text);
    const { status, stdout, stderr } = dbmtl('import', 'refused.config');
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(pattern);
  });

  it('export → import → export through the command line gives the same text', () => {
    writeFileSync(join(work, 'live.config'), liveText);
    expect(dbmtl('import', 'live.config', '-o', 'back.json').status).toBe(0);
    const again = dbmtl('export', 'back.json');
    expect(again.stdout).toBe(liveText);
  });
});

describe('dbmtl validate', () => {
  it.each([
    [
      'the golden config',
      join(fixtures, 'live_streaming.golden.config'),
      0,
      /OK, the app can train it/,
    ],
    ['a config with only unmodelled parts', join(fixtures, 'unsupported.config'), 0, /OK/],
    ['a project file', 'live.json', 0, /OK/],
  ])('%s: exit 0', (_name, file, code, pattern) => {
    writeFileSync(join(work, 'live.json'), serializeProject(liveStreamingPreset()));
    const { status, stdout } = dbmtl('validate', file);
    expect(status).toBe(code);
    expect(stdout).toMatch(pattern);
  });

  it.each([
    [
      'a relation to a later tower',
      liveText.replace(
        'label_name: "is_view"\n',
        'label_name: "is_view"\n      relation_tower_names: "is_on_mic"\n',
      ),
      /RELATION_LATER/,
    ],
    [
      'an unknown field',
      liveText.replace('num_steps: 2000', 'num_step: 2000'),
      /3?\d+:3 error UNKNOWN_FIELD train_config\.num_step: TrainConfig has no field "num_step" \(did you mean "num_steps"\?\)/,
    ],
    ['a syntax error', 'model_dir: "x', /1:12 error SYNTAX/],
    [
      'a project the app cannot train',
      liveText.replace(/input_fields \{[\s\S]*?\n {2}\}\n/g, ''),
      /LABEL_NOT_A_COLUMN|NO_INPUT_FIELDS/,
    ],
    [
      'a tower name with a quote and a newline (one line per entry, the name JSON-quoted)',
      liveText.replaceAll('"is_on_mic"', '"on\\"mic\\nx"'),
      /error NAME_NOT_IDENTIFIER \(task "on\\"mic\\nx", name\): Task name "on\\"mic\\nx" is not an identifier/,
    ],
  ])('%s: exit 1', (_name, text, pattern) => {
    writeFileSync(join(work, 'check.config'), text);
    const { status, stdout, stderr } = dbmtl('validate', 'check.config');
    expect(status).toBe(1);
    expect(stderr).toMatch(pattern);
    expect(stdout).toMatch(/cannot be trained as it is/);
    // Every line is one entry about the file: no name splits a line.
    expect(
      stderr
        .trimEnd()
        .split('\n')
        .every((line) => line.startsWith('check.config:')),
    ).toBe(true);
  });
});
