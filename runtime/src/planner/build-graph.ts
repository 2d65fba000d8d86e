import { coinLabel, graphDocumentSchema, type Catalog, type GraphDocument } from '@coinlab/shared';
import type { TemplateLibrary } from '../templates';
import { applySettings } from './apply-settings';
import { layoutGraph } from './layout';
import { directionTarget } from './targets';
import { describeHorizon } from './horizon';
import type { GoalIntent, ModelKind } from './types';

export const PLANNER_TEMPLATE = 'planned-prediction';

/** The template's node ids for each learner's branch. */
const BRANCH: Record<ModelKind, { suffix: string; label: string }> = {
  logistic_regression: { suffix: 'lr', label: 'logistic regression' },
  random_forest: { suffix: 'rf', label: 'random forest' },
};

export { directionTarget, fallTarget } from './targets';

/** The node types of the planner's template for a direction, before the goal's settings. */
export function planTypes(direction: GoalIntent['direction'], ctx: { templates: TemplateLibrary; catalog: Catalog }): string[] {
  const raw = ctx.templates.get(PLANNER_TEMPLATE);
  if (raw === undefined) return [];
  const target = directionTarget(ctx.catalog, direction);
  return graphDocumentSchema.parse(raw).nodes.map((n) => (n.id === 'target' && target ? target.type : n.type));
}

/**
 * Instantiates the planner's template for an intent: coins and dates on the loader, the
 * target, the split, the learners asked for (the other branch removed), the approval
 * mode, a report title that says what was asked; then lays it out.
 */
export function buildGraph(intent: GoalIntent, ctx: { goal: string; notes: string[]; templates: TemplateLibrary; catalog: Catalog }): GraphDocument {
  const raw = ctx.templates.get(PLANNER_TEMPLATE);
  if (raw === undefined) throw new Error(`the planner's template "${PLANNER_TEMPLATE}" is missing from templates/`);
  const doc = graphDocumentSchema.parse(raw);
  const removed = new Set<string>();
  for (const [kind, branch] of Object.entries(BRANCH) as [ModelKind, (typeof BRANCH)[ModelKind]][]) {
    if (intent.models.includes(kind)) continue;
    for (const id of [`train_${branch.suffix}`, `predict_${branch.suffix}`, `metrics_${branch.suffix}`]) removed.add(id);
  }
  const what = `${intent.direction} of ${intent.thresholdPct}% within ${describeHorizon(intent.horizonBars, intent.barMinutes)}`;
  const coins = intent.coins.map(coinLabel).join(', ');
  const target = directionTarget(ctx.catalog, intent.direction);
  const models = intent.models.map((m) => BRANCH[m].label).join(' vs ');
  // The goal's own settings ("300 trees", "0.1% fees", "5 folds") first, so the notes that
  // describe the plan (and the report's summary) include where each went.
  const templateTypes = new Set(doc.nodes.map((n) => n.type));
  const applied = applySettings({ ...doc, nodes: doc.nodes.filter((n) => !removed.has(n.id)) }, intent.settings, ctx.catalog, { mayReplace: (type) => !templateTypes.has(type) });
  ctx.notes.push(...applied.notes);
  const nodes = applied.document.nodes
    .map((n) => {
      switch (n.id) {
        case 'candles':
          return { ...n, params: { ...n.params, coins: intent.coins, ...(intent.from ? { from: intent.from } : {}), ...(intent.to ? { to: intent.to } : {}) }, label: `Load ${coins}` };
        case 'target': {
          if (!target) throw new Error(`the node catalog has no target for a ${intent.direction} of X% within H bars`);
          const params = target.params(intent.thresholdPct, intent.horizonBars);
          if (target.type === n.type) return { ...n, params: { ...n.params, ...params }, label: `Target: ${what}` };
          return { ...n, type: target.type, typeVersion: ctx.catalog.get(target.type)?.version ?? 1, params, label: `Target: ${what}` };
        }
        case 'split':
          return { ...n, params: { ...n.params, testFraction: intent.testFraction } };
        case 'approve_model':
          return { ...n, params: { ...n.params, mode: intent.approvalMode } };
        case 'report':
          return { ...n, params: { ...n.params, title: `${coins}: ${what}`, summary: `Goal: ${ctx.goal}\n\nPlan: ${ctx.notes.join('; ')}.` } };
        default:
          return n;
      }
    });
  const edges = doc.edges.filter((e) => !removed.has(e.source.node) && !removed.has(e.target.node));
  return layoutGraph({
    ...doc,
    name: `${coins}: ${what} (${models})`.slice(0, 200),
    description: `Planned from the goal: "${ctx.goal}"\n\n${ctx.notes.map((n) => `- ${n}`).join('\n')}`.slice(0, 5000),
    nodes,
    edges,
    metadata: { ...doc.metadata, tags: ['planned'], planner: { template: PLANNER_TEMPLATE, goal: ctx.goal, intent } },
  });
}
