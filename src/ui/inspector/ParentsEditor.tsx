/**
 * A task's parents in concatenation order, editable with buttons and a select (the keyboard
 * route to the same graph the canvas draws). Candidates that would close a cycle are listed
 * but disabled, with the reason in their label.
 */
import { useId, useState } from 'react';
import { checkConnection } from '../../core/project/graph';
import type { Task } from '../../core/project/types';
import { projectStore, useProjectStore } from '../../store/projectStore';

export function ParentsEditor(props: { task: Task }) {
  const { task } = props;
  const tasks = useProjectStore((s) => s.project.tasks);
  const id = useId();
  const [choice, setChoice] = useState('');
  const parents = task.relationTowerNames;
  const apply = projectStore.getState().apply;

  const setParents = (next: string[]) =>
    apply({ type: 'setRelations', name: task.name, parents: next });
  const move = (i: number, step: -1 | 1) => {
    const next = [...parents];
    const [item] = next.splice(i, 1);
    next.splice(i + step, 0, item as string);
    setParents(next);
  };
  const candidates = tasks
    .filter((t) => t.name !== task.name && !parents.includes(t.name))
    .map((t) => ({ name: t.name, error: checkConnection(tasks, t.name, task.name) }));
  const chosen = candidates.find((c) => c.name === choice && !c.error)?.name ?? '';

  return (
    <div
      className="parents"
      aria-label={`Parents of ${task.name}`}
      role="group"
      data-field="relationTowerNames"
    >
      {parents.length === 0 ? (
        <p className="muted">No parents: {task.name} reads only the shared bottom.</p>
      ) : (
        <ol className="parents__list">
          {parents.map((parent, i) => (
            <li key={parent} className="parents__item">
              <span className="parents__index">{i + 1}</span>
              <span className="parents__name">{parent}</span>
              <button
                type="button"
                className="btn-icon"
                aria-label={`Move ${parent} up`}
                disabled={i === 0}
                onClick={() => move(i, -1)}
              >
                ↑
              </button>
              <button
                type="button"
                className="btn-icon"
                aria-label={`Move ${parent} down`}
                disabled={i === parents.length - 1}
                onClick={() => move(i, 1)}
              >
                ↓
              </button>
              <button
                type="button"
                className="btn-icon"
                aria-label={`Remove parent ${parent}`}
                onClick={() => apply({ type: 'disconnect', parent, child: task.name })}
              >
                ×
              </button>
            </li>
          ))}
        </ol>
      )}
      {candidates.length > 0 && (
        <div className="parents__add">
          {/* Named on the select itself too: the list view shows it with no visible label. */}
          <select
            id={id}
            aria-label={`Add a parent to ${task.name}`}
            value={chosen}
            onChange={(e) => setChoice(e.target.value)}
          >
            <option value="">Add parent…</option>
            {candidates.map((c) => (
              <option key={c.name} value={c.name} disabled={c.error !== null}>
                {c.name}
                {c.error ? ` (would close a cycle)` : ''}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="btn btn-small"
            disabled={chosen === ''}
            onClick={() => {
              apply({ type: 'connect', parent: chosen, child: task.name });
              setChoice('');
            }}
          >
            Add
          </button>
        </div>
      )}
    </div>
  );
}
