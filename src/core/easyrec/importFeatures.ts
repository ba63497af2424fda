/**
 * Feature configs → features, and the `all` feature group → which features feed the model
 * and in what order. Feature types the app does not model are reported and left out.
 */
import { makeFeature } from '../project/defaults';
import {
  FEATURE_TYPES,
  type Combiner,
  type Feature,
  type FeatureType,
  type Project,
} from '../project/types';
import { metaOf, positionOfField } from './decode';
import { reporter } from './importTowers';
import { quoted, type ReportEntry } from './report';
import type * as W from './wire';

type Add = ReturnType<typeof reporter>;

export function importFeatures(config: W.EasyRecConfig, add: Add): Feature[] {
  const modern = config.feature_config?.features;
  const old = config.feature_configs;
  if (modern && old) {
    add(
      {
        severity: 'warning',
        code: 'NOT_MODELLED',
        message:
          'both feature_config and feature_configs are given; the app reads feature_config and a re-export writes only that.',
      },
      config,
      'feature_configs',
    );
  }
  const features: Feature[] = [];
  for (const fc of modern ?? old ?? []) {
    const type = fc.feature_type ?? 'IdFeature';
    const inputs = fc.input_names ?? [];
    const label = `feature ${quoted(fc.feature_name ?? inputs[0] ?? '')}`;
    if (!(FEATURE_TYPES as readonly string[]).includes(type)) {
      add(
        {
          severity: 'warning',
          code: 'UNSUPPORTED_VALUE',
          message: `${label}: ${type} is not modelled (the app has ${FEATURE_TYPES.join(', ')}); the feature is left out, also of the feature group.`,
        },
        fc,
        'feature_type',
      );
      continue;
    }
    if (inputs.length === 0) {
      add(
        {
          severity: 'error',
          code: 'BAD_VALUE',
          message: `${label} has no input_names; EasyRec fails on it. The feature is left out.`,
        },
        fc,
      );
      continue;
    }
    if (inputs.length > 1) {
      add(
        {
          severity: 'warning',
          code: 'NOT_MODELLED',
          message: `${label} reads ${inputs.length} columns; the app keeps only ${quoted(inputs[0] as string)}.`,
        },
        fc,
        'input_names',
      );
    }
    const combiner = fc.combiner ?? 'sum';
    if (combiner !== 'sum' && combiner !== 'mean') {
      add(
        {
          severity: 'warning',
          code: 'UNSUPPORTED_VALUE',
          message: `${label}: combiner ${quoted(combiner)} is not supported (sum, mean); using sum.`,
        },
        fc,
        'combiner',
      );
    }
    features.push(
      makeFeature(inputs[0] as string, {
        name: fc.feature_name ?? (inputs[0] as string),
        type: type as FeatureType,
        embeddingName: fc.embedding_name ?? '',
        embeddingDim: fc.embedding_dim ?? 0,
        hashBucketSize: fc.hash_bucket_size ?? 0,
        numBuckets: fc.num_buckets ?? 0,
        vocabList: [...(fc.vocab_list ?? [])],
        boundaries: [...(fc.boundaries ?? [])],
        separator: fc.separator ?? '|',
        combiner: combiner === 'mean' ? 'mean' : ('sum' as Combiner),
        minVal: fc.min_val ?? 0,
        maxVal: fc.max_val ?? 0,
        inGroup: false,
      }),
    );
  }
  return features;
}

/**
 * DBMTL reads the group named `all`. Its features are marked `inGroup` and ordered as the
 * group lists them, so a re-export keeps the order in which the input is concatenated.
 */
export function applyGroups(
  project: Project,
  model: W.EasyRecModel,
  configured: ReadonlySet<string>,
  report: ReportEntry[],
): void {
  const add = reporter(report);
  const groups = model.feature_groups ?? [];
  const all = groups.find((g) => g.group_name === 'all');
  for (const group of groups) {
    if (group !== all) {
      add(
        {
          severity: 'warning',
          code: 'NOT_MODELLED',
          message: `feature group ${quoted(group.group_name ?? '')} is not read by DBMTL (it reads "all"); a re-export leaves it out.`,
        },
        group,
      );
    }
  }
  if (!all) {
    if (model.dbmtl)
      add(
        {
          severity: 'error',
          code: 'GROUP_ALL_MISSING',
          message:
            'there is no feature group named "all"; EasyRec\'s DBMTL fails without it. The project opens with no feature in the model, which blocks export until features are added to the group.',
        },
        model,
        'feature_groups',
      );
    return;
  }
  if (all.wide_deep !== undefined && all.wide_deep !== 'DEEP') {
    add(
      {
        severity: 'warning',
        code: 'UNSUPPORTED_VALUE',
        message: `wide_deep ${all.wide_deep} is not modelled; a re-export writes DEEP.`,
      },
      all,
      'wide_deep',
    );
  }
  const byName = new Map(project.features.map((f) => [f.name, f]));
  const grouped: Feature[] = [];
  const places = metaOf(all)?.fields.get('feature_names')?.at ?? [];
  (all.feature_names ?? []).forEach((name, k) => {
    const at = places[k] ?? positionOfField(all);
    const push = (severity: ReportEntry['severity'], code: ReportEntry['code'], message: string) =>
      report.push({ severity, code, message, line: at.line, column: at.column, path: at.path });
    const feature = byName.get(name);
    if (feature && !feature.inGroup) {
      feature.inGroup = true;
      grouped.push(feature);
    } else if (feature) {
      push(
        'warning',
        'NOT_MODELLED',
        `group "all" lists ${quoted(name)} twice; the app keeps it once.`,
      );
    } else if (configured.has(name)) {
      push(
        'warning',
        'NOT_MODELLED',
        `group "all" lists ${quoted(name)}, a feature of a type the app does not model; it is left out.`,
      );
    } else {
      push(
        'error',
        'GROUP_FEATURE_UNKNOWN',
        `group "all" lists ${quoted(name)}, which is no feature of the config; EasyRec fails on it.`,
      );
    }
  });
  // Grouped features take the places grouped features had, in the group's order; the
  // others stay where they were. A config the app wrote is left exactly as it was.
  let next = 0;
  project.features = project.features.map((f) => (f.inGroup ? (grouped[next++] as Feature) : f));
}
