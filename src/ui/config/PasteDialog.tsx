/** A modal dialog to paste pipeline.config text and import it. */
import { useEffect, useRef, useState } from 'react';
import { importConfigText } from './importState';

export function PasteDialog(props: { onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [text, setText] = useState('');

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal?.();
  }, []);

  const submit = () => {
    importConfigText(text, 'pasted config', 'Imported config');
    props.onClose();
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
          import report; a file with a syntax error changes nothing.
        </p>
        <textarea
          aria-label="Config text"
          value={text}
          onChange={(event) => setText(event.target.value)}
          spellCheck={false}
          autoFocus
          rows={18}
        />
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
