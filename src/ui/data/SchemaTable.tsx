/** The columns: inferred role (overridable), EasyRec input type, statistics and sample values. */
import { COLUMN_ROLES, type ColumnRole, type SchemaColumn } from '../../core/data/schema';
import { defaultMetrics, newTaskIn } from '../../core/project/defaults';
import { dataStore, useDataStore } from '../../store/dataStore';
import { projectStore, useProjectStore } from '../../store/projectStore';
import { TASK_NODE_SIZE } from '../../core/project/layout';
import type { Task } from '../../core/project/types';
import { statsLine, taskNameFor } from './format';

const ROLE_TITLES: Record<ColumnRole, string> = {
  label: 'label',
  id: 'id',
  tag: 'tag (multi)',
  dense: 'number',
  ignore: 'ignore',
};

/** Left-aligned under the lowest task, so a new task lands in view near the others. */
export function belowTasks(tasks: readonly Pick<Task, 'position'>[]): { x: number; y: number } {
  if (tasks.length === 0) return { x: 0, y: 0 };
  const left = Math.min(...tasks.map((t) => t.position.x));
  const bottom = Math.max(...tasks.map((t) => t.position.y));
  return { x: left, y: bottom + TASK_NODE_SIZE.height + 48 };
}

/** Adds a task reading this column: binary, multi-class or regression as the label reads. */
export function makeTaskFor(column: SchemaColumn): void {
  const { project, apply } = projectStore.getState();
  const name = taskNameFor(
    column.name,
    project.tasks.map((t) => t.name),
  );
  const kind = column.label?.kind ?? 'numeric';
  const lossType = kind === 'numeric' ? 'L2_LOSS' : 'CLASSIFICATION';
  const numClass = kind === 'multiclass' ? Math.max(2, column.label?.classes.length ?? 2) : 1;
  const task = newTaskIn(project, name, {
    labelName: column.name,
    lossType,
    numClass,
    metrics: defaultMetrics(lossType, numClass),
    position: belowTasks(project.tasks),
  });
  apply({ type: 'addTask', task });
}

function LabelCell(props: { column: SchemaColumn; task: string | undefined }) {
  const { column, task } = props;
  const label = column.label;
  const positive = label?.kind === 'binary' ? label.positive.join(', ') : '';
  return (
    <div className="schema__label">
      {label && (
        <span className="muted">
          {label.kind}
          {column.derived
            ? ` (1 = ${column.derived.source} is ${column.derived.value})`
            : positive && positive !== '1' && ` (1 = ${positive})`}
          {label.kind === 'multiclass' && ` (${label.classes.length})`}
        </span>
      )}
      {task ? (
        <span className="tag" title={`task ${task}`}>
          task {task}
        </span>
      ) : (
        <button type="button" className="btn btn-small" onClick={() => makeTaskFor(column)}>
          Make task
        </button>
      )}
    </div>
  );
}

export function SchemaTable() {
  const schema = useDataStore((s) => s.schema);
  const tasks = useProjectStore((s) => s.project.tasks);
  if (!schema) return null;
  const taskOf = (column: string) => tasks.find((t) => t.labelName === column)?.name;
  return (
    <section className="section" aria-label="Columns">
      <div className="section__head">
        <h3>Columns ({schema.columns.length})</h3>
      </div>
      <div className="schema-wrap">
        <table className="schema" aria-label="Schema">
          <colgroup>
            <col className="schema__col-name" />
            <col className="schema__col-role" />
            <col className="schema__col-type" />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">Column</th>
              <th scope="col">Role</th>
              <th scope="col">Type</th>
            </tr>
          </thead>
          <tbody>
            {schema.columns.map((column) => (
              <tr key={column.name} data-column={column.name}>
                <td>
                  <div
                    className="schema__name"
                    title={`Inferred ${column.inferredRole}: ${column.reason}`}
                  >
                    {column.name}
                    {column.derived && <span className="tag">derived</span>}
                  </div>
                  <div className="schema__stats">{statsLine(column)}</div>
                  <div className="schema__sample" title="Sample values">
                    {column.stats.sample.map((v) => (
                      <code key={v}>{v.length > 24 ? `${v.slice(0, 24)}…` : v}</code>
                    ))}
                  </div>
                </td>
                <td>
                  <select
                    aria-label={`Role of ${column.name}`}
                    value={column.role}
                    disabled={Boolean(column.derived)}
                    onChange={(e) =>
                      dataStore.getState().setRole(column.name, e.target.value as ColumnRole)
                    }
                  >
                    {COLUMN_ROLES.map((role) => (
                      <option key={role} value={role}>
                        {ROLE_TITLES[role]}
                      </option>
                    ))}
                  </select>
                  {column.role !== column.inferredRole && (
                    <div className="muted">was {column.inferredRole}</div>
                  )}
                  {column.role === 'label' && (
                    <LabelCell column={column} task={taskOf(column.name)} />
                  )}
                </td>
                <td
                  className="schema__type"
                  title="The input_type the exported config declares for this column"
                >
                  {column.derived ? 'INT32' : column.fieldType}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
