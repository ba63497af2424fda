import { describe, expect, it } from 'vitest';
import { makeTask } from '../core/project/defaults';
import { createProjectStore, HISTORY_LIMIT } from './projectStore';

describe('project store history', () => {
  it('undoes and redoes a refused-free sequence of edits in order', () => {
    const store = createProjectStore();
    const { apply } = store.getState();
    apply({ type: 'addTask', task: makeTask('x') });
    apply({ type: 'connect', parent: 'is_click', child: 'x' });
    expect(store.getState().project.tasks.find((t) => t.name === 'x')?.relationTowerNames).toEqual([
      'is_click',
    ]);

    store.getState().undo();
    expect(store.getState().project.tasks.find((t) => t.name === 'x')?.relationTowerNames).toEqual(
      [],
    );
    store.getState().undo();
    expect(store.getState().project.tasks.some((t) => t.name === 'x')).toBe(false);
    store.getState().redo();
    store.getState().redo();
    expect(store.getState().project.tasks.find((t) => t.name === 'x')?.relationTowerNames).toEqual([
      'is_click',
    ]);
  });

  it('survives fast repeated undo and redo past both ends', () => {
    const store = createProjectStore();
    const initial = store.getState().project;
    for (let i = 0; i < 5; i++) store.getState().apply({ type: 'rename', name: `p${i}` });
    for (let i = 0; i < 20; i++) store.getState().undo();
    expect(store.getState().project).toBe(initial);
    for (let i = 0; i < 20; i++) store.getState().redo();
    expect(store.getState().project.name).toBe('p4');
    expect(store.getState().future).toHaveLength(0);
  });

  it('refuses a cycle, keeps the project and explains why', () => {
    const store = createProjectStore();
    const before = store.getState().project;
    const result = store
      .getState()
      .apply({ type: 'connect', parent: 'is_view', child: 'is_click' });
    expect(result.ok).toBe(false);
    expect(store.getState().project).toBe(before);
    expect(store.getState().notice?.message).toContain('is_click → is_view → is_click');
  });

  it('clears a refusal notice on the next successful edit, and keeps other notices', () => {
    const store = createProjectStore();
    store.getState().apply({ type: 'renameTask', from: 'is_click', to: 'is_view' });
    expect(store.getState().notice).toEqual({
      kind: 'error',
      message: 'A task named "is_view" already exists.',
      refusal: true,
    });
    store.getState().apply({ type: 'renameTask', from: 'is_click', to: 'clicked' });
    expect(store.getState().notice).toBeNull();

    const saving = { kind: 'error' as const, message: 'The project could not be saved.' };
    store.getState().setNotice(saving);
    store.getState().apply({ type: 'rename', name: 'x' });
    store.getState().clearRefusal();
    expect(store.getState().notice).toBe(saving);
  });

  it('merges edits with the same coalescing key into one undo step', () => {
    const store = createProjectStore();
    for (const name of ['a', 'ab', 'abc'])
      store.getState().apply({ type: 'rename', name }, { coalesceKey: 'name' });
    expect(store.getState().past).toHaveLength(1);
    store.getState().undo();
    expect(store.getState().project.name).toBe('Live streaming');
  });

  it(`keeps at most ${HISTORY_LIMIT} steps`, () => {
    const store = createProjectStore();
    for (let i = 0; i < HISTORY_LIMIT + 10; i++)
      store.getState().apply({ type: 'rename', name: `p${i}` });
    expect(store.getState().past).toHaveLength(HISTORY_LIMIT);
  });

  it('refuses model edits, undo and replacement while locked, and lets nodes move', () => {
    const store = createProjectStore();
    store.getState().apply({ type: 'rename', name: 'before' });
    const reason = 'A run is training: stop it to edit the graph.';
    store.getState().setLock(reason);
    const before = store.getState().project;

    const refused = store
      .getState()
      .apply({ type: 'connect', parent: 'is_view', child: 'view_costtime' });
    expect(refused).toEqual({ ok: false, message: reason });
    store.getState().undo();
    store.getState().replaceProject(makeProjectLike(before));
    expect(store.getState().project).toBe(before);
    expect(store.getState().notice).toEqual({ kind: 'error', message: reason, refusal: true });

    const clickId = before.tasks.find((t) => t.name === 'is_click')!.id;
    const moved = store
      .getState()
      .apply({ type: 'moveTasks', positions: { [clickId]: { x: 5, y: 7 } } });
    expect(moved.ok).toBe(true);
    expect(store.getState().project.tasks.find((t) => t.name === 'is_click')?.position).toEqual({
      x: 5,
      y: 7,
    });

    store.getState().setLock(null);
    expect(store.getState().apply({ type: 'rename', name: 'after' }).ok).toBe(true);
    store.getState().undo();
    expect(store.getState().project.name).not.toBe('after');
  });
});

function makeProjectLike<T extends object>(project: T): T {
  return { ...project, name: 'replacement' };
}
