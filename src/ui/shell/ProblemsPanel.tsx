/**
 * Validation results; clicking one selects its task, opens where it is fixed (the inspector,
 * or the Data tab for input columns and features) and focuses the field at fault.
 */
import type { Problem } from '../../core/project/validate';
import { projectStore } from '../../store/projectStore';
import { useProblems } from '../problems';
import { focusFieldSoon } from './focusField';

/** The tab where a problem is fixed. */
export function problemTab(problem: Problem): 'Inspector' | 'Data' {
  const dataField = problem.field === 'features' || problem.field === 'data.inputFields';
  return problem.featureName !== undefined || dataField ? 'Data' : 'Inspector';
}

export function ProblemsPanel(props: { onOpen: (tab: 'Inspector' | 'Data') => void }) {
  const problems = useProblems();
  const errors = problems.filter((p) => p.severity === 'error').length;
  const open = (p: Problem) => {
    projectStore.getState().select(p.taskId ? [p.taskId] : []);
    props.onOpen(problemTab(p));
    if (p.field) focusFieldSoon(p.field);
  };
  if (problems.length === 0) {
    return (
      <div className="problems" data-testid="problems">
        <p className="empty-note">No problems: the model is ready to export and train.</p>
      </div>
    );
  }
  return (
    <div className="problems" data-testid="problems">
      <p className="problems__summary">
        {errors} {errors === 1 ? 'error' : 'errors'}, {problems.length - errors}{' '}
        {problems.length - errors === 1 ? 'warning' : 'warnings'}
      </p>
      <ul className="problems__list">
        {problems.map((p, i) => (
          <li key={`${p.code}-${i}`}>
            <button type="button" className={`problem is-${p.severity}`} onClick={() => open(p)}>
              <span className="problem__sev" aria-label={p.severity}>
                {p.severity === 'error' ? '●' : '▲'}
              </span>
              <span className="problem__body">
                <span className="problem__msg">{p.message}</span>
                <span className="problem__where">
                  {p.code}
                  {p.taskName ? ` · task ${p.taskName}` : ''}
                  {p.featureName ? ` · feature ${p.featureName}` : ''}
                  {p.field ? ` · ${p.field}` : ''}
                </span>
              </span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
