/** The top bar: project name, presets, graph commands, history, and project files. */
import { useRef, type ChangeEvent } from 'react';
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
import { useFitGraph } from '../canvas/useFitGraph';
import { useCommitDraft } from '../inspector/useCommitDraft';
import { PresetMenu } from './PresetMenu';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const MOD = isMac ? '⌘' : 'Ctrl+';

export function Toolbar() {
  const name = useProjectStore((s) => s.project.name);
  const canUndo = useProjectStore((s) => s.past.length > 0);
  const canRedo = useProjectStore((s) => s.future.length > 0);
  const { fit, fitWhenDrawn } = useFitGraph();
  const fileInput = useRef<HTMLInputElement>(null);
  // Any text names the project; an empty one keeps the old name.
  const projectName = useCommitDraft(
    name,
    (next) => {
      const trimmed = next.trim();
      if (trimmed && trimmed !== name)
        projectStore.getState().apply({ type: 'rename', name: trimmed });
      return null;
    },
    () => null,
  );

  // A replaced project (preset, file) is fitted by the canvas; a new layout is fitted here.

  const onPreset = (preset: PresetName | 'empty') => {
    if (preset === 'empty') newEmptyProject();
    else loadPreset(preset);
  };

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (file) await openProjectFile(file);
  };

  return (
    <header className="toolbar" role="toolbar" aria-label="Project">
      <div className="toolbar__brand" aria-hidden="true">
        <span className="brand-mark">◆</span> DBMTL Studio
      </div>
      <input
        {...projectName.inputProps}
        className="toolbar__name"
        aria-label="Project name"
        title={name}
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
      <button
        type="button"
        className="btn"
        onClick={() => (autoLayout(), fitWhenDrawn({ duration: 200 }))}
      >
        Auto layout
      </button>
      <button type="button" className="btn" onClick={() => fit({ duration: 200 })}>
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
