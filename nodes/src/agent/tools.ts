import { z } from 'zod';
import type { CandlesValue, CoinFrame } from '@coinlab/shared';
import { agentTool, type AgentTool, type NodeServices } from '../services';
import { executeNode } from '../lib/execute-node';
import type { MetricsValue } from '../port-values';
import { Workspace } from './workspace';

/**
 * The agent's tools: the node library's own functions (each runs the node definition the
 * canvas would), with zod schemas the model fills in. Results are compact JSON; bulky
 * values stay in the workspace under a handle the model passes back.
 */
export const AGENT_TOOL_NAMES = ['list_coins', 'fetch_data', 'compute_indicator', 'compute_custom_feature', 'build_dataset', 'train_model', 'evaluate_model', 'compare_models'] as const;
export type AgentToolName = (typeof AGENT_TOOL_NAMES)[number];

const INDICATORS = ['sma', 'ema', 'rsi', 'macd', 'bbands', 'atr', 'stoch', 'obv', 'roc'] as const;
const round = (x: number | undefined, digits = 6) => (x === undefined || !Number.isFinite(x) ? null : Number(x.toPrecision(digits)));
const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

function stats(values: readonly number[]) {
  let n = 0, sum = 0, min = Infinity, max = -Infinity, last = Number.NaN;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    n++; sum += v; last = v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return n ? { count: n, mean: round(sum / n), min: round(min), max: round(max), last: round(last) } : { count: 0 };
}

function lastBars(c: CandlesValue, bars: number | undefined): CandlesValue {
  if (!bars) return c;
  return {
    ...c,
    groups: c.groups.map((g) => {
      const start = Math.max(0, g.ts.length - bars);
      const cols = Object.fromEntries(Object.entries(g.columns).map(([k, v]) => [k, v.slice(start)]));
      return { ...g, ts: g.ts.slice(start), columns: cols };
    }),
  };
}

const metricSummary = (m: MetricsValue) => ({
  model: m.model,
  algorithm: m.algorithm,
  testRows: m.testRows,
  metrics: Object.fromEntries(Object.entries(m.metrics).map(([k, v]) => [k, round(v, 4)])),
  ...(m.confusion ? { confusion: m.confusion } : {}),
});

export interface ToolEnv {
  services: NodeServices;
  signal: AbortSignal;
  workspace: Workspace;
}

export function agentTools(env: ToolEnv, only: readonly AgentToolName[] = AGENT_TOOL_NAMES): AgentTool[] {
  const { services, workspace } = env;
  const run = async <T>(load: () => Promise<{ default: T }>) => (await load()).default;
  const evaluate = async (handle: string): Promise<MetricsValue> => {
    const trained = workspace.get('models', handle);
    if (!trained.metrics) {
      const metricsNode = await run(() => import('../evaluate/metrics.node.ts'));
      trained.metrics = (await executeNode(metricsNode, { params: { charts: false }, inputs: { predictions: trained.predictions }, services, signal: env.signal })).outputs.metrics;
    }
    return trained.metrics;
  };

  const all: Record<AgentToolName, AgentTool> = {
    list_coins: agentTool({
      name: 'list_coins',
      description: 'Lists the coins (pairs) with 5-minute candles in the database: rows, first and last time, missing bars, mean and standard deviation of 5-minute returns.',
      schema: z.object({}),
      async invoke() {
        const coins = await services.market.listCoins();
        return coins.map((c) => ({ coin: c.coin, rows: c.rows, from: iso(c.firstTs), to: iso(c.lastTs), missingBars: c.gaps.missingBars, meanReturn: round(c.meanReturn ?? undefined), stdReturn: round(c.stdReturn ?? undefined) }));
      },
    }),
    fetch_data: agentTool({
      name: 'fetch_data',
      description: 'Loads 5-minute candles of one or more coins (optionally a date range, or only the last N bars) and returns a handle like "data1" for the other tools, with a summary per coin.',
      schema: z.object({
        coins: z.array(z.string().min(1)).min(1).max(10).describe('Coin symbols such as ETH_BTC'),
        from: z.string().optional().describe('ISO date, e.g. 2018-01-10'),
        to: z.string().optional().describe('ISO date'),
        lastBars: z.number().int().min(100).max(50_000).optional().describe('Keep only the most recent N bars of each coin'),
      }),
      async invoke(args, ctx) {
        const node = await run(() => import('../data/load-candles.node.ts'));
        const { outputs } = await executeNode(node, { params: { coins: args.coins, ...(args.from ? { from: args.from } : {}), ...(args.to ? { to: args.to } : {}) }, inputs: {}, services, signal: ctx.signal });
        const candles = lastBars(outputs.candles, args.lastBars);
        const handle = workspace.put('data', 'data', candles);
        return {
          handle,
          coins: candles.groups.map((g) => {
            const close = g.columns.close ?? [];
            const first = close[0], last = close[close.length - 1];
            return { coin: g.coin, rows: g.ts.length, from: iso(g.ts[0]), to: iso(g.ts[g.ts.length - 1]), firstClose: round(first), lastClose: round(last), changePct: first && last ? round((last / first - 1) * 100, 4) : null };
          }),
        };
      },
    }),
    compute_indicator: agentTool({
      name: 'compute_indicator',
      description: `Computes a technical indicator (${INDICATORS.join(', ')}) on fetched data and returns its statistics per coin (count, mean, min, max, last value).`,
      schema: z.object({
        data: z.string().describe('Handle from fetch_data, e.g. data1'),
        indicator: z.enum(INDICATORS),
        period: z.number().int().min(1).max(1000).optional().describe('Period where the indicator has one (default per indicator)'),
      }),
      async invoke(args, ctx) {
        const candles = workspace.get('data', args.data);
        const loaders = {
          sma: () => import('../indicator/sma.node.ts'),
          ema: () => import('../indicator/ema.node.ts'),
          rsi: () => import('../indicator/rsi.node.ts'),
          macd: () => import('../indicator/macd.node.ts'),
          bbands: () => import('../indicator/bbands.node.ts'),
          atr: () => import('../indicator/atr.node.ts'),
          stoch: () => import('../indicator/stoch.node.ts'),
          obv: () => import('../indicator/obv.node.ts'),
          roc: () => import('../indicator/roc.node.ts'),
        } as const;
        const node = (await loaders[args.indicator]()).default as unknown as Parameters<typeof executeNode>[0];
        const shape = (node.params as unknown as { shape?: Record<string, unknown> }).shape ?? {};
        const params = args.period !== undefined && 'period' in shape ? { period: args.period } : {};
        const { outputs } = await executeNode(node, { params, inputs: { candles } as never, services, signal: ctx.signal });
        const result: Record<string, unknown> = {};
        for (const [port, value] of Object.entries(outputs as Record<string, { groups?: CoinFrame[] }>)) {
          result[port] = Object.fromEntries((value.groups ?? []).map((g) => [g.coin, Object.fromEntries(Object.entries(g.columns).map(([col, v]) => [col, stats(v)]))]));
        }
        return { indicator: args.indicator, params, outputs: result };
      },
    }),
    compute_custom_feature: agentTool({
      name: 'compute_custom_feature',
      description:
        'Computes a feature the indicators lack with your own JavaScript, run in a sandbox (no files, no network; time and memory limits) once per coin: the code is the body of a function where open, high, low, close, volume and ts are arrays of the coin\'s bars, oldest first, and must return one number per bar (use only bars up to i for bar i). Returns its statistics per coin and a handle like "feature4" that build_dataset takes in extraFeatures. An error names the line of the code.',
      schema: z.object({
        data: z.string().describe('Handle from fetch_data'),
        name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/).describe('Column name of the feature, e.g. range_pct'),
        code: z.string().min(1).max(5_000).describe('Function body, e.g. "return close.map((c, i) => (high[i] - low[i]) / c);"'),
      }),
      async invoke(args, ctx) {
        const candles = workspace.get('data', args.data);
        const node = await run(() => import('../code/custom-feature.node.ts'));
        // The node's own limits (2 s, 64 MB): an agent's code is held to what a person's is.
        const params = node.params.parse({ name: args.name, code: args.code });
        const { outputs } = await executeNode(node, { params, inputs: { candles }, services, signal: ctx.signal });
        const handle = workspace.put('indicators', 'feature', outputs.series);
        return { handle, name: args.name, coins: Object.fromEntries(outputs.series.groups.map((g) => [g.coin, stats(g.columns[args.name] ?? [])])) };
      },
    }),
    build_dataset: agentTool({
      name: 'build_dataset',
      description: 'Builds a training dataset from fetched data: the 12 standard features (returns, SMA ratio, MACD, RSI, %B, ATR, stochastic, volume z-score) and a target, either "rise_within" (max close over the next `horizon` bars >= (1 + risePct%) x close) or "return_up" (return over `horizon` bars > 0). Returns a handle like "dataset2".',
      schema: z.object({
        data: z.string().describe('Handle from fetch_data'),
        target: z.enum(['rise_within', 'return_up']).default('rise_within'),
        horizon: z.number().int().min(1).max(2000).default(12).describe('Bars ahead (12 five-minute bars = 1 hour)'),
        risePct: z.number().gt(0).max(100).default(1).describe('Rise in percent for rise_within'),
        extraFeatures: z.array(z.string()).max(10).default([]).describe('Handles from compute_custom_feature to add as features'),
      }),
      async invoke(args, ctx) {
        const candles = workspace.get('data', args.data);
        const featureNode = await run(() => import('../feature/feature-set.node.ts'));
        const datasetNode = await run(() => import('../feature/dataset.node.ts'));
        const features = (await executeNode(featureNode, { inputs: { candles }, services, signal: ctx.signal })).outputs.features;
        const target =
          args.target === 'rise_within'
            ? (await executeNode(await run(() => import('../target/rise-within.node.ts')), { params: { horizon: args.horizon, risePct: args.risePct }, inputs: { candles }, services, signal: ctx.signal })).outputs.target
            : (await executeNode(await run(() => import('../target/return-up.node.ts')), { params: { horizon: args.horizon }, inputs: { candles }, services, signal: ctx.signal })).outputs.target;
        const extra = args.extraFeatures.map((h) => workspace.get('indicators', h));
        const { dataset } = (await executeNode(datasetNode, { inputs: { features, target, extra }, services, signal: ctx.signal })).outputs;
        const handle = workspace.put('datasets', 'dataset', dataset);
        return {
          handle,
          task: dataset.task,
          target: dataset.target,
          features: dataset.features,
          coins: dataset.groups.map((g) => {
            const y = g.columns[dataset.target] ?? [];
            const pos = y.filter((v) => v === 1).length;
            return { coin: g.coin, rows: g.ts.length, positiveRate: y.length ? round(pos / y.length, 4) : null };
          }),
        };
      },
    }),
    train_model: agentTool({
      name: 'train_model',
      description: 'Trains a classifier on a dataset with a chronological train/test split (the last `testFraction` of rows, with a purge gap of the target horizon) and scores the test rows. Returns a model handle like "model3".',
      schema: z.object({
        dataset: z.string().describe('Handle from build_dataset'),
        algorithm: z.enum(['logistic_regression', 'random_forest']),
        testFraction: z.number().min(0.05).max(0.5).default(0.2),
        nTrees: z.number().int().min(1).max(300).default(50).describe('random_forest only'),
        maxDepth: z.number().int().min(1).max(30).default(8).describe('random_forest only'),
      }),
      async invoke(args, ctx) {
        const dataset = workspace.get('datasets', args.dataset);
        const split = await run(() => import('../split/train-test.node.ts'));
        const predict = await run(() => import('../train/predict.node.ts'));
        const { splits } = (await executeNode(split, { params: { testFraction: args.testFraction }, inputs: { dataset }, services, signal: ctx.signal })).outputs;
        const model =
          args.algorithm === 'logistic_regression'
            ? (await executeNode(await run(() => import('../train/logistic-regression.node.ts')), { params: { classWeight: 'balanced' }, inputs: { splits }, services, signal: ctx.signal })).outputs.model
            : (await executeNode(await run(() => import('../train/random-forest-classifier.node.ts')), { params: { nTrees: args.nTrees, maxDepth: args.maxDepth }, inputs: { splits }, services, signal: ctx.signal })).outputs.model;
        const { predictions } = (await executeNode(predict, { inputs: { model, splits, dataset: undefined }, services, signal: ctx.signal })).outputs;
        const handle = workspace.put('models', 'model', { model, predictions });
        return { handle, name: model.name, algorithm: model.algorithm, trainRows: model.trainRows, features: model.features.length };
      },
    }),
    evaluate_model: agentTool({
      name: 'evaluate_model',
      description: 'Scores a trained model on its test rows: ROC-AUC, PR-AUC, accuracy, precision, recall, F1, log loss, Brier score and the confusion matrix.',
      schema: z.object({ model: z.string().describe('Handle from train_model') }),
      async invoke(args) {
        return metricSummary(await evaluate(args.model));
      },
    }),
    compare_models: agentTool({
      name: 'compare_models',
      description: 'Compares trained models in one table ranked by a metric (auc, prAuc, f1, accuracy, logLoss...) and names the best with the reason.',
      schema: z.object({ models: z.array(z.string()).min(1).max(10).describe('Model handles'), metric: z.string().default('auc') }),
      async invoke(args, ctx) {
        const metrics: MetricsValue[] = [];
        for (const h of args.models) metrics.push(await evaluate(h));
        const compare = await run(() => import('../evaluate/compare.node.ts'));
        const { comparison } = (await executeNode(compare, { params: { metric: args.metric, chart: false }, inputs: { metrics }, services, signal: ctx.signal })).outputs;
        return { metric: comparison.metric, best: comparison.best, reason: comparison.reason, rows: comparison.rows.map((r) => ({ model: r.model, algorithm: r.algorithm, [comparison.metric]: round(r.metrics[comparison.metric], 4) })) };
      },
    }),
  };
  return only.map((n) => all[n]);
}
