/**
 * The project store: the project model, its undo history, the selection and the last
 * notice. Built vanilla-first (usable from tests and non-React code); React components
 * subscribe through `useProjectStore` with a selector for the smallest slice they need.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { applyChange, type ProjectChange } from '../core/project/changes';
import type { Project } from '../core/project/types';
import { liveStreamingPreset } from '../core/project/presets';

/** How many past states undo keeps. */
export const HISTORY_LIMIT = 200;

export interface Notice {
  kind: 'error' | 'info';
  message: string;
  /** Set on a refused change: it is stale once an edit succeeds, so that clears it. */
  refusal?: true;
}

export interface ApplyOptions {
  /**
   * Consecutive changes with the same key merge into one undo step (typing in a field,
   * nudging a number). A drag is committed once on drag stop and needs no key.
   */
  coalesceKey?: string;
}

export interface ProjectState {
  project: Project;
  past: Project[];
  future: Project[];
  /** Key of the last applied change, for coalescing. */
  lastKey: string | null;
  /** Selected task ids. */
  selectedTaskIds: string[];
  notice: Notice | null;
  /** Counts project replacements (preset, open, import), so the canvas can fit its view. */
  replacements: number;
  /**
   * Set while a training run is active: changes to the model are refused with this sentence
   * (moving nodes and renaming the project stay allowed: the run trains on a snapshot).
   */
  lockedReason: string | null;

  /** Applies a change as one undo step. On a refused change, sets the notice and returns it. */
  apply: (
    change: ProjectChange,
    options?: ApplyOptions,
  ) => { ok: true } | { ok: false; message: string };
  /** Replaces the whole project (preset, import, open file) as one undoable step. */
  replaceProject: (project: Project, message?: string) => void;
  undo: () => void;
  redo: () => void;
  select: (taskIds: string[]) => void;
  setNotice: (notice: Notice | null) => void;
  /** Clears the notice if it reports a refused change (the user fixed or abandoned it). */
  clearRefusal: () => void;
  setLock: (reason: string | null) => void;
}

/** Changes that leave the trained model as it is, so a lock lets them through. */
const ALLOWED_WHILE_LOCKED = new Set<ProjectChange['type']>(['moveTasks', 'rename']);

export function createProjectStore(initial: Project = liveStreamingPreset()) {
  return createStore<ProjectState>()((set, get) => ({
    project: initial,
    past: [],
    future: [],
    lastKey: null,
    selectedTaskIds: [],
    notice: null,
    replacements: 0,
    lockedReason: null,

    apply: (change, options = {}) => {
      const { project, past, lastKey, lockedReason } = get();
      if (lockedReason !== null && !ALLOWED_WHILE_LOCKED.has(change.type)) {
        set({ notice: refused(lockedReason) });
        return { ok: false, message: lockedReason };
      }
      const result = applyChange(project, change);
      if (!result.ok) {
        set({ notice: refused(result.error.message) });
        return { ok: false, message: result.error.message };
      }
      get().clearRefusal();
      if (result.project === project) return { ok: true };
      const key = options.coalesceKey ?? null;
      const merge = key !== null && key === lastKey && past.length > 0;
      set({
        project: result.project,
        past: merge ? past : [...past, project].slice(-HISTORY_LIMIT),
        future: [],
        lastKey: key,
      });
      return { ok: true };
    },

    replaceProject: (next, message) => {
      const { project, past, lockedReason, replacements } = get();
      if (lockedReason !== null) return set({ notice: refused(lockedReason) });
      set({
        project: next,
        replacements: replacements + 1,
        past: [...past, project].slice(-HISTORY_LIMIT),
        future: [],
        lastKey: null,
        selectedTaskIds: [],
        notice: message ? { kind: 'info', message } : null,
      });
    },

    undo: () => {
      const { project, past, future, lockedReason } = get();
      if (lockedReason !== null) return set({ notice: refused(lockedReason) });
      const previous = past[past.length - 1];
      if (!previous) return;
      set({
        project: previous,
        past: past.slice(0, -1),
        future: [project, ...future],
        lastKey: null,
        selectedTaskIds: keepExisting(get().selectedTaskIds, previous),
      });
    },

    redo: () => {
      const { project, past, future, lockedReason } = get();
      if (lockedReason !== null) return set({ notice: refused(lockedReason) });
      const next = future[0];
      if (!next) return;
      set({
        project: next,
        past: [...past, project],
        future: future.slice(1),
        lastKey: null,
        selectedTaskIds: keepExisting(get().selectedTaskIds, next),
      });
    },

    select: (taskIds) => set({ selectedTaskIds: taskIds }),
    setNotice: (notice) => set({ notice }),
    clearRefusal: () => {
      if (get().notice?.refusal) set({ notice: null });
    },
    setLock: (lockedReason) => set({ lockedReason }),
  }));
}

function refused(message: string): Notice {
  return { kind: 'error', message, refusal: true };
}

function keepExisting(ids: string[], project: Project): string[] {
  const existing = new Set(project.tasks.map((t) => t.id));
  return ids.filter((id) => existing.has(id));
}

export type ProjectStore = ReturnType<typeof createProjectStore>;

/** The app's one project store. */
export const projectStore: ProjectStore = createProjectStore();

export function useProjectStore<T>(selector: (state: ProjectState) => T): T {
  return useStore(projectStore, selector);
}
