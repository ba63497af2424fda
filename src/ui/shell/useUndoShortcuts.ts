/**
 * Ctrl/Cmd+Z undoes, Ctrl+Shift+Z and Ctrl+Y redo. Inside a text field the browser's own
 * text undo wins, so a user correcting a typo does not undo a graph edit.
 */
import { useEffect } from 'react';
import { projectStore } from '../../store/projectStore';

const TEXT_INPUT_TYPES = new Set(['text', 'search', 'number', 'url', 'email', 'password', 'tel']);

export function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement) return true;
  return target instanceof HTMLInputElement && TEXT_INPUT_TYPES.has(target.type);
}

export function useUndoShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || isTextEntry(event.target)) return;
      const key = event.key.toLowerCase();
      if (key === 'z' && !event.shiftKey) {
        event.preventDefault();
        projectStore.getState().undo();
      } else if ((key === 'z' && event.shiftKey) || key === 'y') {
        event.preventDefault();
        projectStore.getState().redo();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
