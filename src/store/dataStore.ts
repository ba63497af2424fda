/**
 * The data store: the samples the app trains on (train file, optional validation file, or
 * the built-in demo), their schema as the user edits it, the read in progress, and the
 * choices that shape encoding (split, rows to drop). Vanilla zustand like the project store;
 * reading runs in a worker (src/worker/readClient.ts), injected so tests can read in place.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { generateDemoTable, DEMO_PROJECT_NAME, DEMO_ROWS } from '../core/data/demo';
import { fileFieldNames, rulesFor, withDerived, type DerivedRule } from '../core/data/derived';
import type { Dialect } from '../core/data/dialect';
import type { EncodeResult } from '../core/data/encode';
import { encodeSamples, type Samples } from '../core/data/prepare';
import { schemaToProject, withDeclaredRoles } from '../core/data/features';
import { isTemplateProject, missingColumns, missingMessage } from '../core/data/guard';
import { describeIssue } from '../core/data/issues';
import type { ReadProgress, ReadResult } from '../core/data/read';
import {
  addDerivedLabel,
  inferSchema,
  setRole,
  type ColumnRole,
  type Schema,
} from '../core/data/schema';
import {
  fileDiffers,
  labelWriters,
  layoutOf,
  samplesFileNames,
  writeSamples,
} from '../core/data/samplesFile';
import type { SplitSpec } from '../core/data/split';
import type { Table } from '../core/data/table';
import { DEFAULT_MISSING_TOKENS } from '../core/data/values';
import type { Project } from '../core/project/types';
import { readInWorker, type ReadFn } from '../worker/readClient';
import { projectStore, type ProjectStore } from './projectStore';

export interface LoadedData {
  /** File name, or "Demo data". */
  name: string;
  size: number;
  source: 'demo' | 'file';
  table: Table;
  /** What the reader found (dialect, issues); null for generated data. */
  read: Omit<ReadResult, 'table'> | null;
  /** Kept to read again when the user overrides the dialect. */
  file: Blob | null;
}

export interface ReadChoices {
  dialect: Partial<Dialect>;
  /** Names for headerless files (from an imported config or a known layout). */
  columnNames: string[] | null;
  missingTokens: string[];
  onBadRow: 'skip' | 'stop';
}

export type DataRole = 'train' | 'validation';

/**
 * A train file that lacks columns the user's project reads: read, but not loaded, until the
 * user chooses to replace the project's features with its columns or to keep the project.
 */
export interface PendingLoad {
  train: LoadedData;
  schema: Schema;
  choices: ReadChoices;
  /** The columns the project reads that the file lacks. */
  missing: string[];
  message: string;
}

export interface DataState {
  train: LoadedData | null;
  validation: LoadedData | null;
  schema: Schema | null;
  choices: ReadChoices;
  reading: ({ role: DataRole; name: string } & ReadProgress) | null;
  error: string | null;
  split: SplitSpec;
  /** Edges (`parent→child`) whose chain-violating rows are dropped before training. */
  dropEdges: string[];
  /** A train file held back because it lacks columns the project reads; null when none. */
  pending: PendingLoad | null;

  loadDemo: (rows?: number) => void;
  loadFile: (file: Blob & { name?: string }, role: DataRole) => Promise<void>;
  /** Reads the train file again with changed choices (separator, header, names, bad rows). */
  reread: (choices: Partial<ReadChoices>) => Promise<void>;
  cancel: () => void;
  setRole: (column: string, role: ColumnRole) => void;
  addDerived: (rule: DerivedRule) => string | null;
  removeDerived: (name: string) => void;
  setSplit: (split: SplitSpec) => void;
  setDropEdges: (edges: string[]) => void;
  clearValidation: () => void;
  /** Loads the held-back file after all: the project's features follow its columns. */
  replaceWithPending: () => void;
  /** Drops the held-back file: project and samples stay as they were. */
  keepProject: () => void;
}

/** Issues that leave nothing to train on; a file with one of them replaces nothing. */
const FATAL_CODES = new Set(['NOT_TEXT', 'EMPTY_FILE', 'TOO_MANY_COLUMNS', 'HEADER_ONLY']);

/**
 * Why a read file must not replace the loaded samples, or null: a fatal issue, or no row read
 * at all (every row bad), named with the first bad rows' message and lines.
 */
export function refusal(result: Pick<ReadResult, 'issues' | 'table'>): string | null {
  const fatal = result.issues.find((i) => FATAL_CODES.has(i.code));
  if (fatal) return `${fatal.message} (${fatal.code})`;
  if (result.table.numRows > 0) return null;
  const bad = result.issues.find((i) => i.severity !== 'info');
  return bad
    ? `no row could be read: ${describeIssue(bad)} (${bad.code})`
    : 'no row could be read (EMPTY_FILE)';
}

export const DEFAULT_CHOICES: ReadChoices = {
  dialect: {},
  columnNames: null,
  missingTokens: [...DEFAULT_MISSING_TOKENS],
  onBadRow: 'skip',
};

function demoData(rows: number): LoadedData {
  return {
    name: 'Demo data',
    size: 0,
    source: 'demo',
    table: generateDemoTable(rows),
    read: null,
    file: null,
  };
}

export interface DataStoreOptions {
  read?: ReadFn;
  /** Names of the project's input_fields: a headerless file of that width takes them. */
  fieldNames?: () => string[];
  /** Label columns of the current project (marks them as labels during inference). */
  labelNames?: () => string[];
  /**
   * The project whose features declare column roles (an imported config's IdFeature over
   * numeric ids stays an id); null when a loaded file starts a project of its own.
   */
  declaring?: () => Project | null;
  /**
   * The user's own project, whose columns a newly loaded train file must have (else the file
   * is held back as `pending`); null when a file may reshape the project (untouched demo or
   * preset).
   */
  guarded?: () => Project | null;
  /**
   * The derived-label rules a train file read gets (the project's, in the app): each one whose
   * source column the file has, and whose name it lacks, adds its column to the schema. Without
   * this option, the rules of the schema loaded before. A rule the loaded file cannot take
   * waits for one that can: a new derived label may not clash with it.
   */
  derivedRules?: () => readonly DerivedRule[];
  /**
   * Called when `removeDerived` names a rule of `derivedRules` that the schema does not apply
   * (its source is not in the loaded file): the app removes it from the project.
   */
  forgetDerived?: (name: string) => void;
  /** Called when a validation file is read (the app names it in the project's eval path). */
  onValidation?: (validation: LoadedData) => void;
  /** Called when a new train file's schema is ready (the app writes it into the project). */
  onSchema?: (schema: Schema, train: LoadedData, reason: 'load' | 'edit') => void;
  /** Demo rows to start with; 0 starts empty. */
  demoRows?: number;
}

export function createDataStore(options: DataStoreOptions = {}) {
  const read = options.read ?? readInWorker;
  let controller: AbortController | null = null;
  const initialRows = options.demoRows ?? DEMO_ROWS;
  const initial = initialRows > 0 ? demoData(initialRows) : null;

  return createStore<DataState>()((set, get) => {
    function commitTrain(loaded: LoadedData, schema: Schema, choices: ReadChoices) {
      set({
        train: loaded,
        schema,
        choices,
        reading: null,
        pending: null,
        dropEdges: [],
        validation: null,
        split: { kind: 'random', fraction: 0.2, seed: 42 },
      });
      options.onSchema?.(schema, loaded, 'load');
    }

    async function readFile(
      file: Blob & { name?: string },
      role: DataRole,
      choices: ReadChoices,
      fresh = false,
    ) {
      controller?.abort();
      const mine = new AbortController();
      controller = mine;
      const name = file.name ?? (role === 'train' ? 'train file' : 'validation file');
      set({
        reading: { role, name, bytesRead: 0, totalBytes: file.size, rows: 0, estimate: null },
        error: null,
        ...(role === 'train' ? { pending: null } : {}),
      });
      try {
        // The validation file is read like the train file, with its columns.
        const trainColumns = get().train?.table.columns.map((c) => c.name);
        const rules = options.derivedRules?.() ?? derivedRules(get().schema);
        const { result, schema } = await read({
          file,
          options: {
            dialect: choices.dialect,
            missingTokens: choices.missingTokens,
            onBadRow: choices.onBadRow,
            ...(role === 'validation' && trainColumns
              ? { columnNames: trainColumns }
              : choices.columnNames
                ? { columnNames: choices.columnNames }
                : { fieldNames: realNames(fileFieldNames(options.fieldNames?.() ?? [], rules)) }),
          },
          labelNames: options.labelNames?.() ?? [],
          signal: mine.signal,
          onProgress: (p) => {
            if (controller === mine) set({ reading: { role, name, ...p } });
          },
        });
        if (controller !== mine) return;
        // A file with no data (empty, not text, one absurd line, a header only, or no row that
        // could be read) is refused: nothing is replaced, so the samples loaded before stay.
        const why = refusal(result);
        if (why) {
          set({ reading: null, error: `Could not read ${name}: ${why}` });
          return;
        }
        const { table, ...rest } = result;
        const loaded: LoadedData = {
          name,
          size: file.size,
          source: 'file',
          table,
          read: rest,
          file,
        };
        if (role === 'validation') {
          set({ validation: loaded, reading: null, split: { kind: 'file' } });
          options.onValidation?.(loaded);
          return;
        }
        const declaring = options.declaring?.();
        const columns = table.columns.map((c) => c.name);
        // The derived labels the file can take come back as the user made them (after a
        // reload, over a saved project, or on a reread with another separator or names).
        const roles = withRules(
          declaring ? withDeclaredRoles(schema, declaring) : schema,
          table,
          rulesFor(columns, rules),
        );
        // Names taken from the project's input_fields show as that choice (and stay on reread).
        const kept =
          result.namesFrom === 'fields'
            ? { ...choices, columnNames: table.columns.map((c) => c.name) }
            : choices;
        // A new file over the user's own project must have the columns the project reads;
        // else it waits for the user's choice and nothing changes (a reread of the loaded
        // file with other names or separator is the user's own choice and goes through).
        const guarded = fresh ? options.guarded?.() : null;
        if (guarded) {
          const missing = missingColumns(guarded, columns, rules);
          if (missing.length > 0) {
            set({
              reading: null,
              pending: {
                train: loaded,
                schema: roles,
                choices: kept,
                missing,
                message: missingMessage(name, missing),
              },
            });
            return;
          }
        }
        commitTrain(loaded, roles, kept);
      } catch (error) {
        if (controller !== mine) return;
        const cancelled = mine.signal.aborted;
        set({
          reading: null,
          error: cancelled
            ? null
            : `Could not read ${name}: ${error instanceof Error ? error.message : String(error)}`,
        });
      } finally {
        if (controller === mine) controller = null;
      }
    }

    const updateSchema = (schema: Schema) => {
      set({ schema });
      const train = get().train;
      if (train) options.onSchema?.(schema, train, 'edit');
    };

    return {
      train: initial,
      validation: null,
      schema: initial
        ? inferSchema(initial.table, { labelNames: options.labelNames?.() ?? [] })
        : null,
      choices: DEFAULT_CHOICES,
      reading: null,
      error: null,
      split: { kind: 'random', fraction: 0.2, seed: 42 },
      dropEdges: [],
      pending: null,

      loadDemo: (rows = DEMO_ROWS) => {
        controller?.abort();
        const train = demoData(rows);
        const schema = inferSchema(train.table, { labelNames: options.labelNames?.() ?? [] });
        set({
          train,
          validation: null,
          schema,
          reading: null,
          error: null,
          pending: null,
          dropEdges: [],
          choices: DEFAULT_CHOICES,
          split: { kind: 'random', fraction: 0.2, seed: 42 },
        });
        options.onSchema?.(schema, train, 'load');
      },
      loadFile: (file, role) =>
        readFile(file, role, role === 'train' ? { ...DEFAULT_CHOICES } : get().choices, true),
      reread: async (patch) => {
        const { train, choices } = get();
        if (!train?.file) return;
        const next = { ...choices, ...patch, dialect: { ...choices.dialect, ...patch.dialect } };
        // The controls show the choice at once, while the file is read again.
        set({ choices: next });
        const { validation, split } = get();
        await readFile(train.file, 'train', next);
        // A validation file is read again with the train file's (new) columns, not dropped.
        if (validation?.file && get().train !== train) {
          await readFile(validation.file, 'validation', get().choices);
          if (!get().validation) set({ error: `${validation.name} could not be read again.` });
          else set({ split });
        }
      },
      cancel: () => {
        controller?.abort();
        controller = null;
        set({ reading: null });
      },
      setRole: (column, role) => {
        const schema = get().schema;
        if (schema) updateSchema(setRole(schema, column, role));
      },
      addDerived: (rule) => {
        const { schema, train } = get();
        if (!schema || !train) return 'Load data first.';
        const clash = clashWithWaiting(rule, waitingRules(options.derivedRules?.() ?? [], schema));
        if (clash) return clash;
        const next = addDerivedLabel(schema, train.table, rule);
        if ('error' in next) return next.error;
        updateSchema(next);
        return null;
      },
      removeDerived: (name) => {
        const schema = get().schema;
        if (schema?.columns.some((c) => c.derived && c.name === name))
          updateSchema({
            ...schema,
            columns: schema.columns.filter((c) => !(c.derived && c.name === name)),
          });
        else if (options.derivedRules?.().some((r) => r.name === name))
          options.forgetDerived?.(name);
      },
      setSplit: (split) => set({ split }),
      setDropEdges: (dropEdges) => set({ dropEdges }),
      clearValidation: () =>
        set({ validation: null, split: { kind: 'random', fraction: 0.2, seed: 42 } }),
      replaceWithPending: () => {
        const pending = get().pending;
        if (pending) commitTrain(pending.train, pending.schema, pending.choices);
      },
      keepProject: () => set({ pending: null }),
    };
  });
}

/** The schema with these rules' derived columns (a rule that cannot apply is left out). */
function withRules(schema: Schema, table: Table, rules: readonly DerivedRule[]): Schema {
  let next = schema;
  for (const rule of rules) {
    const added = addDerivedLabel(next, table, rule);
    if (!('error' in added)) next = added;
  }
  return next;
}

/** The rules the schema does not apply: they wait for a file with their source column. */
function waitingRules(rules: readonly DerivedRule[], schema: Schema): DerivedRule[] {
  const applied = new Set(derivedRules(schema).map((r) => r.name));
  return rules.filter((r) => !applied.has(r.name));
}

/**
 * Why a new derived label cannot join rules that wait for their source, or null: a project
 * holds no two labels of one name, and no label made from another (restore refuses both).
 */
function clashWithWaiting(rule: DerivedRule, waiting: readonly DerivedRule[]): string | null {
  for (const kept of waiting) {
    const label = `the project's derived label "${kept.name}" (1 where ${kept.source} is ${kept.value}; not applied to this file)`;
    if (kept.name === rule.name)
      return `The project already has ${label}: choose another name, or remove that one first.`;
    if (kept.source === rule.name)
      return `"${rule.name}" is the column ${label} is made from: choose another name.`;
    if (kept.name === rule.source)
      return `"${rule.source}" is the name of ${label}: remove that one first to derive from this column.`;
  }
  return null;
}

/** The names unless they are all placeholders (c0, c1…): those are no names to keep. */
function realNames(names: string[]): string[] {
  return names.every((n) => /^c\d+$/.test(n)) ? [] : names;
}

export type DataStore = ReturnType<typeof createDataStore>;

/** Derived-column rules of a schema. */
export function derivedRules(schema: Schema | null): DerivedRule[] {
  return schema?.columns.flatMap((c) => (c.derived ? [c.derived] : [])) ?? [];
}

/** The train table with derived columns, as sanity checks and encoding read it. */
export function trainTable(state: Pick<DataState, 'train' | 'schema'>): Table | null {
  return state.train ? withDerived(state.train.table, derivedRules(state.schema)) : null;
}

export function labelInfoOf(schema: Schema | null) {
  return Object.fromEntries((schema?.columns ?? []).map((c) => [c.name, c.label]));
}

/**
 * The loaded samples as plain data (tables, derived-label rules, label readings, split, rows
 * to drop): what the training worker encodes (core/data/prepare.ts), or null with no train file.
 */
export function samplesOf(state: DataState): Samples | null {
  if (!state.train) return null;
  return {
    table: state.train.table,
    validationTable: state.validation?.table ?? null,
    derived: derivedRules(state.schema),
    labelInfo: labelInfoOf(state.schema),
    decimalComma: state.schema?.decimalComma ?? false,
    split: state.split,
    dropEdges: state.dropEdges,
  };
}

/** The loaded samples encoded for `project` (null with no train file). */
export function encodeForProject(state: DataState, project: Project): EncodeResult | null {
  const samples = samplesOf(state);
  return samples ? encodeSamples(samples, project) : null;
}

/**
 * The project with the schema's input fields and features (what a load writes), and the rules
 * of its derived columns, so a saved project remembers how they were made (projectRules).
 */
export function projectWithSchema(
  project: Project,
  state: Pick<DataState, 'schema' | 'train'>,
): Project {
  if (!state.schema || !state.train) return project;
  const dialect = state.train.read?.dialect;
  const next = schemaToProject(project, state.schema, {
    withHeader: dialect?.hasHeader ?? true,
    separator: dialect?.separator ?? ',',
  });
  const columns = state.train.table.columns.map((c) => c.name);
  const derivedLabels = projectRules(project.data.derivedLabels, state.schema, columns);
  return { ...next, data: { ...next.data, derivedLabels } };
}

/**
 * The project's derived-label rules once the schema changed: each rule the schema applies, and
 * each rule of the project the loaded file cannot take (it lacks the source column, or has a
 * column of that name), which waits for a file that can: bad input (a wrong separator, a
 * headerless file's first record read as names) never removes one. A rule the file can take
 * but the schema lacks was removed by the user (Data tab), and leaves. The project's order is
 * kept; new rules come last.
 */
export function projectRules(
  rules: readonly DerivedRule[],
  schema: Schema,
  columns: readonly string[],
): DerivedRule[] {
  const applied = new Map(derivedRules(schema).map((r) => [r.name, r]));
  const takes = new Set(rulesFor(columns, rules).map((r) => r.name));
  const kept: DerivedRule[] = [];
  for (const rule of rules) {
    const now = applied.get(rule.name);
    if (now) {
      kept.push(now);
      applied.delete(rule.name);
    } else if (!takes.has(rule.name)) kept.push(rule);
  }
  const added = [...applied.values()];
  // addDerived refuses a label that clashes with a waiting rule; should one come another way,
  // the label the schema applies wins, as a saved project with both could not be opened.
  const names = new Set(added.map((r) => r.name));
  const sources = new Set(added.map((r) => r.source));
  return [...kept.filter((r) => !sources.has(r.name) && !names.has(r.source)), ...added];
}

/** The name of a project started from a file: its name without extensions (`adult.data`→`adult`). */
export function projectNameFor(fileName: string): string {
  return fileName.replace(/(\.(csv|tsv|txt|data|test|gz))+$/i, '') || fileName;
}

/**
 * A new project from the user's own file loaded over the demo project: named after the file,
 * with the file's columns and no tasks (the demo's tasks read columns the file lacks; the user
 * makes tasks from its label columns).
 */
export function newProjectFromFile(
  project: Project,
  state: Pick<DataState, 'schema' | 'train'>,
): Project {
  const next = projectWithSchema(project, state);
  const file = state.train?.name ?? 'data';
  const name = projectNameFor(file);
  // The demo's paths (live_demo.csv, experiments/live_dbmtl) would follow into the export.
  return {
    ...next,
    name,
    tasks: [],
    data: { ...next.data, trainInputPath: file, evalInputPath: '' },
    train: { ...next.train, modelDir: `experiments/${name.replace(/[^A-Za-z0-9_.-]/g, '_')}` },
  };
}

/**
 * The project's eval_input_path once a validation file is loaded: its name, where the project
 * names none yet (a project started from a file); a path the user or an imported config set
 * is kept.
 */
export function withEvalPath(project: Project, validationName: string): Project {
  if (project.data.evalInputPath !== '') return project;
  return { ...project, data: { ...project.data, evalInputPath: validationName } };
}

/** A file the exported config can read: the user's own, or the samples file the app writes. */
export interface SamplesFile {
  role: DataRole;
  /** The user's file as loaded (`adult.data`). */
  source: string;
  /** The name of the file the app writes in the config's layout (`adult_train.csv`). */
  written: string;
  /** Why EasyRec cannot read the user's file as the config says; empty when it can. */
  reasons: string[];
}

function labelColumns(schema: Schema | null) {
  return Object.fromEntries(
    (schema?.columns ?? []).filter((c) => c.role === 'label').map((c) => [c.name, c.label]),
  );
}

/** The train (and validation) file of loaded samples, against a project's layout. */
export function samplesFiles(
  state: Pick<DataState, 'train' | 'validation' | 'schema'>,
  project: Project,
): SamplesFile[] {
  const { train, validation, schema } = state;
  if (!train || train.source !== 'file') return [];
  const names = samplesFileNames(train.name);
  const layout = layoutOf(project);
  const labels = labelWriters(project, labelColumns(schema), schema?.decimalComma ?? false);
  const rules = derivedRules(schema);
  const one = (loaded: LoadedData, role: DataRole): SamplesFile => ({
    role,
    source: loaded.name,
    written: role === 'train' ? names.train : names.eval,
    reasons: fileDiffers(
      withDerived(loaded.table, rules),
      {
        columns: loaded.table.columns.map((c) => c.name),
        dialect: loaded.read?.dialect ?? null,
        issues: loaded.read?.issues ?? [],
      },
      layout,
      { labels },
    ),
  });
  return validation ? [one(train, 'train'), one(validation, 'validation')] : [one(train, 'train')];
}

/** The CSV text of the train or validation samples, in the layout the project's config declares. */
export function samplesCsv(
  state: Pick<DataState, 'train' | 'validation' | 'schema'>,
  project: Project,
  role: DataRole,
): string | null {
  const loaded = role === 'train' ? state.train : state.validation;
  if (!loaded) return null;
  const decimalComma = state.schema?.decimalComma ?? false;
  return writeSamples(withDerived(loaded.table, derivedRules(state.schema)), layoutOf(project), {
    labels: labelWriters(project, labelColumns(state.schema), decimalComma),
    decimalComma,
  });
}

/**
 * The project with train/eval paths naming files EasyRec can read as its config says: the
 * user's file where it fits, else the samples file the app writes. Only paths the app set
 * (the loaded file's name, or a written file's name) change; a path the user or an imported
 * config gave is kept.
 */
export function withSamplePaths(
  project: Project,
  state: Pick<DataState, 'train' | 'validation' | 'schema'>,
): Project {
  const files = samplesFiles(state, project);
  const data = { ...project.data };
  for (const file of files) {
    const key = file.role === 'train' ? 'trainInputPath' : 'evalInputPath';
    const current = data[key];
    const ours = current === file.source || current === file.written;
    if (ours || (file.role === 'validation' && current === '')) {
      data[key] = file.reasons.length > 0 ? file.written : file.source;
    }
  }
  if (
    data.trainInputPath === project.data.trainInputPath &&
    data.evalInputPath === project.data.evalInputPath
  )
    return project;
  return { ...project, data };
}

/**
 * The app's data store. A file's schema (and every role the user changes) is written into
 * the project as one undoable step; loading the demo data leaves the project alone (the
 * panel offers the demo project separately). A new train file lacking columns the user's own
 * project reads is held back until the user chooses (core/data/guard.ts). The project's
 * derived-label rules (data.derivedLabels) follow the schema's derived columns, and a train
 * file read later gets them again; a rule the loaded file cannot take stays in the project
 * until the user removes it (projectRules).
 */
export function createAppDataStore(
  projects: ProjectStore = projectStore,
  extra: DataStoreOptions = {},
): DataStore {
  // The project a file made of a template (demo or preset), while unchanged since: the
  // file's columns are no work of the user, so the next file may reshape it too.
  let madeFromTemplate: Project | null = null;
  const free = (project: Project) => project === madeFromTemplate || isTemplateProject(project);
  const store: DataStore = createDataStore({
    fieldNames: () => projects.getState().project.data.inputFields.map((f) => f.name),
    labelNames: () => projects.getState().project.tasks.map((t) => t.labelName),
    derivedRules: () => projects.getState().project.data.derivedLabels,
    forgetDerived: (name) => {
      const { project, apply } = projects.getState();
      const derivedLabels = project.data.derivedLabels.filter((r) => r.name !== name);
      apply({ type: 'replace', project: { ...project, data: { ...project.data, derivedLabels } } });
    },
    declaring: () => {
      const { project } = projects.getState();
      // A file over the demo project starts a new project: the demo's roles do not carry over.
      return project.name === DEMO_PROJECT_NAME ? null : project;
    },
    guarded: () => {
      const { project } = projects.getState();
      return free(project) ? null : project;
    },
    onValidation: (validation) => {
      const { project, apply } = projects.getState();
      const next = withSamplePaths(withEvalPath(project, validation.name), store.getState());
      if (next === project) return;
      const wasFree = project === madeFromTemplate;
      apply({ type: 'replace', project: next });
      if (wasFree) madeFromTemplate = projects.getState().project;
    },
    onSchema: (schema, train, reason) => {
      if (reason === 'load' && train.source === 'demo') return;
      const { project, replaceProject, apply } = projects.getState();
      const state = { ...store.getState(), schema, train };
      const wasFree = reason === 'load' && free(project);
      if (reason === 'load' && project.name === DEMO_PROJECT_NAME) {
        replaceProject(
          withSamplePaths(newProjectFromFile(project, { schema, train }), state),
          `Started a new project from ${train.name}: its columns, no tasks yet (make tasks from label columns; undo to keep the demo).`,
        );
        madeFromTemplate = projects.getState().project;
        return;
      }
      const next = withSamplePaths(projectWithSchema(project, { schema, train }), state);
      if (reason === 'load') {
        replaceProject(next, `The columns of ${train.name} now feed the project (undo to revert).`);
        madeFromTemplate = wasFree ? projects.getState().project : null;
      } else apply({ type: 'replace', project: next });
    },
    ...extra,
  });
  return store;
}

export const dataStore: DataStore = createAppDataStore();

export function useDataStore<T>(selector: (state: DataState) => T): T {
  return useStore(dataStore, selector);
}
