import { describe, expect, it } from 'vitest';
import { makeTask } from '../../core/project/defaults';
import { withDefaultMetrics } from './taskEdits';

describe('withDefaultMetrics', () => {
  it.each([
    [{ lossType: 'L2_LOSS' }, [{ kind: 'mean_squared_error' }]],
    [{ numClass: 4 }, [{ kind: 'accuracy' }]],
    [{ lossType: 'SIGMOID_L2_LOSS', numClass: 1 }, [{ kind: 'mean_squared_error' }]],
  ] as const)('moves default AUC along with %j', (patch, metrics) => {
    expect(withDefaultMetrics(makeTask('t'), patch)).toEqual({ ...patch, metrics });
  });

  it('keeps metrics the user chose', () => {
    const task = makeTask('t', {
      metrics: [
        { kind: 'auc', numThresholds: 200 },
        { kind: 'gauc', uidField: 'user_id', reduction: 'mean' },
      ],
    });
    expect(withDefaultMetrics(task, { lossType: 'L2_LOSS' })).toEqual({ lossType: 'L2_LOSS' });
  });
});
