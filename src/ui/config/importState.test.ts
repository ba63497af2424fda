import { beforeEach, describe, expect, it } from 'vitest';
import { exportConfig } from '../../core/easyrec';
import { liveStreamingPreset, taobaoPreset } from '../../core/project/presets';
import { projectStore } from '../../store/projectStore';
import { importConfigText, importStore, isDataFileName } from './importState';

function taobaoText(): string {
  const result = exportConfig(taobaoPreset());
  if (!result.ok) throw new Error('preset must export');
  return result.text;
}

describe('importConfigText', () => {
  beforeEach(() => {
    projectStore.setState({ project: liveStreamingPreset(), past: [], future: [], notice: null });
    importStore.setState({ last: null });
  });

  it('replaces the project as one undo step and keeps the report', () => {
    const before = projectStore.getState().project;
    const last = importConfigText(taobaoText(), 'taobao.config');
    const state = projectStore.getState();
    expect(last.applied).toBe(true);
    expect(state.project.tasks.map((t) => t.name)).toEqual(['ctr', 'cvr']);
    expect(state.project.name).toBe('taobao');
    // Imported tasks arrive at {0, 0}; the panel lays them out so the canvas shows a graph.
    expect(new Set(state.project.tasks.map((t) => `${t.position.x},${t.position.y}`)).size).toBe(2);
    expect(state.past).toEqual([before]);
    expect(state.notice?.message).toMatch(
      /Imported taobao\.config: 2 task\(s\); everything was imported/,
    );
    expect(importStore.getState().last).toEqual(last);
    state.undo();
    expect(projectStore.getState().project).toBe(before);
  });

  it('a syntax error changes nothing and says where', () => {
    const before = projectStore.getState().project;
    const last = importConfigText('model_dir: "m"\nmodel_config {\n', 'broken.config');
    expect(last.applied).toBe(false);
    expect(last.report[0]).toMatchObject({ code: 'SYNTAX', line: 3, column: 1 });
    const state = projectStore.getState();
    expect(state.project).toBe(before);
    expect(state.past).toEqual([]);
    expect(state.notice).toEqual({
      kind: 'error',
      message:
        'broken.config could not be read at line 3, column 1: expected "}" to close the message opened at 2:14, found end of input. The project was not changed.',
    });
  });
});

describe('isDataFileName', () => {
  it.each([
    ['train.csv', true],
    ['part-0.TSV', true],
    ['taobao.csv.gz', true],
    ['pipeline.config', false],
    ['dbmtl.txt', false],
  ])('%s → %s', (name, expected) => {
    expect(isDataFileName(name)).toBe(expected);
  });
});
