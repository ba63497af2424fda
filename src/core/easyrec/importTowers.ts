/**
 * Task towers → tasks, and the relation checks EasyRec's DBMTL makes while it builds the
 * towers in list order: a parent must be a tower defined earlier in the list. Problems are
 * reported the way EasyRec would fail, yet the tasks are kept so the user can open the
 * graph and fix it.
 */
import { findCycle, formatPath, isIdentifier } from '../project/graph';
import { makeTask, mlp } from '../project/defaults';
import {
  ACTIVATIONS,
  GAUC_REDUCTIONS,
  LOSS_TYPES,
  type Activation,
  type GaucReduction,
  type LossType,
  type Metric,
  type Mlp,
  type Task,
} from '../project/types';
import { metaOf, positionOfField, type Occurrence } from './decode';
import { quoted, type ReportEntry } from './report';
import type * as W from './wire';

type Report = (
  entry: Omit<ReportEntry, 'line' | 'column' | 'path'>,
  where: object,
  field?: string,
  /** For a repeated field: which element, so each entry points at its own line. */
  index?: number,
) => void;

/**
 * Adds entries placed at a field of a decoded message (its first occurrence, or element
 * `index` of a repeated field), or at the message itself.
 */
export function reporter(report: ReportEntry[]): Report {
  return (entry, where, field, index = 0) => {
    const meta = metaOf(where);
    const occurrence = field ? meta?.fields.get(field)?.at[index] : undefined;
    if (occurrence) {
      report.push({
        ...entry,
        line: occurrence.line,
        column: occurrence.column,
        path: occurrence.path,
      });
      return;
    }
    const base = meta?.path ?? '';
    const path = field ? (base === '' ? field : `${base}.${field}`) : base;
    report.push({ ...entry, line: meta?.line ?? 0, column: meta?.column ?? 0, path });
  };
}

export function importMlp(dnn: W.DNN | undefined, add: Report): Mlp | null {
  if (!dnn) return null;
  let activation: Activation = 'tf.nn.relu';
  if (dnn.activation !== undefined) {
    if ((ACTIVATIONS as readonly string[]).includes(dnn.activation))
      activation = dnn.activation as Activation;
    else
      add(
        {
          severity: 'warning',
          code: 'UNSUPPORTED_VALUE',
          message: `activation ${quoted(dnn.activation)} is not one the app supports (${ACTIVATIONS.join(', ')}); using tf.nn.relu.`,
        },
        dnn,
        'activation',
      );
  }
  return mlp(dnn.hidden_units ?? [], {
    dropoutRatio: [...(dnn.dropout_ratio ?? [])],
    activation,
    useBn: dnn.use_bn ?? true,
  });
}

function importMetrics(tower: W.BayesTaskTower): Metric[] {
  const metrics: Metric[] = [];
  for (const m of tower.metrics_set ?? []) {
    if (m.auc) metrics.push({ kind: 'auc', numThresholds: m.auc.num_thresholds ?? 200 });
    else if (m.gauc) {
      const reduction = m.gauc.reduction ?? 'mean';
      metrics.push({
        kind: 'gauc',
        uidField: m.gauc.uid_field ?? '',
        reduction: (GAUC_REDUCTIONS as readonly string[]).includes(reduction)
          ? (reduction as GaucReduction)
          : 'mean',
      });
    } else {
      for (const kind of [
        'mean_squared_error',
        'mean_absolute_error',
        'root_mean_squared_error',
        'accuracy',
        'max_f1',
      ] as const) {
        if (m[kind]) metrics.push({ kind });
      }
    }
  }
  return metrics;
}

export function importTowers(
  towers: readonly W.BayesTaskTower[],
  labelFields: readonly string[],
  report: ReportEntry[],
): Task[] {
  const add = reporter(report);
  const tasks = towers.map((tower, i): Task => {
    let labelName = tower.label_name;
    if (labelName === undefined) {
      // EasyRec falls back to the i-th label field when a tower names no label.
      labelName = labelFields[i] ?? '';
      if (labelName === '') {
        add(
          {
            severity: 'error',
            code: 'LABEL_MISSING',
            message: `tower ${quoted(tower.tower_name ?? '')} has no label_name and there is no label_fields entry ${i + 1} to fall back on; EasyRec fails.`,
          },
          tower,
        );
      }
    } else if (labelFields.length > 0 && !labelFields.includes(labelName)) {
      add(
        {
          severity: 'error',
          code: 'LABEL_MISSING',
          message: `label ${quoted(labelName)} is not in data_config.label_fields; EasyRec fails to find it. A re-export lists the towers' labels there, which fixes this.`,
        },
        tower,
        'label_name',
      );
    }
    let lossType: LossType = 'CLASSIFICATION';
    if (tower.loss_type !== undefined) {
      if ((LOSS_TYPES as readonly string[]).includes(tower.loss_type))
        lossType = tower.loss_type as LossType;
      else
        add(
          {
            severity: 'warning',
            code: 'UNSUPPORTED_VALUE',
            message: `loss_type ${tower.loss_type} is not supported by the app (${LOSS_TYPES.join(', ')}); using CLASSIFICATION.`,
          },
          tower,
          'loss_type',
        );
    }
    const numClass = tower.num_class ?? 1;
    return makeTask(tower.tower_name ?? '', {
      labelName,
      lossType,
      numClass,
      // A tower without metrics_set has no metrics in EasyRec; the app keeps it that way.
      metrics: importMetrics(tower),
      dnn: importMlp(tower.dnn, add),
      relationTowerNames: [...(tower.relation_tower_names ?? [])],
      relationDnn: importMlp(tower.relation_dnn, add),
      weight: tower.weight ?? 1,
      taskSpaceIndicatorLabel: tower.task_space_indicator_label ?? '',
      inTaskSpaceWeight: tower.in_task_space_weight ?? 1,
      outTaskSpaceWeight: tower.out_task_space_weight ?? 1,
      useSampleWeight: tower.use_sample_weight ?? true,
      position: { x: 0, y: 0 },
    });
  });
  checkNames(towers, report);
  checkRelations(towers, tasks, report);
  return tasks;
}

/**
 * Tower names become TensorFlow scopes and output names (`probs_<name>`), so the app needs
 * identifiers, unique and non-empty. The task keeps the name as written, so the project
 * fails validation until the user renames it in the graph; the entry says that.
 */
function checkNames(towers: readonly W.BayesTaskTower[], report: ReportEntry[]): void {
  const seen = new Map<string, Occurrence>();
  towers.forEach((tower) => {
    const name = tower.tower_name ?? '';
    const at = positionOfField(tower, 'tower_name');
    const push = (code: ReportEntry['code'], message: string) =>
      report.push({ severity: 'error', code, ...at, message });
    if (name === '') {
      push('NAME_EMPTY', 'a tower has no tower_name; give the task a name in the graph.');
    } else if (!isIdentifier(name)) {
      push(
        'NAME_NOT_IDENTIFIER',
        `tower name ${quoted(name)} is not usable: tower names become TensorFlow scopes and output names, so they must be identifiers (letters, digits and _, not starting with a digit). Rename the task in the graph; relations and labels stay as they are.`,
      );
    }
    const first = seen.get(name);
    if (first && name !== '') {
      push(
        'NAME_DUPLICATE',
        `tower name ${quoted(name)} is used again (first at ${first.line}:${first.column}); EasyRec needs unique names. Rename one of the tasks in the graph.`,
      );
    } else seen.set(name, at);
  });
}

/** EasyRec walks the towers in order and looks each parent up among those already built. */
function checkRelations(
  towers: readonly W.BayesTaskTower[],
  tasks: readonly Task[],
  report: ReportEntry[],
): void {
  const index = new Map(tasks.map((t, i) => [t.name, i]));
  const cycle = findCycle(
    tasks.map((t) => ({
      ...t,
      relationTowerNames: t.relationTowerNames.filter((p) => p !== t.name),
    })),
  );
  // Edges on the cycle (parent → child, as findCycle lists them) are reported once, by the
  // cycle entry, not again as "later".
  const onCycle = new Set((cycle ?? []).slice(1).map((child, k) => `${cycle?.[k]}→${child}`));
  tasks.forEach((task, i) => {
    const tower = towers[i] as W.BayesTaskTower;
    const at = metaOf(tower)?.fields.get('relation_tower_names')?.at ?? [];
    task.relationTowerNames.forEach((parent, k) => {
      const where = at[k] ?? positionOfField(tower);
      const push = (code: ReportEntry['code'], message: string) =>
        report.push({
          severity: 'error',
          code,
          line: where.line,
          column: where.column,
          path: where.path,
          message,
        });
      const j = index.get(parent);
      const child = quoted(task.name);
      if (j === undefined) {
        push(
          'RELATION_UNKNOWN',
          `tower ${child} depends on ${quoted(parent)}, which is not a tower; EasyRec fails on it. Fix the relation in the graph.`,
        );
      } else if (j === i) {
        push('RELATION_CYCLE', `tower ${child} depends on itself; EasyRec fails on it.`);
      } else if (j > i && !onCycle.has(`${parent}→${task.name}`)) {
        push(
          'RELATION_LATER',
          `tower ${child} depends on ${quoted(parent)}, which comes later in task_towers; EasyRec builds towers in list order and fails. ${
            cycle
              ? 'The towers have no dependency order while they form a cycle (see the RELATION_CYCLE entry); once it is broken in the graph, a re-export writes them in dependency order.'
              : 'A re-export writes the towers in dependency order, which fixes this.'
          }`,
        );
      }
    });
  });
  if (cycle) {
    const first = towers[index.get(cycle[0] as string) ?? 0];
    const where = first
      ? positionOfField(first, 'relation_tower_names')
      : { line: 0, column: 0, path: '' };
    report.push({
      severity: 'error',
      code: 'RELATION_CYCLE',
      line: where.line,
      column: where.column,
      path: where.path,
      message: `the towers form a cycle: ${formatPath(cycle)}. DBMTL needs an acyclic graph; open the graph and remove one of these edges.`,
    });
  }
}
