/**
 * Focus for a problem's field: once the side panel shows the task (or model) at fault, the
 * control that edits the problem's `field` is scrolled into view and focused. Controls carry
 * `data-field` with the field name validation uses (`weight`, `dnn.hiddenUnits`); a field
 * drawn as a group (metrics, parents, an MLP) focuses its first enabled control.
 */

const FOCUSABLE = 'input:not([disabled]), select:not([disabled]), button:not([disabled])';
/** Frames to wait for React to draw the newly selected task's inspector. */
const MAX_FRAMES = 10;

/** The control for `field` inside `root`, or null when the panel has none. */
export function fieldControl(root: ParentNode, field: string): HTMLElement | null {
  // The exact field first, then the closest enclosing one (`dnn.hiddenUnits` → `dnn`).
  const marked = [...root.querySelectorAll<HTMLElement>('[data-field]')];
  const parts = field.split('.');
  for (let n = parts.length; n > 0; n--) {
    const name = parts.slice(0, n).join('.');
    const found = marked.find((e) => e.dataset.field === name);
    if (!found) continue;
    return found.matches(FOCUSABLE) ? found : found.querySelector<HTMLElement>(FOCUSABLE);
  }
  return null;
}

/** Focuses the control for `field` in the side panel as soon as it is drawn. */
export function focusFieldSoon(field: string, frames = MAX_FRAMES): void {
  requestAnimationFrame(() => {
    const panel = document.querySelector('.side__body');
    const control = panel && fieldControl(panel, field);
    if (!control) {
      if (frames > 0) focusFieldSoon(field, frames - 1);
      return;
    }
    control.scrollIntoView({ block: 'center' });
    control.focus({ preventScroll: true });
  });
}
