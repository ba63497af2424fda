/** Every field of one task (a BayesTaskTower), with units and hints. */
import { useId } from 'react';
import type { TaskPatch } from '../../core/project/changes';
import type { LossType, Task } from '../../core/project/types';
import { projectStore, useProjectStore } from '../../store/projectStore';
import { lossKind } from '../canvas/flowModel';
import { CheckboxField, Field, NumberField, Section, SelectField, TextField } from './fields';
import { MetricsEditor } from './MetricsEditor';
import { MlpEditor } from './MlpEditor';
import { ParentsEditor } from './ParentsEditor';
import { commitRename, renameProblem, withDefaultMetrics } from './taskEdits';
import { useCommitDraft } from './useCommitDraft';

const LOSS_OPTIONS: { value: LossType; label: string }[] = [
  { value: 'CLASSIFICATION', label: 'Classification (binary or multi-class)' },
  { value: 'L2_LOSS', label: 'Regression, L2 (mean squared error)' },
  { value: 'SIGMOID_L2_LOSS', label: 'Regression, sigmoid then L2' },
  { value: 'BINARY_CROSS_ENTROPY_LOSS', label: 'Binary cross-entropy (soft labels)' },
];

/** The task's name, committed on Enter or blur; a refusal stays visible until fixed or Escape. */
function NameField({ task }: { task: Task }) {
  const id = useId();
  const name = useCommitDraft(
    task.name,
    (text) => commitRename(task.name, text),
    (text) => renameProblem(projectStore.getState().project.tasks, task.name, text),
  );
  return (
    <Field
      label="Name"
      htmlFor={id}
      hint="tower_name: letters, digits and _; renames every relation too."
      error={name.error}
      kept={task.name}
    >
      <input
        {...name.inputProps}
        id={id}
        data-testid="task-name"
        data-field="name"
        aria-describedby={`${id}-msg`}
      />
    </Field>
  );
}

export function TaskInspector({ task }: { task: Task }) {
  const columns = useProjectStore((s) => s.project.data.inputFields).map((f) => f.name);
  const { apply } = projectStore.getState();
  const update = (patch: TaskPatch, coalesceKey?: string) =>
    apply({ type: 'updateTask', name: task.name, patch }, coalesceKey ? { coalesceKey } : {});

  const setLossType = (lossType: LossType) =>
    update(
      withDefaultMetrics(task, {
        lossType,
        numClass: lossType === 'CLASSIFICATION' ? task.numClass : 1,
      }),
    );

  const columnField = (
    label: string,
    value: string,
    onChange: (v: string, key?: string) => void,
    hint: string,
    allowNone: boolean,
    field: string,
    testId?: string,
  ) =>
    columns.length > 0 ? (
      <SelectField
        label={label}
        value={value}
        hint={hint}
        testId={testId}
        field={field}
        options={[
          ...(allowNone ? [{ value: '', label: 'none' }] : []),
          ...(value !== '' && !columns.includes(value)
            ? [{ value, label: `${value} (not a column)` }]
            : []),
          ...(!allowNone && value === '' ? [{ value: '', label: 'choose a column…' }] : []),
          ...columns,
        ]}
        onChange={(v) => onChange(v)}
      />
    ) : (
      <TextField
        label={label}
        value={value}
        hint={hint}
        testId={testId}
        field={field}
        placeholder={allowNone ? 'none' : 'column name'}
        onChange={onChange}
      />
    );

  return (
    <div className="inspector" data-testid="task-inspector">
      <div className="inspector__title">
        <span className={`loss-dot loss-${lossKind(task)}`} aria-hidden="true" />
        <h2>{task.name}</h2>
        <span className="tag">{lossKind(task)}</span>
        <button
          type="button"
          className="btn btn-small btn-danger"
          onClick={() => {
            apply({ type: 'removeTasks', names: [task.name] });
            projectStore.getState().select([]);
          }}
        >
          Delete task
        </button>
      </div>

      <Section title="Task">
        <NameField task={task} />
        {columnField(
          'Label column',
          task.labelName,
          (labelName, key) => update({ labelName }, key),
          'label_name: the column this task predicts.',
          false,
          'labelName',
          'task-label',
        )}
        <SelectField
          label="Loss"
          value={task.lossType}
          options={LOSS_OPTIONS}
          onChange={setLossType}
          testId="task-loss"
        />
        {task.lossType === 'CLASSIFICATION' && (
          <NumberField
            label="Classes"
            value={task.numClass}
            rule={{ integer: true, min: 1 }}
            field="numClass"
            hint="1 for a binary target (sigmoid); more for multi-class (softmax)."
            onChange={(numClass, key) => update(withDefaultMetrics(task, { numClass }), key)}
          />
        )}
        <NumberField
          label="Loss weight"
          value={task.weight}
          rule={{ min: 0 }}
          field="weight"
          testId="task-weight"
          hint="This task's loss is multiplied by it in the total loss."
          onChange={(weight, key) => update({ weight }, key)}
        />
        <CheckboxField
          label="Use sample weight"
          checked={task.useSampleWeight}
          hint="Multiply each row's loss by the data's sample-weight column, when one is set."
          onChange={(useSampleWeight) => update({ useSampleWeight })}
        />
      </Section>

      <Section title="Metrics">
        <MetricsEditor
          metrics={task.metrics}
          columns={columns}
          onChange={(metrics, key) => update({ metrics }, key)}
        />
      </Section>

      <Section title="Relations">
        <p className="field__hint">
          Parents in the order their relation vectors are concatenated (relation_tower_names).
        </p>
        <ParentsEditor task={task} />
        <MlpEditor
          title="Relation MLP"
          value={task.relationDnn}
          defaultUnits={[32]}
          noneLabel="None (identity; parents still concatenated)"
          field="relationDnn"
          hint="relation_dnn over the tower output and the parents' relation vectors."
          onChange={(relationDnn, key) => update({ relationDnn }, key)}
        />
      </Section>

      <Section title="Tower">
        <MlpEditor
          title="Tower MLP"
          value={task.dnn}
          defaultUnits={[128, 96, 64]}
          noneLabel="None (identity)"
          field="dnn"
          hint="dnn: this task's own layers over the shared bottom (or its expert mix)."
          testId="tower-mlp"
          onChange={(dnn, key) => update({ dnn }, key)}
        />
      </Section>

      <Section title="Task space">
        {columnField(
          'Indicator label',
          task.taskSpaceIndicatorLabel,
          (taskSpaceIndicatorLabel, key) => update({ taskSpaceIndicatorLabel }, key),
          'Rows where this column is > 0 are in the task space.',
          true,
          'taskSpaceIndicatorLabel',
        )}
        <div className="field-row">
          <NumberField
            label="In-space weight"
            value={task.inTaskSpaceWeight}
            rule={{ min: 0 }}
            field="inTaskSpaceWeight"
            onChange={(inTaskSpaceWeight, key) => update({ inTaskSpaceWeight }, key)}
          />
          <NumberField
            label="Out-of-space weight"
            value={task.outTaskSpaceWeight}
            rule={{ min: 0 }}
            field="outTaskSpaceWeight"
            onChange={(outTaskSpaceWeight, key) => update({ outTaskSpaceWeight }, key)}
          />
        </div>
        <p className="field__hint">
          ESMM-style click space: set the indicator to the click label and the out-of-space weight
          to 0, and a conversion task learns only from clicked rows.
        </p>
      </Section>
    </div>
  );
}
