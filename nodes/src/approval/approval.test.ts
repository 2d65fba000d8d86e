import { describe, expect, it } from 'vitest';
import { graphDocumentSchema, pausingGates, type InteractionRequest } from '@coinlab/shared';
import { catalog } from '../catalog';
import { registry } from '../registry';
import { executeNode } from '../lib/execute-node';
import { createMemoryServices } from '../offline/memory-services';
import type { ComparisonValue, PredictionsValue } from '../port-values';
import type { InteractionService } from '../services';
import gate from './gate.node.ts';
import modelChoice from './model-choice.node.ts';

const comparison: ComparisonValue = {
  kind: 'comparison',
  metric: 'auc',
  higherIsBetter: true,
  rows: [
    { model: 'random_forest_classifier', algorithm: 'random_forest_classifier', metrics: { auc: 0.68, f1: 0.07 } },
    { model: 'logistic_regression', algorithm: 'logistic_regression', metrics: { auc: 0.53, f1: 0.08 } },
  ],
  best: 'random_forest_classifier',
  reason: 'highest ROC-AUC',
  charts: [],
};
const preds = (model: string): PredictionsValue => ({ kind: 'predictions', model, task: 'classification', groups: [{ coin: 'ETH_BTC', ts: [1], columns: { score: [0.5], actual: [1] } }] });

/** Memory services whose interactions record the request and answer as told. */
function services(answer: (r: InteractionRequest) => { decision: string; value?: unknown; reason?: string; by?: string }) {
  const asked: Parameters<InteractionService['ask']>[0][] = [];
  const s = createMemoryServices();
  s.interactions = { ask: async (req) => (asked.push(req), answer({ ...req, interactionId: 'i', expiresAt: null } as InteractionRequest)) };
  return { s, asked };
}

describe('approval.gate', () => {
  it('automatic mode never asks', async () => {
    const { s, asked } = services(() => ({ decision: 'reject' }));
    const { outputs } = await executeNode(gate, { params: { mode: 'automatic' }, inputs: { value: 42, context: undefined }, services: s });
    expect(asked).toHaveLength(0);
    expect(outputs).toMatchObject({ value: 42, decision: { decision: 'approve', by: 'automatic' } });
  });

  it('maps the settings onto the request: required waits, optional continues on silence', async () => {
    const { s, asked } = services(() => ({ decision: 'approve', by: 'ann' }));
    await executeNode(gate, { params: { mode: 'required', timeoutSeconds: 0, defaultAction: 'stop' }, inputs: { value: 1, context: undefined }, services: s });
    await executeNode(gate, { params: { mode: 'required', timeoutSeconds: 30, defaultAction: 'continue' }, inputs: { value: 1, context: undefined }, services: s });
    await executeNode(gate, { params: { mode: 'optional' }, inputs: { value: 1, context: undefined }, services: s });
    expect(asked.map((r) => [r.timeoutSeconds, r.defaultAction])).toEqual([[null, 'reject'], [30, 'approve'], [300, 'approve']]);
    expect(asked[0]).toMatchObject({ key: 'approval', kind: 'approval', allowOverride: false });
  });

  it('a rejection stops the branch with who and why; an override passes the new value on', async () => {
    const rejecting = services(() => ({ decision: 'reject', by: 'bob', reason: 'too risky' }));
    await expect(executeNode(gate, { params: {}, inputs: { value: 1, context: undefined }, services: rejecting.s })).rejects.toThrow(expect.objectContaining({ name: 'ApprovalStoppedError', reason: 'rejected by bob: too risky' }));
    const overriding = services(() => ({ decision: 'override', value: { threshold: 0.6 }, reason: 'tighter', by: 'cy' }));
    const { outputs } = await executeNode(gate, { params: { allowOverride: true }, inputs: { value: 1, context: undefined }, services: overriding.s });
    expect(outputs).toMatchObject({ value: { threshold: 0.6 }, decision: { decision: 'override', reason: 'tighter' } });
  });
});

describe('approval.model_choice', () => {
  it('shows the comparison and passes the recommended model\'s predictions on approval', async () => {
    const { s, asked } = services(() => ({ decision: 'approve', by: 'ann' }));
    const { outputs } = await executeNode(modelChoice, { params: {}, inputs: { comparison, predictions: [preds('logistic_regression'), preds('random_forest_classifier')] }, services: s });
    const ctx = asked[0]!.context as { choices: string[]; markdown: string; recommended: string };
    expect(ctx.choices).toEqual(['random_forest_classifier', 'logistic_regression']);
    expect(ctx.markdown).toContain('| random_forest_classifier (recommended) | random_forest_classifier | 0.68 | 0.07 |');
    expect(asked[0]!.allowOverride).toBe(true);
    expect(outputs.choice).toBe('random_forest_classifier');
    expect(outputs.predictions.model).toBe('random_forest_classifier');
    expect(outputs.comparison).toBe(comparison);
  });

  it('an override sends the other model downstream and says so in the comparison', async () => {
    const { s } = services(() => ({ decision: 'override', value: 'logistic_regression', reason: 'explainable', by: 'dee' }));
    const { outputs } = await executeNode(modelChoice, { params: {}, inputs: { comparison, predictions: [preds('random_forest_classifier'), preds('logistic_regression')] }, services: s });
    expect(outputs.choice).toBe('logistic_regression');
    expect(outputs.predictions.model).toBe('logistic_regression');
    expect(outputs.decision).toMatchObject({ decision: 'override', model: 'logistic_regression', recommended: 'random_forest_classifier', by: 'dee' });
    expect(outputs.comparison).toMatchObject({ best: 'logistic_regression', reason: 'chosen by dee over the recommended random_forest_classifier: explainable' });
  });

  it('needs the predictions of the compared models', async () => {
    const { s } = services(() => ({ decision: 'approve' }));
    await expect(executeNode(modelChoice, { params: {}, inputs: { comparison, predictions: [] }, services: s })).rejects.toThrow(/inputs.predictions: connect the predictions/);
  });
});

describe('approvalPause: how a gate holds up a run, as the catalog tells it', () => {
  const pauseOf = (type: string, params: Record<string, unknown>) => {
    const entry = catalog.get(type)!;
    return entry.approvalPause!(entry.params.parse(params));
  };

  it('every approval node declares it, and the catalog carries it', () => {
    const approvalTypes = registry.filter((n) => n.ui.category === 'approval').map((n) => n.type);
    expect(approvalTypes.sort()).toEqual(['approval.gate', 'approval.model_choice']);
    for (const type of approvalTypes) expect(typeof catalog.get(type)?.approvalPause, type).toBe('function');
    expect(catalog.get('utility.wait')?.approvalPause).toBeUndefined();
  });

  it('reads the settings as decide asks with them', () => {
    for (const type of ['approval.gate', 'approval.model_choice']) {
      // The defaults: required, no timeout — waits for a person for ever.
      expect(pauseOf(type, {}), type).toEqual({ kind: 'person', stopsAfterSeconds: null });
      expect(pauseOf(type, { mode: 'automatic' })).toEqual({ kind: 'never' });
      expect(pauseOf(type, { mode: 'optional' })).toEqual({ kind: 'review', continuesAfterSeconds: 300 });
      expect(pauseOf(type, { mode: 'optional', timeoutSeconds: 20 })).toEqual({ kind: 'review', continuesAfterSeconds: 20 });
      expect(pauseOf(type, { mode: 'required', timeoutSeconds: 60, defaultAction: 'continue' })).toEqual({ kind: 'review', continuesAfterSeconds: 60 });
      expect(pauseOf(type, { mode: 'required', timeoutSeconds: 60, defaultAction: 'stop' })).toEqual({ kind: 'person', stopsAfterSeconds: 60 });
      // No timeout: the default action never comes into play.
      expect(pauseOf(type, { mode: 'required', timeoutSeconds: 0, defaultAction: 'continue' })).toEqual({ kind: 'person', stopsAfterSeconds: null });
    }
  });

  it('pausingGates names the gates of a graph that pause, with their title, in document order', () => {
    const doc = graphDocumentSchema.parse({
      version: 2,
      nodes: [
        { id: 'auto', type: 'approval.gate', typeVersion: 1, params: { mode: 'automatic' } },
        { id: 'wait', type: 'utility.wait', typeVersion: 1, params: {} },
        { id: 'pick', type: 'approval.model_choice', typeVersion: 1, params: {}, label: 'Pick the model' },
        { id: 'look', type: 'approval.gate', typeVersion: 1, params: { mode: 'optional' } },
        { id: 'broken', type: 'approval.gate', typeVersion: 1, params: { mode: 'sometimes' } },
      ],
      edges: [],
    });
    expect(pausingGates(doc, catalog)).toEqual([
      { nodeId: 'pick', title: 'Pick the model', pause: { kind: 'person', stopsAfterSeconds: null } },
      { nodeId: 'look', title: 'Approval gate', pause: { kind: 'review', continuesAfterSeconds: 300 } },
    ]);
  });
});
