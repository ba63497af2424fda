/**
 * The left column: a draggable Task item (drop it on the canvas; Enter adds one) and the
 * list view, which edits the same graph from the keyboard.
 */
import { TASK_DRAG_TYPE } from '../canvas/GraphCanvas';
import { addTask, nextFreePosition } from '../actions';
import { TaskList } from './TaskList';

export function Palette() {
  return (
    <nav className="palette" aria-label="Palette and task list">
      <h2 className="palette__heading">Palette</h2>
      {/* A div, not a <button>: some browsers never start a drag from a button. */}
      <div
        role="button"
        tabIndex={0}
        className="palette__item"
        draggable
        data-testid="palette-task"
        aria-label="Task: drag onto the canvas, or press Enter to add one"
        onDragStart={(event) => {
          event.dataTransfer.setData(TASK_DRAG_TYPE, 'task');
          event.dataTransfer.effectAllowed = 'copy';
        }}
        onClick={() => addTask(nextFreePosition())}
        onKeyDown={(event) => {
          if (event.key !== 'Enter' && event.key !== ' ') return;
          event.preventDefault();
          addTask(nextFreePosition());
        }}
      >
        <span className="palette__glyph" aria-hidden="true" />
        <span>
          <strong>Task</strong>
          <small>one target: a tower and its relations</small>
        </span>
      </div>
      <TaskList />
    </nav>
  );
}
