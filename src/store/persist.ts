/**
 * Keeps the project in the browser's storage as it changes and restores it on load. The
 * stored text is a project file (the same format as Save project), so restoring goes through
 * the same parse-then-restore path and a broken entry is refused, never half-loaded.
 */
import { demoProject } from '../core/data/demo';
import { parseProjectFile, serializeProject } from '../core/project/restore';
import { withLayoutIfNeeded } from '../core/project/layout';
import type { Project } from '../core/project/types';
import type { Notice, ProjectStore } from './projectStore';

export const STORAGE_KEY = 'dbmtl-studio:project';
/** Typing produces a change per keystroke; writing once per pause is plenty. */
export const SAVE_DELAY_MS = 300;

/** The part of `Storage` persistence needs, so tests can pass a fake. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface LoadedProject {
  project: Project;
  /** Set when the stored project could not be used, or was repaired on the way in. */
  notice: Notice | null;
}

/**
 * What a first visit opens: the live-streaming model on the built-in demo data (which the data
 * store loads at start), with duration weights that suit that data.
 */
export function firstVisitProject(): Project {
  return withLayoutIfNeeded(demoProject());
}

/** The stored project, or the demo project when there is none or it is broken. */
export function loadStoredProject(storage: KeyValueStorage | null): LoadedProject {
  const fallback = firstVisitProject();
  let text: string | null;
  try {
    text = storage?.getItem(STORAGE_KEY) ?? null;
  } catch (error) {
    // Storage can throw when the browser forbids it (privacy mode, sandboxed frames).
    const detail = error instanceof Error ? error.message : String(error);
    return { project: fallback, notice: notice(`Browser storage is not readable (${detail}).`) };
  }
  if (text === null) return { project: fallback, notice: null };

  const result = parseProjectFile(text, 'The project saved in this browser');
  if (!result.ok) return { project: fallback, notice: notice(result.message) };
  const repaired: Notice | null =
    result.notes.length > 0
      ? {
          kind: 'info',
          message: `The project saved in this browser was repaired. ${result.notes.join(' ')}`,
        }
      : null;
  return { project: withLayoutIfNeeded(result.project), notice: repaired };
}

function notice(reason: string): Notice {
  return { kind: 'error', message: `${reason} Started from the demo project instead.` };
}

/** Puts the stored project into the store as its starting point (no undo step). */
export function hydrateStore(store: ProjectStore, storage: KeyValueStorage | null): void {
  const { project, notice: message } = loadStoredProject(storage);
  store.setState({
    project,
    past: [],
    future: [],
    lastKey: null,
    selectedTaskIds: [],
    notice: message,
  });
}

/**
 * Saves the project SAVE_DELAY_MS after the last change. `flush` writes a pending change at
 * once (the page is going away); `stop` flushes and stops saving.
 */
export function startAutosave(
  store: ProjectStore,
  storage: KeyValueStorage,
  delayMs = SAVE_DELAY_MS,
): { flush: () => void; stop: () => void } {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let warned = false;

  const save = () => {
    timer = null;
    try {
      storage.setItem(STORAGE_KEY, serializeProject(store.getState().project));
    } catch (error) {
      // A full quota must not break editing; tell the user once.
      if (!warned) {
        warned = true;
        const detail = error instanceof Error ? error.message : String(error);
        store.getState().setNotice({
          kind: 'error',
          message: `The project could not be saved in this browser (${detail}). Use Save project to keep it.`,
        });
      }
    }
  };

  const unsubscribe = store.subscribe((state, previous) => {
    if (state.project === previous.project) return;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(save, delayMs);
  });

  const flush = () => {
    if (timer === null) return;
    clearTimeout(timer);
    save();
  };
  return {
    flush,
    stop: () => {
      unsubscribe();
      flush();
    },
  };
}
