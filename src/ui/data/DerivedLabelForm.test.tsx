// @vitest-environment jsdom
/**
 * The Data tab's derived labels as a user meets them: the project's rules listed with Remove;
 * one the loaded samples cannot take (a reread with the wrong separator) is listed as not
 * applied and stays until removed.
 */
import { Blob as NodeBlob } from 'node:buffer';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { demoProject } from '../../core/data/demo';
import { dataStore } from '../../store/dataStore';
import { projectStore } from '../../store/projectStore';
import { DerivedLabelForm } from './DerivedLabelForm';

afterEach(cleanup);

const names = ['age', 'marital-status', 'income'];
// A header and ";" between cells: the reader finds the separator.
const text = `${names.join(';')}\n39;Never-married;<=50K\n50;Married-civ-spouse;>50K\n28;Never-married;>50K\n`;

describe('DerivedLabelForm', () => {
  it('lists the project’s derived labels, the one not applied too, and removes them', async () => {
    projectStore.getState().replaceProject(demoProject());
    // Node's Blob: jsdom's has no stream() for the reader.
    const file = Object.assign(new NodeBlob([text]) as unknown as Blob, { name: 'a.csv' });
    await act(() => dataStore.getState().loadFile(file, 'train'));
    expect(dataStore.getState().error).toBeNull();
    render(<DerivedLabelForm />);
    expect(screen.queryByRole('list', { name: 'Derived labels of the project' })).toBeNull();

    fireEvent.change(screen.getByLabelText('Derive from column'), {
      target: { value: 'marital-status' },
    });
    fireEvent.change(screen.getByLabelText('Derive when equal to'), {
      target: { value: 'Never-married' },
    });
    fireEvent.change(screen.getByLabelText('Derived label name'), {
      target: { value: 'never_married' },
    });
    act(() => fireEvent.click(screen.getByRole('button', { name: 'Add label column' })));
    const list = () => screen.getByRole('list', { name: 'Derived labels of the project' });
    expect(within(list()).getByRole('listitem').textContent).toBe(
      'never_married = 1 where marital-status is Never-marriedRemove',
    );

    // The wrong separator: no marital-status; the rule stays, said not applied.
    await act(() => dataStore.getState().reread({ dialect: { separator: ',' } }));
    expect(within(list()).getByRole('listitem').textContent).toContain(
      '(not applied: the samples have no column marital-status)',
    );
    expect(projectStore.getState().project.data.derivedLabels).toHaveLength(1);

    act(() =>
      fireEvent.click(screen.getByRole('button', { name: 'Remove derived label never_married' })),
    );
    expect(projectStore.getState().project.data.derivedLabels).toEqual([]);
    expect(screen.queryByRole('list', { name: 'Derived labels of the project' })).toBeNull();
  });
});
