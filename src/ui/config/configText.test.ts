import { describe, expect, it } from 'vitest';
import { liveStreamingPreset } from '../../core/project/presets';
import { exportOf, highlightLine } from './configText';

describe('highlightLine', () => {
  it.each([
    [
      '  model_class: "DBMTL"',
      [
        ['space', '  '],
        ['field', 'model_class'],
        ['punct', ':'],
        ['space', ' '],
        ['string', '"DBMTL"'],
      ],
    ],
    [
      'hidden_units: [512, 256]',
      [
        ['field', 'hidden_units'],
        ['punct', ':'],
        ['space', ' '],
        ['punct', '['],
        ['number', '512'],
        ['punct', ','],
        ['space', ' '],
        ['number', '256'],
        ['punct', ']'],
      ],
    ],
    [
      'loss_type: L2_LOSS # why',
      [
        ['field', 'loss_type'],
        ['punct', ':'],
        ['space', ' '],
        ['enum', 'L2_LOSS'],
        ['space', ' '],
        ['comment', '# why'],
      ],
    ],
    [
      'l2_regularization: 1e-06',
      [
        ['field', 'l2_regularization'],
        ['punct', ':'],
        ['space', ' '],
        ['number', '1e-06'],
      ],
    ],
    [
      'auc {',
      [
        ['field', 'auc'],
        ['space', ' '],
        ['punct', '{'],
      ],
    ],
    [
      's: "a\\"b # not a comment"',
      [
        ['field', 's'],
        ['punct', ':'],
        ['space', ' '],
        ['string', '"a\\"b # not a comment"'],
      ],
    ],
  ])('%s', (line, expected) => {
    const tokens = highlightLine(line);
    expect(tokens.map((t) => [t.kind, t.text])).toEqual(expected);
    expect(tokens.map((t) => t.text).join('')).toBe(line);
  });
});

describe('exportOf', () => {
  it('exports once per project object', () => {
    const project = liveStreamingPreset();
    expect(exportOf(project)).toBe(exportOf(project));
    expect(exportOf({ ...project })).not.toBe(exportOf(project));
  });
});
