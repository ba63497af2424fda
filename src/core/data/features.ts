/**
 * From a schema to the project: every file column becomes an `input_fields` entry (in file
 * order, as EasyRec requires for headerless files) and every feature column an EasyRec
 * feature, so the exported config describes the same data the browser trains on.
 */
import { inputField, makeFeature } from '../project/defaults';
import type { Feature, FeatureType, FieldType, InputField, Project } from '../project/types';
import { fieldTypeFor, type ColumnRole, type Schema, type SchemaColumn } from './schema';

/** Ids with at most this many values get a vocabulary instead of hash buckets. */
export const VOCAB_MAX = 30;
const MIN_BUCKETS = 10;
const MAX_BUCKETS = 1_000_000;

/**
 * Hash buckets for `distinct` ids: the power of ten at or above twice the count, so about
 * half the buckets stay free and collisions stay rare (5,379 users → 100,000, 1,133
 * categories → 10,000, as EasyRec's Taobao sample chose by hand).
 */
export function bucketsFor(distinct: number): number {
  const wanted = 10 ** Math.ceil(Math.log10(Math.max(1, 2 * distinct)));
  return Math.min(MAX_BUCKETS, Math.max(MIN_BUCKETS, wanted));
}

/** Rounds to 3 significant digits, so boundaries read like numbers a person would write. */
function round3(x: number): number {
  return x === 0 ? 0 : Number(x.toPrecision(3));
}

/**
 * Bucket boundaries for a heavy-tailed number, or null when min-max scaling suits it.
 * Heavy: the maximum is over 50 times the 90th percentile, or most values are 0 (gains,
 * follower counts). Boundaries are the distinct deciles (of the positive values when zeros
 * dominate, after a first boundary at the smallest positive value, so zeros get their own
 * bucket).
 */
export function boundariesFor(column: SchemaColumn): number[] | null {
  const { deciles, max, zeroShare, positiveDeciles, minPositive } = column.stats;
  if (max === null || deciles.length === 0 || max <= 0) return null;
  const p90 = deciles[8]!;
  const heavy = zeroShare > 0.5 || (p90 > 0 && max / p90 > 50);
  if (!heavy) return null;
  const source = zeroShare > 0.5 ? positiveDeciles : deciles;
  const cuts = source.filter((d) => d > 0).map(round3);
  if (zeroShare > 0.5 && minPositive !== null) cuts.unshift(round3(minPositive));
  const unique = [...new Set(cuts)].sort((a, b) => a - b);
  return unique.length > 0 ? unique : null;
}

export function featureFor(column: SchemaColumn): Feature | null {
  const { stats } = column;
  switch (column.role) {
    case 'id': {
      if (stats.distinct <= VOCAB_MAX && stats.distinct === stats.top.length) {
        return makeFeature(column.name, {
          type: 'IdFeature',
          embeddingDim: 8,
          vocabList: stats.top.map((t) => t.value),
        });
      }
      return makeFeature(column.name, {
        type: 'IdFeature',
        embeddingDim: 16,
        hashBucketSize: bucketsFor(stats.distinct),
      });
    }
    case 'tag': {
      const tag = stats.tag;
      return makeFeature(column.name, {
        type: 'TagFeature',
        embeddingDim: 16,
        hashBucketSize: bucketsFor(tag?.distinctItems ?? stats.distinct),
        separator: tag?.separator ?? '|',
        // Summing 50 item vectors makes the input 50 times louder than its neighbours;
        // long lists are averaged instead (EasyRec's default is sum).
        combiner: (tag?.maxItems ?? 0) > 10 ? 'mean' : 'sum',
      });
    }
    case 'dense': {
      const boundaries = boundariesFor(column);
      if (boundaries)
        return makeFeature(column.name, { type: 'RawFeature', embeddingDim: 8, boundaries });
      // min/max of 0 means "fit on the training split" (see encode.ts); the fitted range is
      // written back to the project after encoding, so the export carries it.
      return makeFeature(column.name, { type: 'RawFeature', embeddingDim: 0 });
    }
    default:
      return null;
  }
}

/**
 * Every column, in file order, then the derived columns (schema order keeps them last). A
 * derived column is not in the source file: data meant for EasyRec must carry it, which is
 * what the samples files the Data tab offers hold (core/data/samplesFile.ts).
 */
export function inputFieldsFor(schema: Schema): InputField[] {
  const file = schema.columns.filter((c) => !c.derived);
  const derived = schema.columns.filter((c) => c.derived);
  return [...file, ...derived].map((c) =>
    inputField(c.name, c.derived ? 'INT32' : c.fieldType, c.role === 'dense' ? '0' : ''),
  );
}

const ROLE_OF_FEATURE: Record<FeatureType, ColumnRole> = {
  IdFeature: 'id',
  TagFeature: 'tag',
  RawFeature: 'dense',
};

/** Whether cells with these statistics fit an `input_fields` type (STRING fits anything). */
function typeFits(type: FieldType, stats: SchemaColumn['stats']): boolean {
  const present = stats.count - stats.missing;
  const numeric = stats.numeric === present;
  switch (type) {
    case 'STRING':
      return true;
    case 'INT32':
    case 'INT64':
      return numeric && stats.integer === stats.numeric;
    case 'FLOAT':
    case 'DOUBLE':
      return numeric;
    default:
      return false;
  }
}

/**
 * The schema with the roles the project already declares: a column the project has a feature
 * for takes that feature's kind (an imported config's IdFeature over numeric ids stays an id,
 * not a guessed number), and its declared `input_fields` type while the cells fit it. Label
 * columns of the project's tasks stay labels; a RawFeature over a column that is not numeric
 * is left to inference. A column the project lists in its input fields but reads nothing from
 * (no feature, no task, not the sample weight: a column the user set to ignore, or an unused
 * field of an imported config) stays ignored, so reading the file again does not bring it back
 * as a feature (UCI Adult's marital-status, which would leak never_married). That holds once the
 * project has features at all.
 */
export function withDeclaredRoles(schema: Schema, project: Project): Schema {
  const labels = new Set(
    project.tasks.flatMap((t) => [t.labelName, t.taskSpaceIndicatorLabel]).filter(Boolean),
  );
  // A project without features (a config of input fields and tasks only) has chosen none yet:
  // its columns are left to inference, so a file proposes them.
  const listed = new Set(
    project.features.length > 0 ? project.data.inputFields.map((f) => f.name) : [],
  );
  return {
    ...schema,
    columns: schema.columns.map((column) => {
      if (column.derived || labels.has(column.name)) return column;
      const feature = project.features.find((f) => f.inputName === column.name);
      if (!feature) {
        const unread = listed.has(column.name) && column.name !== project.data.sampleWeight;
        // A label column without a task yet stays a label: it would feed no feature anyway.
        return unread && column.role !== 'ignore' && column.role !== 'label'
          ? { ...column, role: 'ignore', reason: 'the project reads no feature from it' }
          : column;
      }
      const role = ROLE_OF_FEATURE[feature.type];
      const present = column.stats.count - column.stats.missing;
      if (role === 'dense' && (present === 0 || column.stats.numeric !== present)) return column;
      const declared = project.data.inputFields.find((f) => f.name === column.name)?.type;
      const fieldType =
        declared && typeFits(declared, column.stats)
          ? declared
          : fieldTypeFor(role, column.stats, column.label);
      return {
        ...column,
        role,
        inferredRole: role,
        reason: `the project declares it ${feature.type === 'IdFeature' ? 'an' : 'a'} ${feature.type}`,
        fieldType,
      };
    }),
  };
}

/**
 * The project with `data.inputFields` and `features` from the schema. A feature the project
 * already has for a column keeps its settings (a user's or an imported config's choices)
 * while its type still fits the column's role; so does an input field while its type is
 * unchanged.
 */
export function schemaToProject(
  project: Project,
  schema: Schema,
  options: { withHeader: boolean; separator: string },
): Project {
  const features: Feature[] = [];
  for (const column of schema.columns) {
    const proposed = featureFor(column);
    if (!proposed) continue;
    const existing = project.features.find((f) => f.inputName === column.name);
    features.push(existing && existing.type === proposed.type ? existing : proposed);
  }
  // A field the project already declares with the same type keeps its default_val.
  const inputFields = inputFieldsFor(schema).map(
    (field) =>
      project.data.inputFields.find((f) => f.name === field.name && f.type === field.type) ?? field,
  );
  return {
    ...project,
    features,
    data: {
      ...project.data,
      inputFields,
      withHeader: options.withHeader,
      separator: options.separator,
    },
  };
}
