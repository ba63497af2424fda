/** The tower's metrics_set: one checkbox per metric, with gAUC's user column and reduction. */
import { GAUC_REDUCTIONS, type Metric, type MetricKind } from '../../core/project/types';
import { CheckboxField, NumberField, SelectField, TextField } from './fields';

const METRICS: { kind: MetricKind; label: string; fits: string }[] = [
  { kind: 'auc', label: 'AUC', fits: 'binary' },
  { kind: 'gauc', label: 'gAUC', fits: 'binary, per user' },
  { kind: 'max_f1', label: 'max F1', fits: 'binary' },
  { kind: 'accuracy', label: 'Accuracy', fits: 'multi-class' },
  { kind: 'mean_squared_error', label: 'MSE', fits: 'regression' },
  { kind: 'mean_absolute_error', label: 'MAE', fits: 'regression' },
  { kind: 'root_mean_squared_error', label: 'RMSE', fits: 'regression' },
];

function fresh(kind: MetricKind, uidGuess: string): Metric {
  switch (kind) {
    case 'auc':
      return { kind, numThresholds: 200 };
    case 'gauc':
      return { kind, uidField: uidGuess, reduction: 'mean' };
    default:
      return { kind } as Metric;
  }
}

export function MetricsEditor(props: {
  metrics: Metric[];
  columns: string[];
  onChange: (metrics: Metric[], coalesceKey?: string) => void;
}) {
  const { metrics, onChange } = props;
  const uidGuess = props.columns.find((c) => /user/i.test(c)) ?? 'user_id';
  const replace = (kind: MetricKind, next: Metric, key?: string) =>
    onChange(
      metrics.map((m) => (m.kind === kind ? next : m)),
      key,
    );
  return (
    <fieldset className="metrics" data-field="metrics">
      <legend>Metrics</legend>
      <div className="metrics__grid">
        {METRICS.map(({ kind, label, fits }) => (
          <CheckboxField
            key={kind}
            label={
              <>
                {label} <span className="check__note">{fits}</span>
              </>
            }
            checked={metrics.some((m) => m.kind === kind)}
            onChange={(on) =>
              onChange(
                on ? [...metrics, fresh(kind, uidGuess)] : metrics.filter((m) => m.kind !== kind),
              )
            }
          />
        ))}
      </div>
      {metrics.map((m) =>
        m.kind === 'auc' ? (
          <NumberField
            key="auc"
            label="AUC thresholds"
            value={m.numThresholds}
            rule={{ integer: true, min: 2 }}
            hint="EasyRec approximates AUC with this many thresholds; the browser computes it exactly."
            onChange={(numThresholds, key) => replace('auc', { ...m, numThresholds }, key)}
          />
        ) : m.kind === 'gauc' ? (
          <div className="field-row" key="gauc">
            <TextField
              label="gAUC user column"
              value={m.uidField}
              list="input-columns"
              onChange={(uidField, key) => replace('gauc', { ...m, uidField }, key)}
            />
            <SelectField
              label="gAUC reduction"
              value={m.reduction}
              options={GAUC_REDUCTIONS}
              onChange={(reduction) => replace('gauc', { ...m, reduction })}
            />
          </div>
        ) : null,
      )}
    </fieldset>
  );
}
