import { afterEach, describe, expect, it } from 'vitest';
import { makeTask } from '../../core/project/defaults';
import { liveStreamingPreset } from '../../core/project/presets';
import { dataStore } from '../../store/dataStore';
import { projectStore } from '../../store/projectStore';
import { runStore } from '../../store/runStore';
import { startRun } from './runController';

// Refusals happen before any worker exists, so they run under Node.
describe('starting a run', () => {
  const initialData = dataStore.getState();
  afterEach(() => dataStore.setState(initialData, true));

  it('refuses without samples and points to the Data tab or the demo', () => {
    dataStore.setState({ train: null });
    const result = startRun();
    expect(result).toMatchObject({ ok: false, reason: 'no-data' });
    expect(result.ok || result.message).toContain('Load samples in the Data tab or use the demo');
    expect(runStore.getState().order).toHaveLength(0);
  });

  it('refuses a project with errors and lists them', () => {
    const project = liveStreamingPreset();
    project.tasks.push({ ...makeTask('orphan'), labelName: '' });
    const result = startRun({ project });
    expect(result).toMatchObject({ ok: false, reason: 'problems' });
    if (result.ok) return;
    expect(result.problems?.some((p) => p.taskName === 'orphan')).toBe(true);
    expect(projectStore.getState().lockedReason).toBeNull();
  });
});
