/** The benchmark model as JSON for bench/torch_ref.py: the same layers, from the same project. */
import type { Mlp } from '../../src/core/project/types';
import { topologicalOrder } from '../../src/core/project/graph';
import type { BenchData } from '../setup';

const units = (m: Mlp | null) => ({ units: m?.hiddenUnits ?? [], useBn: m?.useBn ?? false });

export function torchSpec(data: BenchData, batchSizes: readonly number[], budgetSeconds: number) {
  const { project, train } = data;
  const order = topologicalOrder(project.tasks);
  if (!order.ok) throw new Error('the task graph has a cycle');
  const position = new Map(order.order.map((t, i) => [t.name, i]));
  return {
    features: train.features.map((f) =>
      f.kind === 'dense'
        ? { kind: 'dense' }
        : {
            kind: f.kind,
            table: f.table,
            vocabSize: f.vocabSize,
            embeddingDim: f.embeddingDim,
            maxItems: f.kind === 'tag' ? f.maxItems : 1,
          },
    ),
    bottom: units(project.model.bottomDnn),
    tasks: order.order.map((t) => ({
      dnn: units(t.dnn),
      relation: units(t.relationDnn),
      parents: t.relationTowerNames.map((p) => position.get(p) as number),
      binary: t.lossType === 'CLASSIFICATION',
      weight: t.weight,
    })),
    l2: project.model.l2Regularization,
    embeddingReg: project.model.embeddingRegularization,
    batchSizes,
    budgetSeconds,
  };
}
