import { beforeEach, describe, expect, it } from 'vitest';
import { exportConfig } from '../../core/easyrec';
import { liveStreamingPreset, taobaoPreset } from '../../core/project/presets';
import { projectStore } from '../../store/projectStore';
import { importConfigText, importStore, isDataFileName, projectNameOfFile } from './importState';

function taobaoText(): string {
  const result = exportConfig(taobaoPreset());
  if (!result.ok) throw new Error('preset must export');
  return result.text;
}

function liveText(): string {
  const result = exportConfig(liveStreamingPreset());
  if (!result.ok) throw new Error('preset must export');
  return result.text;
}

describe('importConfigText', () => {
  beforeEach(() => {
    projectStore.setState({ project: liveStreamingPreset(), past: [], future: [], notice: null });
    importStore.setState({ last: null });
  });

  it('pasted text (no file name) is named after model_dir, else "Imported config"', () => {
    // The Taobao preset's model_dir is "experiments/dbmtl_taobao".
    importConfigText(taobaoText(), 'pasted config', null);
    expect(projectStore.getState().project.name).toBe('dbmtl_taobao');
    importConfigText(
      taobaoText().replace('model_dir: "experiments/dbmtl_taobao"\n', ''),
      'pasted config',
      null,
    );
    expect(projectStore.getState().project.name).toBe('Imported config');
  });

  it('a generic file name (pipeline.config) is named after model_dir; a specific one keeps its name', () => {
    importConfigText(taobaoText(), 'pipeline.config');
    expect(projectStore.getState().project.name).toBe('dbmtl_taobao');
    importConfigText(taobaoText(), 'config.txt');
    expect(projectStore.getState().project.name).toBe('dbmtl_taobao');
    importConfigText(taobaoText(), 'dbmtl_on_taobao.config');
    expect(projectStore.getState().project.name).toBe('dbmtl_on_taobao');
  });

  it.each([
    ['pipeline.config', undefined],
    ['pipeline (1).config', undefined],
    ['pipeline.txt', undefined],
    ['config.txt', undefined],
    ['model.pbtxt', undefined],
    ['easyrec_config.config', undefined],
    ['pipeline2.config', undefined],
    ['taobao.config', 'taobao'],
    ['adult_pipeline.config', 'adult_pipeline'],
    ['pipeline_taobao.config', 'pipeline_taobao'],
  ])('projectNameOfFile(%s) is %s', (file, name) => {
    expect(projectNameOfFile(file)).toBe(name);
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
      /Imported taobao\.config: 2 tasks; everything was imported/,
    );
    expect(importStore.getState().last).toEqual(last);
    state.undo();
    expect(projectStore.getState().project).toBe(before);
  });

  it.each([
    [
      'a syntax error',
      'model_dir: "m"\nmodel_config {\n',
      'broken.config was not imported: The file has a syntax error at 3:1: expected "}" to close the message opened at 2:14, found end of input. The project was not changed.',
    ],
    [
      'an empty file',
      '',
      'x.config was not imported: The file is empty. The project was not changed.',
    ],
    [
      'an MMoE config',
      'model_dir: "m"\nmodel_config {\n  model_class: "MMoE"\n  mmoe { num_expert: 2 }\n}\n',
      'x.config was not imported: This config has no dbmtl model (found mmoe at 4:3); DBMTL Studio opens DBMTL configs only. The project was not changed.',
    ],
  ])('%s changes nothing and says why', (_name, text, message) => {
    const before = projectStore.getState().project;
    const source = message.split(' ')[0] as string;
    const last = importConfigText(text, source);
    expect(last.applied).toBe(false);
    expect(last.refusal).not.toBeNull();
    const state = projectStore.getState();
    expect(state.project).toBe(before);
    expect(state.past).toEqual([]);
    expect(state.notice).toEqual({ kind: 'error', message });
  });

  it('an unknown enum value is refused, not turned into CLASSIFICATION', () => {
    const before = projectStore.getState().project;
    const last = importConfigText(
      liveText().replace('loss_type: L2_LOSS', 'loss_type: L3_LOSS'),
      'enum.config',
    );
    expect(last.applied).toBe(false);
    expect(projectStore.getState().project).toBe(before);
    expect(projectStore.getState().notice?.kind).toBe('error');
  });

  it('errors the project carries: opened, with an error notice that counts what blocks export', () => {
    // A cycle through is_click and is_on_mic: one error in the file, one in the project.
    const text = liveText().replace(
      '      tower_name: "is_click"\n',
      '      tower_name: "is_click"\n      relation_tower_names: "is_on_mic"\n',
    );
    const last = importConfigText(text, 'cycle.config');
    expect(last.applied).toBe(true);
    expect(last.report.filter((e) => e.severity === 'error').map((e) => e.code)).toEqual([
      'RELATION_CYCLE',
    ]);
    expect(projectStore.getState().notice).toEqual({
      kind: 'error',
      message:
        'Imported cycle.config: 5 tasks; the import report lists 1 error, 0 warnings; export is blocked by 1 error in the project until fixed (see the Config tab).',
    });
  });

  it('a clean file whose project does not validate: the notice says export is blocked', () => {
    // 100 000 000 units is valid for EasyRec but above the app's MAX_HIDDEN_UNITS.
    importConfigText(
      liveText().replace('hidden_units: [512, 256]', 'hidden_units: [100000000]'),
      'huge.config',
    );
    expect(projectStore.getState().notice).toEqual({
      kind: 'error',
      message:
        'Imported huge.config: 5 tasks; everything was imported; export is blocked by 1 error in the project until fixed (see the Config tab).',
    });
  });

  it('a later tower only: an error notice that says the project exports as it is', () => {
    const text = liveText().replace(
      '      tower_name: "is_view"\n',
      '      tower_name: "is_view"\n      relation_tower_names: "is_on_mic"\n',
    );
    importConfigText(text, 'later.config');
    expect(projectStore.getState().notice?.kind).toBe('error');
    expect(projectStore.getState().notice?.message).toMatch(
      /1 error, 0 warnings; the project exports as it is \(a re-export fixes them/,
    );
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
