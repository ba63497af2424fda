import { describe, expect, it } from 'vitest';
import { demoProject } from '../data/demo';
import { emptyProject, mlp, newTaskIn } from './defaults';
import { liveStreamingPreset } from './presets';

describe('newTaskIn', () => {
  const bn = (t: ReturnType<typeof newTaskIn>) => [t.dnn?.useBn, t.relationDnn?.useBn];

  it('follows a project without batch norm (the demo, and projects made from a file over it)', () => {
    const demo = demoProject();
    expect(demo.model.bottomDnn?.useBn).toBe(false);
    expect(bn(newTaskIn(demo, 'income'))).toEqual([false, false]);
  });

  it("keeps EasyRec's default where the project has batch norm", () => {
    expect(bn(newTaskIn(liveStreamingPreset(), 'x'))).toEqual([true, true]);
    // No bottom MLP: the first task's tower decides; no task either: the default.
    const noBottom = liveStreamingPreset();
    noBottom.model.bottomDnn = null;
    noBottom.tasks[0]!.dnn = mlp([8], { useBn: false });
    expect(bn(newTaskIn(noBottom, 'x'))).toEqual([false, false]);
    expect(bn(newTaskIn(emptyProject('e'), 'x'))).toEqual([true, true]);
  });

  it('leaves MLPs given by the caller as they are', () => {
    const task = newTaskIn(demoProject(), 'x', { dnn: mlp([4]), relationDnn: null });
    expect(task.dnn?.useBn).toBe(true);
    expect(task.relationDnn).toBeNull();
  });
});
