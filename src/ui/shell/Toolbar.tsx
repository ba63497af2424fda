/** The top bar: project name, presets, graph commands, history, and project files. */
import { useRef, type ChangeEvent } from 'react';
import { useReactFlow } from '@xyflow/react';
import { PRESET_NAMES, PRESET_TITLES, type PresetName } from '../../core/project/presets';
import { projectStore, useProjectStore } from '../../store/projectStore';
import {
  addTask,
  autoLayout,
  downloadProject,
  loadPreset,
  newEmptyProject,
  nextFreePosition,
  openProjectFile,
} from '../actions';
import { CommitInput } from '../inspector/fields';
import { PresetMenu } from './PresetMenu';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const MOD = isMac ? '⌘' : 'Ctrl+';
const FIT = { padding: 0.2, maxZoom: 1.1, duration: 200 };

export function Toolbar() {
  const name = useProjectStore((s) => s.project.name);
  const canUndo = useProjectStore((s) => s.past.length > 0);
  const canRedo = useProjectStore((s) => s.future.length > 0);
  const { fitView } = useReactFlow();
  const fileInput = useRef<HTMLInputElement>(null);

  // Fit once React has drawn the new graph. Never on an empty graph: React Flow queues that
  // fit until the first node appears, and the first dropped task would jump away.
  const fitSoon = () =>
    setTimeout(() => {
      if (projectStore.getState().project.tasks.length > 0) void fitView(FIT);
    }, 60);

  const onPreset = (preset: PresetName | 'empty') => {
    if (preset === 'empty') newEmptyProject();
    else loadPreset(preset);
    fitSoon();
  };

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    await openProjectFile(file);
    fitSoon();
  };

  return (
    <header className="toolbar" role="toolbar" aria-label="Project">
      <div className="toolbar__brand" aria-hidden="true">
        <span className="brand-mark">◆</span> DBMTL Studio
      </div>
      <CommitInput
        className="toolbar__name"
        aria-label="Project name"
        value={name}
        onCommit={(next) => {
          const trimmed = next.trim();
          if (trimmed && trimmed !== name)
            projectStore.getState().apply({ type: 'rename', name: trimmed });
          return null;
        }}
      />
      <PresetMenu
        items={[
          ...PRESET_NAMES.map((id) => ({ id, label: PRESET_TITLES[id] })),
          { id: 'empty' as const, label: 'Empty project' },
        ]}
        onPick={onPreset}
      />
      <span className="toolbar__sep" />
      <button type="button" className="btn" onClick={() => addTask(nextFreePosition())}>
        + Add task
      </button>
      <button type="button" className="btn" onClick={() => (autoLayout(), fitSoon())}>
        Auto layout
      </button>
      <button type="button" className="btn" onClick={() => void fitView(FIT)}>
        Fit view
      </button>
      <span className="toolbar__sep" />
      <button
        type="button"
        className="btn"
        disabled={!canUndo}
        onClick={() => projectStore.getState().undo()}
        title={`Undo (${MOD}Z)`}
      >
        Undo
      </button>
      <button
        type="button"
        className="btn"
        disabled={!canRedo}
        onClick={() => projectStore.getState().redo()}
        title={`Redo (${MOD}Shift+Z)`}
      >
        Redo
      </button>
      <span className="toolbar__spacer" />
      <button type="button" className="btn" onClick={() => fileInput.current?.click()}>
        Open project…
      </button>
      <input
        ref={fileInput}
        type="file"
        accept=".json,application/json"
        hidden
        data-testid="open-project-input"
        onChange={(e) => void onFile(e)}
      />
      <button type="button" className="btn btn-primary" onClick={downloadProject}>
        Save project
      </button>
    </header>
  );
}
