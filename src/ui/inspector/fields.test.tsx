// @vitest-environment jsdom
/**
 * The inspector's two kinds of text fields, as a user types in them: a number field applies
 * only text that parses, and a name field commits on Enter or blur. Neither ever shows a value
 * that is not the applied one without saying so.
 */
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyProject, makeTask } from '../../core/project/defaults';
import { projectStore } from '../../store/projectStore';
import { NumberField, NumberListField } from './fields';
import { commitRename, renameProblem } from './taskEdits';
import { useCommitDraft } from './useCommitDraft';

afterEach(cleanup);

/** A number field bound to local state, showing the applied value beside it. */
function Weight() {
  const [value, setValue] = useState(1);
  return (
    <>
      <NumberField label="Loss weight" value={value} rule={{ min: 0 }} onChange={setValue} />
      <output>{value}</output>
    </>
  );
}

const type = (text: string) =>
  fireEvent.change(screen.getByLabelText('Loss weight'), { target: { value: text } });

describe('NumberField', () => {
  it.each([
    ['-1', 'Must be at least 0.'],
    ['abc', '"abc" is not a number.'],
    ['', 'Enter a number.'],
  ])('keeps %j after leaving the field, with its error, and never applies it', (text, error) => {
    render(<Weight />);
    const input = screen.getByLabelText('Loss weight');
    type(text);
    fireEvent.blur(input);
    expect(input).toHaveProperty('value', text);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('alert').textContent).toBe(`${error} Not applied; Esc restores “1”.`);
    expect(screen.getByRole('status').textContent).toBe('1');

    fireEvent.keyDown(input, { key: 'Escape' });
    expect(input).toHaveProperty('value', '1');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('applies text once it parses, and the error goes', () => {
    render(<Weight />);
    type('abc');
    type('0.5');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByRole('status').textContent).toBe('0.5');
  });

  it('names the entry at fault in a list (hidden units, dropout)', () => {
    const units = { current: [128, 96, 64] };
    render(
      <NumberListField
        label="Hidden units"
        value={units.current}
        rule={{ integer: true, min: 1 }}
        onChange={(v) => (units.current = v)}
      />,
    );
    fireEvent.change(screen.getByLabelText('Hidden units'), { target: { value: '128, 64, abc' } });
    fireEvent.blur(screen.getByLabelText('Hidden units'));
    expect(screen.getByRole('alert').textContent).toContain('Entry 3: "abc" is not a number.');
    expect(units.current).toEqual([128, 96, 64]);
  });
});

/** The inspector's name field, reduced to its input and error, on the app's store. */
function Name({ from }: { from: string }) {
  const name = useCommitDraft(
    from,
    (text) => commitRename(from, text),
    (text) => renameProblem(projectStore.getState().project.tasks, from, text),
  );
  return (
    <>
      <input aria-label="Name" {...name.inputProps} />
      {name.error && <p role="alert">{name.error}</p>}
    </>
  );
}

describe('useCommitDraft (task names)', () => {
  function setUp() {
    const project = emptyProject();
    project.tasks = [makeTask('is_click'), makeTask('is_view')];
    act(() => projectStore.setState({ project, notice: null, lockedReason: null }));
    render(<Name from="is_click" />);
    return screen.getByLabelText('Name');
  }

  it('keeps a refused name with its reason until it is fixed, then clears the notice too', () => {
    const input = setUp();
    fireEvent.change(input, { target: { value: 'is_view' } });
    fireEvent.blur(input);
    expect(input).toHaveProperty('value', 'is_view');
    expect(screen.getByRole('alert').textContent).toBe('A task named "is_view" already exists.');
    expect(projectStore.getState().notice?.message).toBe('A task named "is_view" already exists.');

    // The reason follows the text: another bad name, then a good one.
    fireEvent.change(input, { target: { value: '1 bad-name' } });
    expect(screen.getByRole('alert').textContent).toContain(
      '"1 bad-name" is not a valid task name',
    );
    fireEvent.change(input, { target: { value: 'clicked' } });
    expect(screen.queryByRole('alert')).toBeNull();
    expect(projectStore.getState().notice).toBeNull();
    expect(projectStore.getState().project.tasks[0]!.name).toBe('is_click');

    fireEvent.keyDown(input, { key: 'Enter' });
    expect(projectStore.getState().project.tasks[0]!.name).toBe('clicked');
  });

  it('restores the applied name on Escape', () => {
    const input = setUp();
    fireEvent.change(input, { target: { value: '1 bad-name' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(screen.getByRole('alert')).toBeTruthy();
    fireEvent.keyDown(input, { key: 'Escape' });
    expect(input).toHaveProperty('value', 'is_click');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(projectStore.getState().notice).toBeNull();
  });
});
