/**
 * The list view: every task in topological order with rename, delete and its parents. The
 * keyboard route to everything the canvas does; it edits the same project.
 */
import { useId } from 'react';
import { topologicalOrder } from '../../core/project/graph';
import { projectStore, useProjectStore } from '../../store/projectStore';
import { addTask, nextFreePosition } from '../actions';
import { CommitInput } from '../inspector/fields';
import { ParentsEditor } from '../inspector/ParentsEditor';
import { lossKind } from '../canvas/flowModel';

export function TaskList() {
  const tasks = useProjectStore((s) => s.project.tasks);
  const selected = useProjectStore((s) => s.selectedTaskIds);
  const order = topologicalOrder(tasks);
  const listed = order.ok ? order.order : tasks;
  const headingId = useId();

  return (
    <section className="task-list" aria-labelledby={headingId}>
      <div className="task-list__head">
        <h2 className="palette__heading" id={headingId}>
          Tasks <span className="muted">({tasks.length})</span>
        </h2>
        <button type="button" className="btn btn-small" onClick={() => addTask(nextFreePosition())}>
          + Add
        </button>
      </div>
      {tasks.length === 0 && <p className="muted">No tasks yet.</p>}
      <ul className="task-list__items">
        {listed.map((task) => (
          <li
            key={task.id}
            className={`task-row${selected.includes(task.id) ? ' is-selected' : ''}`}
            data-testid={`task-row-${task.name}`}
          >
            <div className="task-row__line">
              <span className={`loss-dot loss-${lossKind(task)}`} aria-hidden="true" />
              <CommitInput
                className="task-row__name"
                aria-label={`Name of task ${task.name}`}
                value={task.name}
                onCommit={(to) => {
                  const result = projectStore
                    .getState()
                    .apply({ type: 'renameTask', from: task.name, to: to.trim() });
                  return result.ok ? null : result.message;
                }}
              />
              <button
                type="button"
                className="btn-icon"
                aria-label={`Select ${task.name}`}
                title="Select and inspect"
                onClick={() => projectStore.getState().select([task.id])}
              >
                ›
              </button>
              <button
                type="button"
                className="btn-icon"
                aria-label={`Delete ${task.name}`}
                title="Delete task"
                onClick={() =>
                  projectStore.getState().apply({ type: 'removeTasks', names: [task.name] })
                }
              >
                ×
              </button>
            </div>
            <details className="task-row__parents">
              <summary>
                {task.relationTowerNames.length === 0
                  ? 'no parents'
                  : `depends on ${task.relationTowerNames.join(', ')}`}
              </summary>
              <ParentsEditor task={task} />
            </details>
          </li>
        ))}
      </ul>
    </section>
  );
}
