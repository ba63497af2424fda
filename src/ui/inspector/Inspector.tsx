/** The Inspector tab: one task, several tasks, or (nothing selected) the whole model. */
import { projectStore, useProjectStore } from '../../store/projectStore';
import { ProjectInspector } from './ProjectInspector';
import { TaskInspector } from './TaskInspector';

export function Inspector() {
  const tasks = useProjectStore((s) => s.project.tasks);
  const selected = useProjectStore((s) => s.selectedTaskIds);
  const chosen = tasks.filter((t) => selected.includes(t.id));

  if (chosen.length === 1) return <TaskInspector key={chosen[0]!.id} task={chosen[0]!} />;
  if (chosen.length > 1) {
    return (
      <div className="inspector">
        <div className="inspector__title">
          <h2>{chosen.length} tasks selected</h2>
        </div>
        <p className="muted">{chosen.map((t) => t.name).join(', ')}</p>
        <div className="button-row">
          <button type="button" className="btn" onClick={() => projectStore.getState().select([])}>
            Clear selection
          </button>
          <button
            type="button"
            className="btn btn-danger"
            onClick={() => {
              projectStore
                .getState()
                .apply({ type: 'removeTasks', names: chosen.map((t) => t.name) });
              projectStore.getState().select([]);
            }}
          >
            Delete {chosen.length} tasks
          </button>
        </div>
      </div>
    );
  }
  return <ProjectInspector />;
}
