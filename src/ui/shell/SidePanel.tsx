/** The right panel: tabs for the inspector, problems, the EasyRec config and the data. */
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { projectStore, useProjectStore } from '../../store/projectStore';
import { ConfigPanel } from '../config/ConfigPanel';
import { DataPanel } from '../data/DataPanel';
import { Inspector } from '../inspector/Inspector';
import { useProblems } from '../problems';
import { ProblemsPanel } from './ProblemsPanel';

export const TABS = ['Inspector', 'Problems', 'Config', 'Data'] as const;
export type Tab = (typeof TABS)[number];

/**
 * Whether keyboard focus is in the panel's body (a field being typed in, a button just
 * pressed); its tab buttons do not count.
 */
function workingIn(panel: HTMLElement | null, tabs: HTMLElement | null): boolean {
  const active = document.activeElement;
  if (!panel || !active || active === document.body) return false;
  return panel.contains(active) && !tabs?.contains(active);
}

export function SidePanel(props: { tab: Tab; onTab: (tab: Tab) => void }) {
  const problems = useProblems();
  const columns = useProjectStore((s) => s.project.data.inputFields);
  const errors = problems.filter((p) => p.severity === 'error').length;
  const tabList = useRef<HTMLDivElement>(null);
  const side = useRef<HTMLElement>(null);
  const { tab, onTab } = props;

  // Selecting a task (on the canvas, in the task list) shows it in the inspector, whichever
  // tab is open; not while the user works in this panel (typing in a field, or a button here
  // such as the Data tab's "Make task" that selects the task it makes).
  useEffect(
    () =>
      projectStore.subscribe((state, previous) => {
        const ids = state.selectedTaskIds;
        if (ids.length === 0 || ids === previous.selectedTaskIds || tab === 'Inspector') return;
        if (ids.every((id) => previous.selectedTaskIds.includes(id))) return;
        if (workingIn(side.current, tabList.current)) return;
        onTab('Inspector');
      }),
    [tab, onTab],
  );

  // Arrow keys move between tabs (the WAI-ARIA tabs pattern).
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const i = TABS.indexOf(props.tab);
    const next = TABS[(i + (event.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length]!;
    props.onTab(next);
    tabList.current?.querySelector<HTMLButtonElement>(`#tab-${next}`)?.focus();
  };

  return (
    <aside className="side" aria-label="Side panel" ref={side}>
      <div
        className="tabs"
        role="tablist"
        aria-label="Side panel"
        ref={tabList}
        onKeyDown={onKeyDown}
      >
        {TABS.map((tab) => (
          <button
            key={tab}
            id={`tab-${tab}`}
            type="button"
            role="tab"
            className="tab"
            aria-selected={props.tab === tab}
            aria-controls={`panel-${tab}`}
            tabIndex={props.tab === tab ? 0 : -1}
            onClick={() => props.onTab(tab)}
          >
            {tab}
            {tab === 'Problems' && problems.length > 0 && (
              <span
                className={`badge${errors > 0 ? ' is-error' : ''}`}
                data-testid="problems-badge"
                aria-label={`${problems.length} problems`}
              >
                {problems.length}
              </span>
            )}
          </button>
        ))}
      </div>
      <div
        className="side__body"
        role="tabpanel"
        id={`panel-${props.tab}`}
        aria-labelledby={`tab-${props.tab}`}
      >
        {props.tab === 'Inspector' && <Inspector />}
        {props.tab === 'Problems' && <ProblemsPanel onOpen={props.onTab} />}
        {props.tab === 'Config' && <ConfigPanel />}
        {props.tab === 'Data' && <DataPanel />}
      </div>
      <datalist id="input-columns">
        {columns.map((c) => (
          <option key={c.name} value={c.name} />
        ))}
      </datalist>
    </aside>
  );
}
