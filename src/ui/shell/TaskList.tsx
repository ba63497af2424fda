/**
 * The list view: every task in topological order with rename, delete and its parents. The
 * keyboard route to everything the canvas does; it edits the same project.
 */
import { useId } from 'react';
import { topologicalOrder } from '../../core/project/graph';
import type { Task } from '../../core/project/types';
import { projectStore, useProjectStore } from '../../store/projectStore';
import { addTask, nextFreePosition } from '../actions';
import { ParentsEditor } from '../inspector/ParentsEditor';
import { commitRename, renameProblem } from '../inspector/taskEdits';
import { useCommitDraft } from '../inspector/useCommitDraft';
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
          <TaskRow key={task.id} task={task} selected={selected.includes(task.id)} />
        ))}
      </ul>
    </section>
  );
}

function TaskRow({ task, selected }: { task: Task; selected: boolean }) {
  const errorId = useId();
  const name = useCommitDraft(
    task.name,
    (text) => commitRename(task.name, text),
    (text) => renameProblem(projectStore.getState().project.tasks, task.name, text),
  );
  const parents =
    task.relationTowerNames.length === 0
      ? 'no parents'
      : `depends on ${task.relationTowerNames.join(', ')}`;
  return (
    <li
      className={`task-row${selected ? ' is-selected' : ''}`}
      data-testid={`task-row-${task.name}`}
    >
      <div className="task-row__line">
        <span className={`loss-dot loss-${lossKind(task)}`} aria-hidden="true" />
        <input
          {...name.inputProps}
          className="task-row__name"
          aria-label={`Name of task ${task.name}`}
          aria-describedby={name.error ? errorId : undefined}
          // Long names are cut with an ellipsis in the narrow list; the tooltip has all of it.
          title={task.name}
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
          onClick={() => projectStore.getState().apply({ type: 'removeTasks', names: [task.name] })}
        >
          ×
        </button>
      </div>
      {name.error && (
        <p
          className="field__error task-row__error"
          id={errorId}
          role="alert"
          data-testid="commit-error"
        >
          {name.error} <span className="field__kept">Esc restores “{task.name}”.</span>
        </p>
      )}
      <details className="task-row__parents">
        <summary title={parents}>{parents}</summary>
        <ParentsEditor task={task} />
      </details>
    </li>
  );
}
