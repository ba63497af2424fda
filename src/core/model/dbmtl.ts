/**
 * DBMTL as explicit tfjs variables and ops (no tf.LayersModel), so that the training step is one
 * function this project controls. Structure and semantics: ../../../../shared/docs/DBMTL.md
 * "Forward pass"; variable scopes follow EasyRec's DBMTL.
 */
import * as tf from '@tensorflow/tfjs';
import { sumAll } from './sum';
import { topologicalOrder } from '../project/graph';
import type { LossType, ModelSettings, Project, Task } from '../project/types';
import { embeddingLookup } from './embedding';
import { concatColumns } from '../wasm/hostKernels';
import { ModelError } from './errors';
import { inputWidth, type BatchTensors, type InputSpec } from './inputs';
import {
  applyDense,
  applyMlp,
  makeDense,
  makeMlp,
  ParamStore,
  type Dense,
  type ForwardContext,
  type MlpParams,
  type NamedVariable,
} from './layers';
import { embeddingInit, Random } from './random';

/** The parts of a task the model and the loss need, in build (topological) order. */
export interface TaskSpec {
  name: string;
  labelName: string;
  lossType: Exclude<LossType, 'BINARY_CROSS_ENTROPY_LOSS'>;
  numClass: number;
  weight: number;
  /** Indices (into the model's task order) of the parents, in relationTowerNames order. */
  parents: number[];
  taskSpaceIndicatorLabel: string;
  inTaskSpaceWeight: number;
  outTaskSpaceWeight: number;
  useSampleWeight: boolean;
}

export interface TaskParams {
  tower: MlpParams;
  relation: MlpParams;
  output: Dense;
  /** MMoE gate: dense(bottom, numExpert) then softmax; null without experts. */
  gate: Dense | null;
}

export interface DbmtlModel {
  inputs: InputSpec[];
  tasks: TaskSpec[];
  settings: Pick<ModelSettings, 'l2Regularization' | 'embeddingRegularization'>;
  tables: Map<string, tf.Variable>;
  bottom: MlpParams;
  experts: MlpParams[];
  towers: TaskParams[];
  variables: NamedVariable[];
}

function taskSpecs(project: Project): TaskSpec[] {
  if (project.tasks.length === 0) {
    throw new ModelError('NO_TASKS', 'The project has no tasks to train.', 'tasks');
  }
  const order = topologicalOrder(project.tasks);
  if (!order.ok) {
    throw new ModelError(
      'RELATION_CYCLE',
      `The task graph has a cycle (${order.cycle.join(' → ')}); DBMTL needs an acyclic graph.`,
      'tasks',
    );
  }
  const position = new Map(order.order.map((t, i) => [t.name, i]));
  return order.order.map((task: Task) => {
    if (task.lossType === 'BINARY_CROSS_ENTROPY_LOSS') {
      throw new ModelError(
        'LOSS_UNSUPPORTED',
        `Task "${task.name}": BINARY_CROSS_ENTROPY_LOSS is not implemented by the browser ` +
          `trainer; use CLASSIFICATION (sigmoid cross-entropy on 0/1 labels).`,
        task.name,
      );
    }
    const regression = task.lossType !== 'CLASSIFICATION';
    if (
      !Number.isInteger(task.numClass) ||
      task.numClass < 1 ||
      (regression && task.numClass !== 1)
    ) {
      throw new ModelError(
        'NUM_CLASS_INVALID',
        `Task "${task.name}": num_class must be 1 for ${task.lossType} and a positive integer ` +
          `for CLASSIFICATION; found ${task.numClass}.`,
        task.name,
      );
    }
    const parents = task.relationTowerNames.map((parent) => {
      const index = position.get(parent);
      if (index === undefined) {
        throw new ModelError(
          'RELATION_UNKNOWN',
          `Task "${task.name}" depends on "${parent}", which is not a task.`,
          task.name,
        );
      }
      return index;
    });
    return {
      name: task.name,
      labelName: task.labelName,
      lossType: task.lossType,
      numClass: task.numClass,
      weight: task.weight,
      parents,
      taskSpaceIndicatorLabel: task.taskSpaceIndicatorLabel,
      inTaskSpaceWeight: task.inTaskSpaceWeight,
      outTaskSpaceWeight: task.outTaskSpaceWeight,
      useSampleWeight: task.useSampleWeight,
    };
  });
}

/**
 * Builds the variables of a DBMTL model for these inputs. The seed fixes every initial value;
 * the order of creation (tables, bottom, experts, then per task tower, gate, relation, output)
 * is part of that contract.
 */
export function buildDbmtl(project: Project, inputs: InputSpec[], seed: number): DbmtlModel {
  const tasks = taskSpecs(project);
  if (inputs.length === 0) {
    throw new ModelError('NO_INPUTS', 'The model has no input features.', 'features');
  }
  const store = new ParamStore(new Random(seed));
  try {
    return buildWith(store, project, tasks, inputs);
  } catch (error) {
    store.dispose();
    throw error;
  }
}

function buildWith(
  store: ParamStore,
  project: Project,
  tasks: TaskSpec[],
  inputs: InputSpec[],
): DbmtlModel {
  const model = project.model;

  const tables = new Map<string, tf.Variable>();
  for (const input of inputs) {
    if (input.kind === 'dense' || tables.has(input.table)) continue;
    const values = embeddingInit(store.random, input.vocabSize, input.embeddingDim);
    const name = `input_layer/${input.table}_embedding/embedding_weights`;
    tables.set(
      input.table,
      store.add(name, 'embedding', values, [input.vocabSize, input.embeddingDim]),
    );
  }

  const bottom = makeMlp(store, 'bottom_dnn', model.bottomDnn, inputWidth(inputs));
  const experts: MlpParams[] = [];
  if (model.expertDnn) {
    if (!(model.numExpert > 0)) {
      throw new ModelError(
        'EXPERTS_INVALID',
        `expert_dnn is set, so num_expert must be above 0; found ${model.numExpert}.`,
        'model.numExpert',
      );
    }
    for (let e = 0; e < model.numExpert; e++) {
      experts.push(makeMlp(store, `mmoe/expert_${e}`, model.expertDnn, bottom.outputDim));
    }
  }
  const taskInputDim = experts[0]?.outputDim ?? bottom.outputDim;

  const towers: TaskParams[] = [];
  const projectTasks = new Map(project.tasks.map((t) => [t.name, t]));
  tasks.forEach((spec, i) => {
    const task = projectTasks.get(spec.name) as Task;
    const gate =
      experts.length > 0
        ? makeDense(store, `mmoe/gate_${i}`, bottom.outputDim, experts.length)
        : null;
    const tower = makeMlp(store, `${spec.name}/dnn`, task.dnn, taskInputDim);
    const relationIn =
      tower.outputDim +
      spec.parents.reduce((sum, p) => sum + (towers[p]?.relation.outputDim ?? 0), 0);
    const relation = makeMlp(store, `${spec.name}/relation_dnn`, task.relationDnn, relationIn);
    const output = makeDense(store, `${spec.name}/output`, relation.outputDim, spec.numClass);
    towers.push({ tower, relation, output, gate });
  });

  return {
    inputs,
    tasks,
    settings: {
      l2Regularization: model.l2Regularization,
      embeddingRegularization: model.embeddingRegularization,
    },
    tables,
    bottom,
    experts,
    towers,
    variables: store.all,
  };
}

export function disposeModel(model: DbmtlModel): void {
  for (const v of model.variables) v.variable.dispose();
}

export interface ForwardResult {
  /** By task, in model order: [B, numClass]. */
  logits: tf.Tensor2D[];
  /** ½ Σ of squared looked-up (pooled) embedding values over the batch; null without any. */
  embeddingSquares: tf.Scalar | null;
}

/** The input layer: every feature as a vector, concatenated in feature-group order. */
function inputLayer(
  model: DbmtlModel,
  batch: BatchTensors,
): { x: tf.Tensor2D; embedded: tf.Tensor2D[] } {
  const parts: tf.Tensor2D[] = [];
  const embedded: tf.Tensor2D[] = [];
  model.inputs.forEach((spec, i) => {
    const input = batch.inputs[i];
    if (spec.kind === 'dense' || input?.kind === 'dense') {
      if (input?.kind !== 'dense') throw new Error(`input ${spec.name}: expected dense values`);
      parts.push(input.values);
      return;
    }
    const table = model.tables.get(spec.table) as tf.Variable;
    let vector: tf.Tensor2D;
    if (spec.kind === 'id') {
      if (input?.kind !== 'id') throw new Error(`input ${spec.name}: expected ids`);
      vector = embeddingLookup(table, input.ids);
    } else {
      if (input?.kind !== 'tag') throw new Error(`input ${spec.name}: expected tag ids`);
      const items = tf.reshape(embeddingLookup(table, input.ids), [
        batch.size,
        spec.maxItems,
        spec.embeddingDim,
      ]);
      const summed = tf.sum(tf.mul(items, tf.expandDims(input.mask, 2)), 1) as tf.Tensor2D;
      // An empty cell pools to the zero vector under both combiners.
      vector =
        spec.combiner === 'mean'
          ? tf.div(summed, tf.maximum(tf.sum(input.mask, 1, true), 1))
          : summed;
    }
    parts.push(vector);
    embedded.push(vector);
  });
  return { x: concatColumns(parts), embedded };
}

/** The full forward pass: input layer, bottom, experts, towers, relations, outputs. */
export function forward(
  model: DbmtlModel,
  batch: BatchTensors,
  ctx: ForwardContext,
): ForwardResult {
  const { x, embedded } = inputLayer(model, batch);
  const bottom = applyMlp(model.bottom, x, ctx);

  const expertOutputs = model.experts.map((e) => applyMlp(e, bottom, ctx));
  // [B, numExpert, dim]: stacked once, read by every gate.
  const stacked = expertOutputs.length > 0 ? tf.stack(expertOutputs, 1) : null;

  const relations: tf.Tensor2D[] = [];
  const logits: tf.Tensor2D[] = [];
  model.tasks.forEach((task, i) => {
    const params = model.towers[i] as TaskParams;
    let taskInput = bottom;
    if (params.gate && stacked) {
      const gate = tf.softmax(applyDense(params.gate, bottom)); // [B, numExpert]
      taskInput = tf.sum(tf.mul(stacked, tf.expandDims(gate, 2)), 1) as tf.Tensor2D;
    }
    const tower = applyMlp(params.tower, taskInput, ctx);
    const parents = task.parents.map((p) => relations[p] as tf.Tensor2D);
    const relationInput = concatColumns([tower, ...parents]);
    const relation = applyMlp(params.relation, relationInput, ctx);
    relations.push(relation);
    logits.push(applyDense(params.output, relation));
  });

  let embeddingSquares: tf.Scalar | null = null;
  if (embedded.length > 0) {
    embeddingSquares = tf.mul(0.5, sumAll(embedded.map((e) => tf.sum(tf.square(e))))) as tf.Scalar;
  }
  return { logits, embeddingSquares };
}

/** Probabilities (classification) or values (regression) from logits, as EasyRec predicts. */
export function predictions(task: TaskSpec, logits: tf.Tensor2D): tf.Tensor2D {
  if (task.lossType === 'L2_LOSS') return logits;
  if (task.lossType === 'SIGMOID_L2_LOSS' || task.numClass === 1) return tf.sigmoid(logits);
  return tf.softmax(logits);
}
