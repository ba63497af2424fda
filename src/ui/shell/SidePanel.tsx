/** The right panel: tabs for the inspector, problems, the EasyRec config and the data. */
import { useRef, type KeyboardEvent } from 'react';
import { useProjectStore } from '../../store/projectStore';
import { ConfigPanel } from '../config/ConfigPanel';
import { DataPanel } from '../data/DataPanel';
import { Inspector } from '../inspector/Inspector';
import { useProblems } from '../problems';
import { ProblemsPanel } from './ProblemsPanel';

export const TABS = ['Inspector', 'Problems', 'Config', 'Data'] as const;
export type Tab = (typeof TABS)[number];

export function SidePanel(props: { tab: Tab; onTab: (tab: Tab) => void }) {
  const problems = useProblems();
  const columns = useProjectStore((s) => s.project.data.inputFields);
  const errors = problems.filter((p) => p.severity === 'error').length;
  const tabList = useRef<HTMLDivElement>(null);

  // Arrow keys move between tabs (the WAI-ARIA tabs pattern).
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const i = TABS.indexOf(props.tab);
    const next = TABS[(i + (event.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length]!;
    props.onTab(next);
    tabList.current?.querySelector<HTMLButtonElement>(`#tab-${next}`)?.focus();
  };

  return (
    <aside className="side" aria-label="Side panel">
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
