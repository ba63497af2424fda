/**
 * The bad-input corpus (issue #8): files and names a user may give the app by mistake or on
 * purpose, each with the message the app must show (naming what and where) and what must
 * survive. `e2e/bad-input.spec.ts` feeds every case through the real UI; the config, project
 * and CSV cases are also run against the core readers (`src/core/badInput.test.ts`).
 *
 * Inputs are made here from the app's own presets (the live-streaming project and its
 * exported pipeline.config), so a case changes one thing in a known-good input.
 */
import { exportConfig } from '../../src/core/easyrec';
import { liveStreamingPreset } from '../../src/core/project/presets';
import { serializeProject } from '../../src/core/project/restore';

export type Kind = 'csv' | 'label' | 'config' | 'project' | 'name';

/**
 * What the case leaves behind:
 * - `refused`: nothing changes (graph, data, settings), only the message appears;
 * - `loaded`: a CSV is read with its bad rows skipped: the graph stays, the data is the file's
 *   good rows (`rows`);
 * - `opened`: a config or project file opens with errors that block export; one undo brings the
 *   previous project back exactly;
 * - `warned`: a config opens and exports, with a warning that refuses training in the browser
 *   (a table EasyRec shards over a cluster, too large for a tab).
 */
export type Outcome = 'refused' | 'loaded' | 'opened' | 'warned';

export interface Case {
  id: string;
  kind: Kind;
  /** What is wrong, in words. */
  what: string;
  /** The file name the user picks (csv, config, project), or the name typed (name). */
  file: string;
  /** The bytes of the file, or the name typed into the inspector. */
  input: () => Buffer;
  /** Config cases only: given by the Paste dialog instead of a file. */
  paste?: boolean;
  outcome: Outcome;
  /** The visible message, naming what and where. */
  message: RegExp;
  /** `loaded` cases: rows read from the file. */
  rows?: number;
  /** The core's verdict, for the core-level mirror: an issue, report or problem code. */
  code?: string;
}

const text = (s: string) => () => Buffer.from(s, 'utf8');

/** The live-streaming preset as the app exports it; config cases change one line of it. */
export const LIVE_CONFIG = (() => {
  const result = exportConfig(liveStreamingPreset());
  if (!result.ok) throw new Error('the live-streaming preset must export');
  return result.text;
})();

/** The live-streaming preset as a saved project file; project cases change one field of it. */
export const LIVE_PROJECT = serializeProject(liveStreamingPreset());

/** 1-based line of the first line containing `needle`, and the column where it starts. */
export function where(source: string, needle: string): { line: number; column: number } {
  const lines = source.split('\n');
  const index = lines.findIndex((l) => l.includes(needle));
  if (index < 0) throw new Error(`"${needle}" is not in the text`);
  return { line: index + 1, column: (lines[index] as string).indexOf(needle) + 1 };
}

function replaceOnce(source: string, from: string, to: string): string {
  if (!source.includes(from)) throw new Error(`"${from}" is not in the text`);
  return source.replace(from, to);
}

const config = (from: string, to: string) => replaceOnce(LIVE_CONFIG, from, to);
const at = (source: string, needle: string) => {
  const { line, column } = where(source, needle);
  return `${line}:${column}`;
};
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A project file with `edit` applied to its parsed JSON. */
function project(
  edit: (p: { project: Record<string, unknown> } & Record<string, unknown>) => void,
) {
  const data = JSON.parse(LIVE_PROJECT);
  edit(data);
  return JSON.stringify(data, null, 2);
}
const tasksOf = (p: { project: Record<string, unknown> }) =>
  p.project.tasks as Record<string, unknown>[];

/** The demo's label columns, so a CSV with them keeps the live project's tasks trainable. */
const LABELS = 'is_click,is_view,view_costtime,is_on_mic,on_mic_duration';

/** Deterministic bytes that are not text (a linear congruential sequence; no randomness). */
function noise(length: number): Buffer {
  const out = Buffer.alloc(length);
  let x = 12345;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    out[i] = x >> 16;
  }
  return out;
}

/** Names a user may type or a file may carry, that must stay text everywhere. */
export const MARKUP = '<img src=x onerror="window.__pwned=1">';
export const ODD_NAMES = [MARKUP, 'say "hi"', 'back\\slash', 'new\nline', "it's"] as const;

// ---------------------------------------------------------------------------------------------
// CSV files (Data tab, Open train file…)

const CSV: Case[] = [
  {
    id: 'csv-empty',
    kind: 'csv',
    what: 'an empty file',
    file: 'empty.csv',
    input: text(''),
    outcome: 'refused',
    message: /Could not read empty\.csv: The file has no lines of data\. \(EMPTY_FILE\)/,
    code: 'EMPTY_FILE',
  },
  {
    id: 'csv-blank-lines',
    kind: 'csv',
    what: 'only blank lines',
    file: 'blank.csv',
    input: text('\n\n\r\n\n'),
    outcome: 'refused',
    message: /Could not read blank\.csv: The file has no lines of data\. \(EMPTY_FILE\)/,
    code: 'EMPTY_FILE',
  },
  {
    id: 'csv-header-only',
    kind: 'csv',
    what: 'a header and no rows',
    file: 'header.csv',
    input: text('user_id,clk,price\n'),
    outcome: 'refused',
    message: /Could not read header\.csv: The file has a header but no rows\. \(HEADER_ONLY\)/,
    code: 'HEADER_ONLY',
  },
  {
    id: 'csv-ragged',
    kind: 'csv',
    what: 'rows with too few and too many fields',
    file: 'ragged.csv',
    input: text(`${LABELS},user\n1,1,3.5,0,0,u1\n1,0,2\n0,0,0,0,0,u3\n1,1,1,1,1,u4,extra\n`),
    outcome: 'loaded',
    rows: 2,
    message: /Expected 6 fields, found 3 or 7\. ×2 \(lines 3, 5\)/,
    code: 'RAGGED_ROW',
  },
  {
    id: 'csv-all-ragged',
    kind: 'csv',
    what: 'every row has the wrong number of fields (rows use ";", the header ",")',
    file: 'allragged.csv',
    input: text('user,clk,price\nu1;1;2\nu2;0;3\n'),
    outcome: 'refused',
    message:
      /Could not read allragged\.csv: no row could be read: Expected 3 fields, found 1\. ×2 \(lines 2, 3\) \(RAGGED_ROW\)/,
    code: 'RAGGED_ROW',
  },
  {
    id: 'csv-elf',
    kind: 'csv',
    what: 'a binary program renamed .csv',
    file: 'program.csv',
    input: () =>
      Buffer.concat(
        Array.from({ length: 40 }, () => Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0xff, 0x0a])),
      ),
    outcome: 'refused',
    message:
      /Could not read program\.csv: Most lines are not text: is this a CSV file\? \(NOT_TEXT\)/,
    code: 'NOT_TEXT',
  },
  {
    id: 'csv-noise',
    kind: 'csv',
    what: '64 KB of random bytes',
    file: 'noise.csv',
    input: () => noise(64 * 1024),
    outcome: 'refused',
    message:
      /Could not read noise\.csv: Most lines are not text: is this a CSV file\? \(NOT_TEXT\)/,
    code: 'NOT_TEXT',
  },
  {
    id: 'csv-garbage-lines',
    kind: 'csv',
    what: 'two lines of binary garbage among good rows',
    file: 'someGarbage.csv',
    input: () =>
      Buffer.concat([
        Buffer.from(`${LABELS},user\n1,1,2,0,0,u1\n`),
        Buffer.from([0x31, 0x2c, 0xff, 0xfe, 0x00, 0x2c, 0x31, 0x2c, 0x31, 0x2c, 0x31, 0x2c, 0x0a]),
        Buffer.from('0,0,0,0,0,u2\n'),
        Buffer.from([0x30, 0x2c, 0x00, 0x00, 0x2c, 0xc3, 0x28, 0x2c, 0x31, 0x2c, 0x31, 0x2c, 0x0a]),
        Buffer.from('1,0,0,1,4,u3\n'),
      ]),
    outcome: 'loaded',
    rows: 3,
    message: /Binary or undecodable bytes \(not UTF-8 text\)\. ×2 \(lines 3, 5\)/,
    code: 'GARBAGE',
  },
  {
    id: 'csv-latin1',
    kind: 'csv',
    what: 'a Latin-1 file (é, ü as single bytes)',
    file: 'latin1.csv',
    input: () =>
      Buffer.from(
        `${LABELS},city\n1,1,2,0,0,Bern\n0,0,0,0,0,Z\u00fcrich\n1,0,0,1,3,Gen\u00e8ve\n`,
        'latin1',
      ),
    outcome: 'loaded',
    rows: 1,
    message: /Binary or undecodable bytes \(not UTF-8 text\)\. ×2 \(lines 3, 4\)/,
    code: 'GARBAGE',
  },
  {
    id: 'csv-utf16',
    kind: 'csv',
    what: 'a UTF-16 file with its byte-order mark (as Excel saves "Unicode text")',
    file: 'utf16.csv',
    input: () =>
      Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from(`${LABELS},city\n1,1,2,0,0,Bern\n0,0,0,0,0,Z\u00fcrich\n`, 'utf16le'),
      ]),
    outcome: 'loaded',
    rows: 2,
    message: /utf16\.csv · 2 rows · 6 columns/,
  },
  {
    id: 'csv-huge-line',
    kind: 'csv',
    what: 'one 2 MB line with no line break (an unclosed quote swallowing the rest)',
    file: 'oneline.csv',
    input: () => Buffer.from(`${LABELS},note\n1,1,2,0,0,"${'x'.repeat(2 * 1024 * 1024)}`),
    outcome: 'loaded',
    rows: 1,
    message: /A quote(d cell)? (is not closed as expected|never closes).*line 2/,
    code: 'QUOTE',
  },
  {
    id: 'csv-wide-line',
    kind: 'csv',
    what: 'a header of 20,000 columns on one line',
    file: 'wide.csv',
    input: () =>
      Buffer.from(
        `${Array.from({ length: 20_000 }, (_, i) => `c${i}`).join(',')}\n${'1,'.repeat(19_999)}1\n`,
      ),
    outcome: 'refused',
    message:
      /Could not read wide\.csv: Line 1 has 20,000 columns, more than 10,000; is the separator right\? \(TOO_MANY_COLUMNS\)/,
    code: 'TOO_MANY_COLUMNS',
  },
  {
    id: 'csv-stray-quote',
    kind: 'csv',
    what: 'a quote closed in the middle of a cell',
    file: 'quote.csv',
    input: text(`${LABELS},note\n1,1,2,0,0,ok\n0,0,0,0,0,"ab"cd\n1,1,1,1,1,fine\n`),
    outcome: 'loaded',
    // The cell runs on to the end of the file (as CSV readers do); the message names line 3.
    rows: 2,
    message: /A quote is not closed as expected\. \(line 3\)/,
    code: 'QUOTE',
  },
  {
    id: 'csv-duplicate-header',
    kind: 'csv',
    what: 'repeated and empty column names',
    file: 'dupes.csv',
    input: text(`${LABELS},user,user,\n1,1,2,0,0,u1,u2,x\n`),
    outcome: 'loaded',
    rows: 1,
    message:
      /Column name "user" repeats; the copy at column 7 is "user_2"\. \(line 1\)[\s\S]*Column 8 has no name; called it "c7"\. \(line 1\)/,
    code: 'HEADER_FIXED',
  },
  {
    id: 'csv-bad-gzip',
    kind: 'csv',
    what: 'a gzip header followed by junk',
    file: 'broken.csv.gz',
    input: () => Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00]), noise(2048)]),
    outcome: 'refused',
    message:
      /Could not read broken\.csv\.gz: it starts like a gzip file, but its compressed data is broken \(.+\); is the download complete\?/,
  },
];

// ---------------------------------------------------------------------------------------------
// Labels (Data tab, a file whose label columns hold what is not a label)

const LABEL_ROWS = (bad: string) =>
  `${LABELS},user\n1,1,2,0,0,u1\n${bad},0,0,0,0,u2\n0,0,0,0,0,u3\n${bad},1,1,1,1,u4\n`;

const LABEL: Case[] = [
  ['label-nan', 'NaN in a binary label', 'NaN'],
  ['label-text', 'words in a binary label', 'yes'],
  ['label-inf', 'Infinity in a binary label', 'Infinity'],
  ['label-empty', 'empty cells in a binary label', ''],
].map(([id, what, bad]): Case => ({
  id: id as string,
  kind: 'label',
  what: what as string,
  file: `${id}.csv`,
  input: text(LABEL_ROWS(bad as string)),
  outcome: 'loaded',
  rows: 4,
  message:
    bad === ''
      ? /Task is_click: 2 rows have a missing or unreadable is_click .*left out of training.*lines? 3, 5/
      : new RegExp(
          `Task is_click: 2 rows have a missing or unreadable is_click \\(first "${bad}"\\); they are left out of training.*lines? 3, 5`,
        ),
  code: 'LABEL_UNREADABLE',
}));
LABEL.push({
  id: 'label-regression-text',
  kind: 'label',
  what: 'text in a regression label (view_costtime)',
  file: 'label-regression-text.csv',
  input: text(`${LABELS},user\n1,1,2.5,0,0,u1\n1,1,"12 min",0,0,u2\n0,0,0,0,0,u3\n`),
  outcome: 'loaded',
  rows: 3,
  message:
    /Task view_costtime: 1 row has a missing or unreadable view_costtime \(first "12 min"\); it is left out of training\. \(lines? 3/,
  code: 'LABEL_UNREADABLE',
});

// ---------------------------------------------------------------------------------------------
// pipeline.config files (Config tab, Import file / Paste)

const syntax = (
  id: string,
  what: string,
  from: string,
  to: string,
  needle: string,
  detail: string,
  opts: { paste?: boolean; offset?: number } = {},
): Case => {
  const source = config(from, to);
  const { line, column } = where(source, needle);
  return {
    id,
    kind: 'config',
    what,
    file: `${id}.config`,
    input: () => Buffer.from(source),
    ...(opts.paste ? { paste: true } : {}),
    outcome: 'refused',
    message: new RegExp(
      `The file has a syntax error at ${line}:${column + (opts.offset ?? 0)}: ${esc(detail)}`,
    ),
    code: 'SYNTAX',
  };
};

const refusedBy = (
  id: string,
  what: string,
  from: string,
  to: string,
  code: string,
  needle: string,
): Case => {
  const source = config(from, to);
  return {
    id,
    kind: 'config',
    what,
    file: `${id}.config`,
    input: () => Buffer.from(source),
    outcome: 'refused',
    message: new RegExp(`EasyRec would refuse this file: ${code} at ${at(source, needle)}`),
    code,
  };
};

const opensWith = (
  id: string,
  what: string,
  source: string,
  message: RegExp,
  code: string,
): Case => ({
  id,
  kind: 'config',
  what,
  file: `${id}.config`,
  input: () => Buffer.from(source),
  outcome: 'opened',
  message,
  code,
});

const cycleConfig = config(
  '      tower_name: "is_click"\n',
  '      tower_name: "is_click"\n      relation_tower_names: "on_mic_duration"\n',
);
const missingTower = config(
  'relation_tower_names: "is_on_mic"',
  'relation_tower_names: "is_on_mike"',
);
const selfRelation = config(
  '      tower_name: "is_click"\n',
  '      tower_name: "is_click"\n      relation_tower_names: "is_click"\n',
);
const duplicateTower = config('tower_name: "is_view"', 'tower_name: "is_click"');

const CONFIG: Case[] = [
  syntax(
    'config-missing-colon',
    'a field without ":"',
    'model_class: "DBMTL"',
    'model_class "DBMTL"',
    '"DBMTL"',
    'expected ":" or "{" after field name "model_class"',
  ),
  syntax(
    'config-missing-comma',
    'a list without a comma',
    'hidden_units: [128, 96, 64]',
    'hidden_units: [128, 96 64]',
    '64]',
    'expected "," or "]"',
    { paste: true },
  ),
  syntax(
    'config-unterminated-string',
    'a string that never closes',
    'tower_name: "is_click"',
    'tower_name: "is_click',
    'tower_name: "is_click',
    'unterminated string',
    { offset: 12 },
  ),
  syntax(
    'config-bad-escape',
    'a string with an unknown escape',
    'tower_name: "is_click"',
    'tower_name: "is\\qclick"',
    '\\q',
    'expected an escape',
  ),
  {
    id: 'config-unclosed-brace',
    kind: 'config',
    what: 'a block that is never closed',
    file: 'config-unclosed-brace.config',
    input: () => Buffer.from(LIVE_CONFIG.replace(/\}\s*$/, '')),
    outcome: 'refused',
    message: /The file has a syntax error at \d+:\d+: .*(end of (file|input)|"\}")/,
    code: 'SYNTAX',
  },
  {
    id: 'config-binary',
    kind: 'config',
    what: 'a binary file',
    file: 'config-binary.config',
    input: () => Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0xff, 0xfe, 0x0a]),
    outcome: 'refused',
    message: /The file has a syntax error at 1:1: .*control character U\+007f/,
    code: 'SYNTAX',
  },
  {
    id: 'config-json',
    kind: 'config',
    what: 'a project file (JSON) given as a config',
    file: 'project.json',
    input: () => Buffer.from(LIVE_PROJECT),
    outcome: 'refused',
    message: /The file has a syntax error at 1:1: expected a field name, found "\{"/,
    code: 'SYNTAX',
  },
  {
    id: 'config-empty',
    kind: 'config',
    what: 'an empty file',
    file: 'config-empty.config',
    input: text(''),
    outcome: 'refused',
    message: /The file is empty\./,
    code: 'EMPTY_FILE',
  },
  {
    id: 'config-comments',
    kind: 'config',
    what: 'only comments',
    file: 'config-comments.config',
    input: text('# model_config {\n#   model_class: "DBMTL"\n# }\n'),
    outcome: 'refused',
    message: /The file has only comments; there is no config in it\./,
    code: 'EMPTY_FILE',
  },
  refusedBy(
    'config-unknown-field',
    'a field EasyRec does not have',
    'model_class: "DBMTL"\n',
    'model_class: "DBMTL"\n  foo_bar: 1\n',
    'UNKNOWN_FIELD',
    'foo_bar',
  ),
  refusedBy(
    'config-misspelt-field',
    'a misspelt field (l2_regularisation)',
    'l2_regularization:',
    'l2_regularisation:',
    'UNKNOWN_FIELD',
    'l2_regularisation',
  ),
  refusedBy(
    'config-unknown-enum',
    'an unknown loss type',
    'loss_type: L2_LOSS',
    'loss_type: L3_LOSS',
    'UNKNOWN_ENUM_VALUE',
    'L3_LOSS',
  ),
  refusedBy(
    'config-negative-units',
    'a negative layer width',
    'hidden_units: [128, 96, 64]',
    'hidden_units: [-5]',
    'BAD_VALUE',
    '-5',
  ),
  refusedBy(
    'config-string-units',
    'a string where numbers belong',
    'hidden_units: [128, 96, 64]',
    'hidden_units: "abc"',
    'BAD_VALUE',
    '"abc"',
  ),
  {
    id: 'config-mmoe',
    kind: 'config',
    what: 'another model (MMoE)',
    file: 'config-mmoe.config',
    input: () =>
      Buffer.from(
        LIVE_CONFIG.replace(/ {2}dbmtl \{[\s\S]*?\n {2}\}\n/, '  mmoe {\n    num_expert: 2\n  }\n'),
      ),
    outcome: 'refused',
    message:
      /This config has no dbmtl model \(found mmoe at \d+:3\); DBMTL Studio opens DBMTL configs only\./,
    code: 'NOT_DBMTL',
  },
  opensWith(
    'config-cycle',
    'a cycle is_click → … → on_mic_duration → is_click',
    cycleConfig,
    /The tasks form a cycle: .*is_click.*on_mic_duration/,
    'RELATION_CYCLE',
  ),
  opensWith(
    'config-missing-tower',
    'a relation to a tower that does not exist',
    missingTower,
    new RegExp(
      `${at(missingTower, 'relation_tower_names: "is_on_mike"')}.*"is_on_mike", which is not a tower`,
    ),
    'RELATION_UNKNOWN',
  ),
  opensWith(
    'config-self-relation',
    'a tower that depends on itself',
    selfRelation,
    /Task "is_click" depends on itself/,
    'RELATION_CYCLE',
  ),
  opensWith(
    'config-duplicate-tower',
    'two towers with the same name',
    duplicateTower,
    /Two tasks are named "is_click"; task names must be unique\./,
    'NAME_DUPLICATE',
  ),
  opensWith(
    'config-huge-layer',
    'hidden_units: [100000000]',
    config('hidden_units: [128, 96, 64]', 'hidden_units: [100000000]'),
    /Task "is_click" tower MLP: a layer of 100000000 units is larger than 16384; is it a typo\?/,
    'HIDDEN_UNITS_TOO_LARGE',
  ),
  {
    ...opensWith(
      'config-huge-embedding',
      'hash_bucket_size: 1000000000 for a 16-wide embedding',
      config('hash_bucket_size: 100000\n', 'hash_bucket_size: 1000000000\n'),
      /Feature "user_id": its embedding table of 1,000,000,000 × 16 = 16,000,000,000 values is larger than 50,000,000, too large to train in the browser/,
      'EMBEDDING_TOO_LARGE',
    ),
    outcome: 'warned',
  },
];

// ---------------------------------------------------------------------------------------------
// Project files (toolbar, Open project)

const PROJECT: Case[] = [
  {
    id: 'project-truncated',
    kind: 'project',
    what: 'a file cut off in the middle',
    file: 'cut.dbmtl.json',
    input: () => Buffer.from(LIVE_PROJECT.slice(0, 500)),
    outcome: 'refused',
    message: /cut\.dbmtl\.json is not valid JSON: .+\. The project was not changed/,
  },
  {
    id: 'project-empty',
    kind: 'project',
    what: 'an empty file',
    file: 'empty.dbmtl.json',
    input: text(''),
    outcome: 'refused',
    message: /empty\.dbmtl\.json is not valid JSON/,
  },
  {
    id: 'project-binary',
    kind: 'project',
    what: 'binary garbage',
    file: 'noise.dbmtl.json',
    input: () => noise(4096),
    outcome: 'refused',
    message: /noise\.dbmtl\.json is not valid JSON/,
  },
  {
    id: 'project-config',
    kind: 'project',
    what: 'a pipeline.config opened as a project',
    file: 'pipeline.config',
    input: () => Buffer.from(LIVE_CONFIG),
    outcome: 'refused',
    message: /pipeline\.config is not valid JSON/,
  },
  {
    id: 'project-other-json',
    kind: 'project',
    what: 'some other JSON',
    file: 'package.json',
    input: text('{"name": "x", "version": "1.0.0"}'),
    outcome: 'refused',
    message:
      /package\.json is not a DBMTL Studio project \(expected "kind": "dbmtl-studio-project"\)/,
  },
  {
    id: 'project-newer',
    kind: 'project',
    what: 'a file from a newer version',
    file: 'newer.dbmtl.json',
    input: () => Buffer.from(project((p) => (p.version = 7))),
    outcome: 'refused',
    message:
      /newer\.dbmtl\.json was saved by a newer DBMTL Studio \(format 7; this one reads up to 1\)/,
  },
  {
    id: 'project-version-string',
    kind: 'project',
    what: 'a version that is not a number',
    file: 'v.dbmtl.json',
    input: () => Buffer.from(project((p) => (p.version = '1'))),
    outcome: 'refused',
    message: /v\.dbmtl\.json: "version" must be a whole number, found "1"/,
  },
  {
    id: 'project-null',
    kind: 'project',
    what: 'a null project',
    file: 'null.dbmtl.json',
    input: () => Buffer.from(project((p) => (p.project = null as never))),
    outcome: 'refused',
    message: /null\.dbmtl\.json: "project" must be an object/,
  },
  {
    id: 'project-tasks-object',
    kind: 'project',
    what: 'tasks that are not a list',
    file: 'tasks.dbmtl.json',
    input: () => Buffer.from(project((p) => (p.project.tasks = { a: 1 }))),
    outcome: 'refused',
    message: /tasks\.dbmtl\.json: .*tasks.*(list|array)/i,
  },
  {
    id: 'project-weight-text',
    kind: 'project',
    what: 'a task weight written as text',
    file: 'weight.dbmtl.json',
    input: () => Buffer.from(project((p) => (tasksOf(p)[1]!.weight = 'abc'))),
    outcome: 'refused',
    message: /weight\.dbmtl\.json: task "is_view": weight must be a number; found "abc"/,
  },
  {
    id: 'project-loss-enum',
    kind: 'project',
    what: 'an unknown loss type',
    file: 'loss.dbmtl.json',
    input: () => Buffer.from(project((p) => (tasksOf(p)[2]!.lossType = 'FOO'))),
    outcome: 'refused',
    message: /loss\.dbmtl\.json: task "view_costtime": lossType must be one of .*; found "FOO"/,
  },
  {
    id: 'project-units-text',
    kind: 'project',
    what: 'hidden units that are not numbers',
    file: 'units.dbmtl.json',
    input: () =>
      Buffer.from(
        project((p) => ((tasksOf(p)[0]!.dnn as Record<string, unknown>).hiddenUnits = ['a'])),
      ),
    outcome: 'refused',
    message: /units\.dbmtl\.json: task "is_click": .*hiddenUnits.*number/,
  },
  {
    id: 'project-cycle',
    kind: 'project',
    what: 'a saved graph with a cycle',
    file: 'cycle.dbmtl.json',
    input: () =>
      Buffer.from(project((p) => (tasksOf(p)[0]!.relationTowerNames = ['on_mic_duration']))),
    outcome: 'opened',
    message: /The tasks form a cycle: .*is_click.*on_mic_duration/,
    code: 'RELATION_CYCLE',
  },
  {
    id: 'project-huge-layer',
    kind: 'project',
    what: 'hidden units [100000000] in a saved project',
    file: 'huge.dbmtl.json',
    input: () =>
      Buffer.from(
        project((p) => ((tasksOf(p)[0]!.dnn as Record<string, unknown>).hiddenUnits = [1e8])),
      ),
    outcome: 'opened',
    message: /a layer of 100000000 units is larger than 16384; is it a typo\?/,
    code: 'HIDDEN_UNITS_TOO_LARGE',
  },
];

// ---------------------------------------------------------------------------------------------
// Task names typed in the inspector (rename is_click)

const NAME: Case[] = [
  ['name-markup', MARKUP],
  ['name-quotes', 'say "hi"'],
  ['name-backslash', 'back\\slash'],
  ['name-space', 'two words'],
  ['name-digit', '1st'],
].map(([id, name]): Case => ({
  id: id as string,
  kind: 'name',
  what: `the task name ${JSON.stringify(name)}`,
  file: name as string,
  input: text(name as string),
  outcome: 'refused',
  message: new RegExp(
    `${esc(`"${name}" is not a valid task name: use letters, digits and _, not starting with a digit.`)}`,
  ),
  code: 'INVALID_NAME',
}));
NAME.push(
  {
    id: 'name-duplicate',
    kind: 'name',
    what: 'the name of another task',
    file: 'is_view',
    input: text('is_view'),
    outcome: 'refused',
    message: /A task named "is_view" already exists\./,
    code: 'DUPLICATE_NAME',
  },
  {
    id: 'name-empty',
    kind: 'name',
    what: 'an empty name',
    file: '',
    input: text(''),
    outcome: 'refused',
    message: /"" is not a valid task name: use letters, digits and _, not starting with a digit\./,
    code: 'INVALID_NAME',
  },
);

export const CASES: readonly Case[] = [...CSV, ...LABEL, ...CONFIG, ...PROJECT, ...NAME];

export function casesOf(kind: Kind): Case[] {
  return CASES.filter((c) => c.kind === kind);
}

// ---------------------------------------------------------------------------------------------
// Odd names carried by files: they open, render as text and survive export → import.

/** A project file whose tasks carry the odd names, one chain: each depends on the one before. */
export function oddNamesProject(): string {
  return project((p) => {
    const tasks = tasksOf(p);
    const names = [...ODD_NAMES];
    const renamed = new Map(
      tasks.map((t, i) => [t.name as string, names[i] ?? (t.name as string)]),
    );
    for (const t of tasks) {
      t.name = renamed.get(t.name as string);
      t.relationTowerNames = (t.relationTowerNames as string[]).map((n) => renamed.get(n) ?? n);
    }
  });
}

/** A CSV whose extra columns are named with the odd names (quoted as CSV quotes them). */
export function oddColumnsCsv(): string {
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const header = [...LABELS.split(','), ...ODD_NAMES].map(quote).join(',');
  const rows = ['1,1,2.5,0,0,a,b,c,d,e', '0,0,0,0,0,f,g,h,i,j', '1,0,0,1,3,k,l,m,n,o'];
  return `${header}\n${rows.join('\n')}\n`;
}
