/**
 * A modal dialog to paste pipeline.config text and import it. A refused import keeps the
 * dialog open with the text, says why, shows the offending line with a caret under the
 * column, and puts the cursor there, so the user fixes the text where it is.
 */
import { useEffect, useRef, useState } from 'react';
import type { ReportEntry } from '../../core/easyrec';
import { importConfigText } from './importState';
import { locate, type Located } from './pasteError';

interface Refused {
  why: string;
  entry: ReportEntry | null;
  at: Located | null;
}

export function PasteDialog(props: { onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState('');
  const [refused, setRefused] = useState<Refused | null>(null);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal?.();
  }, []);

  // After a refusal, the cursor goes to the error and the line is scrolled into view.
  useEffect(() => {
    const element = area.current;
    if (!element || !refused?.at) return;
    element.focus();
    element.setSelectionRange(refused.at.offset, refused.at.offset);
    // The rendered height of one line (lines do not wrap: the config is indented text).
    const lineHeight = element.scrollHeight / Math.max(1, element.value.split('\n').length);
    element.scrollTop = Math.max(0, (refused.at.line - 3) * lineHeight);
  }, [refused]);

  const submit = () => {
    const last = importConfigText(text, 'pasted config', null);
    if (last.applied) {
      props.onClose();
      return;
    }
    const entry = last.report.find((e) => e.severity === 'error') ?? null;
    setRefused({
      why: last.refusal ?? 'The text cannot be imported.',
      entry,
      at: entry ? locate(text, entry.line, entry.column) : null,
    });
  };

  return (
    <dialog
      ref={dialog}
      className="config__dialog"
      aria-labelledby="paste-config-title"
      onCancel={(event) => {
        event.preventDefault();
        props.onClose();
      }}
    >
      <form
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <h2 id="paste-config-title">Paste a pipeline.config</h2>
        <p className="muted">
          The project is replaced (one undo step). Parts the app does not model are listed in the
          import report. Text the app refuses (a syntax error, another model, a field EasyRec
          rejects) changes nothing: the dialog stays open with the error marked.
        </p>
        <textarea
          ref={area}
          aria-label="Config text"
          aria-invalid={refused !== null}
          aria-describedby={refused ? 'paste-config-error' : undefined}
          value={text}
          onChange={(event) => setText(event.target.value)}
          spellCheck={false}
          wrap="off"
          autoFocus
          rows={18}
        />
        {refused && (
          <div className="config__paste-error" id="paste-config-error" role="alert">
            <p>{refused.why}</p>
            {refused.entry &&
              refused.entry.line > 0 &&
              !refused.why.includes(refused.entry.message) && (
                <p>
                  {refused.entry.line}:{refused.entry.column} {refused.entry.message}
                </p>
              )}
            {refused.at && (
              <pre data-testid="paste-error-line" aria-label="The line with the error">
                {`${refused.at.gutter}${refused.at.text}\n${' '.repeat(refused.at.gutter.length)}${refused.at.marker}`}
              </pre>
            )}
          </div>
        )}
        <div className="config__dialog-actions">
          <button type="button" className="btn" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={text.trim() === ''}>
            Import
          </button>
        </div>
      </form>
    </dialog>
  );
}
