import { randomUUID } from 'node:crypto';
import { validateGraph, formatProblem, zodProblems, type Catalog } from '@coinlab/shared';
import type { AnyNodeDefinition, LlmService as NodeLlmService, MarketDataService } from '@coinlab/nodes';
import { offlineLlm } from '@coinlab/nodes/offline';
import type { TemplateLibrary } from '../templates';
import { applySettings } from './apply-settings';
import { buildGraph, fallTarget, planTypes } from './build-graph';
import { dryRun } from './dry-run';
import { estimateLlm } from './estimate';
import { planWithLlm } from './llm-planner';
import { planOptionsSchema, type PlanOptions, type PlanResult, type PlanUsage } from './types';

export class PlanError extends Error {
  constructor(
    message: string,
    readonly problems: { path: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'PlanError';
  }
}

export interface PlannerDeps {
  catalog: Catalog;
  registry: ReadonlyMap<string, AnyNodeDefinition>;
  templates: TemplateLibrary;
  market: MarketDataService;
  /** The LLM for a planning id (charged to `plan:<id>`); absent = offline rules only. */
  llm?: (planId: string) => NodeLlmService;
  /** The configured model's name, for the estimate. */
  model?: string | null;
  /** The LLM of a planning id for the owner who plans (their provider, the team's, or the environment's); used when `plan` is told the owner. */
  llmForOwner?: (planId: string, ownerId: string) => Promise<{ llm: NodeLlmService; model: string | null }>;
}

/**
 * Goal text -> a complete, valid, laid-out graph (or a clarification). The offline rules
 * always read the goal first: they settle the coins, target and dates, and ask when the
 * goal is ambiguous. With an LLM the graph is then designed by the model (validated,
 * repaired, bounded), falling back to the rules' template with a note. Before handing
 * over: a dry run on a sample of the data and an estimate of the run's LLM spend.
 */
export class Planner {
  constructor(private readonly deps: PlannerDeps) {}

  /** The node catalog plans are drawn from (results are read with it too). */
  get catalog(): Catalog {
    return this.deps.catalog;
  }

  async plan(input: PlanOptions, opts: { signal?: AbortSignal; planId?: string; ownerId?: string } = {}): Promise<PlanResult> {
    const parsed = planOptionsSchema.safeParse(input);
    if (!parsed.success) {
      const problems = zodProblems(parsed.error);
      throw new PlanError(problems.map((p) => `${p.path}: ${p.message}`).join('; '), problems);
    }
    const o = parsed.data;
    const planId = opts.planId ?? randomUUID();
    // The goal reader (chrono-node, compromise) is loaded on the first plan: a process that
    // never plans (a headless `coinlab run`) does not pay its start-up time and memory.
    const [coins, { understandGoal }] = await Promise.all([this.deps.market.listCoins(), import('./understand')]);
    const understood = understandGoal({
      goal: o.goal,
      answers: o.answers,
      preferences: o.preferences,
      coins,
      supportsFall: fallTarget(this.deps.catalog) !== null,
      catalog: this.deps.catalog,
      planTypes: (direction) => planTypes(direction, this.deps),
    });
    if ('error' in understood) throw new PlanError(understood.error);
    if (!understood.ok) return { status: 'clarification', planId, goal: o.goal, clarification: understood.clarification, partial: understood.partial, notes: understood.notes };

    const { intent } = understood;
    const notes = [...understood.notes];
    let document = buildGraph(intent, { goal: o.goal, notes, templates: this.deps.templates, catalog: this.deps.catalog });
    let planner: 'offline' | 'llm' = 'offline';
    const usage: PlanUsage = { inputTokens: 0, outputTokens: 0, costUsd: 0, calls: 0 };
    const owned = opts.ownerId && this.deps.llmForOwner ? await this.deps.llmForOwner(planId, opts.ownerId) : null;
    const llm = owned?.llm ?? this.deps.llm?.(planId) ?? offlineLlm;
    const model = owned ? owned.model : (this.deps.model ?? null);
    if (o.useLlm && llm.available) {
      const r = await planWithLlm({ goal: o.goal, intent, example: document, catalog: this.deps.catalog, llm, templates: this.deps.templates.list(), ...(opts.signal ? { signal: opts.signal } : {}) });
      Object.assign(usage, { inputTokens: r.usage.inputTokens, outputTokens: r.usage.outputTokens, costUsd: r.usage.costUsd, calls: r.usage.calls });
      if (r.document) {
        // The goal's settings hold whatever designed the graph: written onto the LLM's nodes too.
        const applied = applySettings(r.document, intent.settings, this.deps.catalog, { mayReplace: () => false });
        document = { ...applied.document, metadata: { ...r.document.metadata, tags: ['planned'], planner: { planner: 'llm', goal: o.goal, intent } } };
        notes.push(...applied.notes.filter((n) => !notes.includes(n)));
        planner = 'llm';
        notes.push(`designed by the LLM (${r.rounds.length} round${r.rounds.length === 1 ? '' : 's'})`);
      } else {
        notes.push(`the LLM did not produce a valid graph (${r.rounds.join('; ')}): used the offline rules' template instead`);
      }
    } else if (o.useLlm) {
      notes.push(`offline planning (${llm.describe()})`);
    }

    // Whatever designed it, the graph is checked like any other before it is handed over.
    const checked = validateGraph(document, this.deps.catalog);
    if (!checked.ok) throw new PlanError(`the planned graph is invalid: ${checked.problems.slice(0, 5).map(formatProblem).join('; ')}`, checked.problems.map((p) => ({ path: p.path, message: p.message })));
    document = checked.graph;
    const report = o.dryRun ? await dryRun(document, { catalog: this.deps.catalog, registry: this.deps.registry, market: this.deps.market, sampleBars: o.sampleBars }) : null;
    if (report && !report.ok) notes.push(`the dry run failed: ${report.error ?? 'unknown error'}`);
    else if (report?.retries.length) notes.push(`dry run: ${report.retries.length} smaller sample(s) were not enough (${report.retries[0]}); passed on ${report.sampleBars === null ? 'the whole range' : `the last ${report.sampleBars} bars`}`);
    const estimate = estimateLlm(document, llm, model, this.deps.catalog);
    return { status: 'planned', planId, goal: o.goal, planner, intent, document, notes, dryRun: report, estimate, usage };
  }
}
