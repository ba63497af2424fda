import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEMO_FIELDS } from '../core/data/demo';
import { makeTask } from '../core/project/defaults';
import { liveStreamingPreset } from '../core/project/presets';
import { serializeProject } from '../core/project/restore';
import { emptyProject } from '../core/project/defaults';
import { createProjectStore } from './projectStore';
import {
  hydrateStore,
  loadStoredProject,
  SAVE_DELAY_MS,
  startAutosave,
  STORAGE_KEY,
  type KeyValueStorage,
} from './persist';

/** An in-memory storage that counts writes. */
class FakeStorage implements KeyValueStorage {
  values = new Map<string, string>();
  writes = 0;
  getItem(key: string) {
    return this.values.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.writes += 1;
    this.values.set(key, value);
  }
}

describe('loadStoredProject', () => {
  it('restores a stored project with its names, relations and positions', () => {
    const storage = new FakeStorage();
    const project = emptyProject('mine');
    project.tasks = [
      makeTask('a', { position: { x: 10, y: 20 } }),
      makeTask('b', { relationTowerNames: ['a'], position: { x: 10, y: 200 } }),
    ];
    storage.setItem(STORAGE_KEY, serializeProject(project));
    const loaded = loadStoredProject(storage);
    expect(loaded.notice).toBeNull();
    expect(loaded.project).toEqual(project);
  });

  it('starts from the laid-out demo project when nothing is stored', () => {
    const loaded = loadStoredProject(new FakeStorage());
    expect(loaded.notice).toBeNull();
    expect(loaded.project.name).toBe('Live streaming (demo data)');
    // The preset's weights 1: the demo's durations are minutes, on the scale of a log loss.
    const weights = Object.fromEntries(loaded.project.tasks.map((t) => [t.name, t.weight]));
    expect(weights).toEqual({
      is_click: 1,
      is_view: 1,
      view_costtime: 1,
      is_on_mic: 1,
      on_mic_duration: 1,
    });
    // Every column of the demo data the data tab opens with is an input field.
    expect(loaded.project.data.inputFields.map((f) => f.name)).toEqual(
      DEMO_FIELDS.map((f) => f.name),
    );
    const spots = new Set(loaded.project.tasks.map((t) => `${t.position.x},${t.position.y}`));
    expect(spots.size).toBe(loaded.project.tasks.length);
  });

  it.each([
    ['not JSON', '{"kind": "dbmtl-studio-project", ', 'not valid JSON'],
    ['another kind of JSON', '{"hello": 1}', 'not a DBMTL Studio project'],
    [
      'a newer format',
      '{"kind": "dbmtl-studio-project", "version": 99, "project": {"tasks": []}}',
      'newer DBMTL Studio',
    ],
    [
      'tasks that are not a list',
      '{"kind": "dbmtl-studio-project", "version": 1, "project": {"tasks": 3}}',
      'must be a list',
    ],
    [
      'an unknown loss type',
      serializeProject(liveStreamingPreset()).replace('"L2_LOSS"', '"L3_LOSS"'),
      'task "view_costtime": lossType must be one of',
    ],
  ])('falls back to the demo project with a notice for %s', (_name, text, reason) => {
    const storage = new FakeStorage();
    storage.values.set(STORAGE_KEY, text);
    const loaded = loadStoredProject(storage);
    expect(loaded.project.name).toBe('Live streaming (demo data)');
    expect(loaded.notice?.kind).toBe('error');
    expect(loaded.notice?.message).toContain(reason);
    expect(loaded.notice?.message).toContain('Started from the demo project instead');
  });

  it('restores a stored project with a missing field and says what it filled', () => {
    const storage = new FakeStorage();
    const text = serializeProject(liveStreamingPreset()).replace('"weight": 1,', '');
    storage.values.set(STORAGE_KEY, text);
    const loaded = loadStoredProject(storage);
    expect(loaded.project.tasks[0]!.weight).toBe(1);
    expect(loaded.notice).toEqual({
      kind: 'info',
      message:
        'The project saved in this browser was repaired. Filled defaults for missing fields: task "is_click": weight.',
    });
  });

  it('survives a storage that throws on read', () => {
    const storage: KeyValueStorage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => undefined,
    };
    const loaded = loadStoredProject(storage);
    expect(loaded.project.name).toBe('Live streaming (demo data)');
    expect(loaded.notice?.message).toContain('denied');
  });
});

describe('startAutosave', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('writes once after a burst of changes, as a project file that loads back', () => {
    const storage = new FakeStorage();
    const store = createProjectStore(emptyProject());
    const { stop } = startAutosave(store, storage);
    for (const name of ['a', 'ab', 'abc']) store.getState().apply({ type: 'rename', name });
    expect(storage.writes).toBe(0);
    vi.advanceTimersByTime(SAVE_DELAY_MS);
    expect(storage.writes).toBe(1);
    expect(loadStoredProject(storage).project.name).toBe('abc');
    stop();
  });

  it('does not write for selection or notice changes', () => {
    const storage = new FakeStorage();
    const store = createProjectStore(emptyProject());
    const { stop } = startAutosave(store, storage);
    store.getState().select(['x']);
    store.getState().setNotice({ kind: 'info', message: 'hi' });
    vi.advanceTimersByTime(SAVE_DELAY_MS * 2);
    expect(storage.writes).toBe(0);
    stop();
  });

  it('flushes a pending change when stopped', () => {
    const storage = new FakeStorage();
    const store = createProjectStore(emptyProject());
    const { stop } = startAutosave(store, storage);
    store.getState().apply({ type: 'rename', name: 'late' });
    stop();
    expect(loadStoredProject(storage).project.name).toBe('late');
  });

  it('tells the user once when the storage is full, and keeps editing', () => {
    const store = createProjectStore(emptyProject());
    const storage: KeyValueStorage = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    const { stop } = startAutosave(store, storage);
    store.getState().apply({ type: 'rename', name: 'x' });
    vi.advanceTimersByTime(SAVE_DELAY_MS);
    expect(store.getState().notice?.message).toContain('QuotaExceededError');
    expect(store.getState().project.name).toBe('x');
    stop();
  });
});

describe('hydrateStore', () => {
  it('loads the stored project without an undo step', () => {
    const storage = new FakeStorage();
    storage.setItem(STORAGE_KEY, serializeProject(emptyProject('stored')));
    const store = createProjectStore();
    hydrateStore(store, storage);
    expect(store.getState().project.name).toBe('stored');
    expect(store.getState().past).toHaveLength(0);
  });
});
