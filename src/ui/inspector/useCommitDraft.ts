/**
 * A text box committed on blur or Enter (names: renaming on every keystroke would rename every
 * relation on the way). A refused commit keeps the typed text, marked invalid, with the reason;
 * while the user fixes it the reason is re-checked on every keystroke and goes away once the
 * text would be accepted. Escape restores the applied value. The caller places the error
 * (under the field, at full width) so the input never shares its row with a message.
 */
import { useState, type InputHTMLAttributes } from 'react';
import { projectStore } from '../../store/projectStore';

export interface CommitDraft {
  inputProps: InputHTMLAttributes<HTMLInputElement> & { value: string };
  error: string | null;
}

export function useCommitDraft(
  value: string,
  /** Applies the text; returns the reason it was refused, or null. */
  onCommit: (text: string) => string | null,
  /** Says, without applying, why the text would be refused, or null. */
  check: (text: string) => string | null,
): CommitDraft {
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const restore = () => {
    setDraft(null);
    setError(null);
    projectStore.getState().clearRefusal();
  };
  const commit = () => {
    if (draft === null) return;
    if (draft === value) return restore();
    const problem = onCommit(draft);
    setError(problem);
    if (!problem) setDraft(null);
  };

  return {
    error,
    inputProps: {
      type: 'text',
      spellCheck: false,
      autoComplete: 'off',
      'aria-invalid': error ? true : undefined,
      value: draft ?? value,
      onChange: (e) => {
        const text = e.target.value;
        setDraft(text);
        if (error === null) return;
        // Once refused, the reason follows the text, and a fixed name clears the notice too.
        const problem = text === value ? null : check(text);
        setError(problem);
        if (problem === null) projectStore.getState().clearRefusal();
      },
      onBlur: commit,
      onKeyDown: (e) => {
        if (e.key === 'Enter') commit();
        if (e.key === 'Escape') restore();
      },
    },
  };
}
