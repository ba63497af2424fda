// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { fieldControl } from './focusField';

function panel(html: string): HTMLElement {
  const root = document.createElement('div');
  root.innerHTML = html;
  return root;
}

describe('fieldControl', () => {
  const root = panel(`
    <input data-field="weight" id="weight">
    <fieldset data-field="dnn">
      <input type="checkbox" id="none">
      <input data-field="dnn.hiddenUnits" id="units">
    </fieldset>
    <div data-field="relationTowerNames">
      <button disabled id="up">↑</button><select id="add"></select>
    </div>
    <fieldset data-field="relationDnn"><input type="checkbox" id="rel-none"></fieldset>
  `);

  it.each([
    ['a field drawn as one input', 'weight', 'weight'],
    ['a field inside an MLP', 'dnn.hiddenUnits', 'units'],
    ['a group: its first enabled control', 'relationTowerNames', 'add'],
    [
      "a field whose input is hidden: the enclosing MLP's first control",
      'relationDnn.dropoutRatio',
      'rel-none',
    ],
  ])('%s (%s)', (_name, field, id) => {
    expect(fieldControl(root, field)?.id).toBe(id);
  });

  it('finds nothing for a field the panel does not show', () => {
    expect(fieldControl(root, 'data.inputFields')).toBeNull();
  });
});
