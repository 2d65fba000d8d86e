import { describe, expect, it } from 'vitest';
import { catalog, nodeRegistry } from '@coinlab/nodes';
import { createMemoryServices } from '@coinlab/nodes/offline';
import { marketFiles, readMarketFile } from '@coinlab/nodes/testing';
import { TemplateLibrary } from '../templates';
import { Planner } from './planner';
import type { PlanResult } from './types';

const services = createMemoryServices({ candles: marketFiles().map(readMarketFile) });
const planner = new Planner({ catalog, registry: nodeRegistry(), templates: new TemplateLibrary(), market: services.market });

type Planned = Extract<PlanResult, { status: 'planned' }>;
/** Expected params by node id (as in the planner's template), plus the loader's range and the node types. */
type Expect = Record<string, Record<string, unknown>>;

async function plan(goal: string): Promise<Planned> {
  const r = await planner.plan({ goal, dryRun: false, useLlm: false });
  expect(r.status, JSON.stringify(r)).toBe('planned');
  return r as Planned;
}
const params = (p: Planned): Record<string, Record<string, unknown>> => Object.fromEntries(p.document.nodes.map((n) => [n.id, { ...n.params, type: n.type }]));

// Goals in many words -> the params they must set. Fees and slippage go to the backtest (in bps),
// model settings to the learners, durations to the target's horizon (5-minute bars), dates to the loader.
const GOALS: [string, Expect][] = [
  ['predict when ETH/BTC rises 1.5% within 2 hours using a random forest with 300 trees, max depth 6, fees of 0.1%', {
    target: { risePct: 1.5, horizon: 24 }, train_rf: { nTrees: 300, maxDepth: 6 }, backtest: { feeBps: 10 },
  }],
  ['Does ETH/BTC drop more than 1.5% over the next 2 hours?', { target: { type: 'target.fall_within', fallPct: 1.5, horizon: 24 } }],
  ['LTC/BTC: a 30-minute horizon, 0.8% rise, 5 bps slippage and 0.05% fees', { target: { risePct: 0.8, horizon: 6 }, backtest: { slippageBps: 5, feeBps: 5 } }],
  ['with fees of 0.1%, when does XLM/BTC climb 2% in 4h?', { target: { risePct: 2, horizon: 48 }, backtest: { feeBps: 10 } }],
  ['0.2% commission per trade: will TRX/BTC jump 3 percent within a day?', { target: { risePct: 3, horizon: 288 }, backtest: { feeBps: 20 } }],
  ['forest of five hundred estimators, depth 4, ETH/BTC up 1% within an hour', { train_rf: { nTrees: 500, maxDepth: 4 }, target: { risePct: 1, horizon: 12 } }],
  ['ADA/BTC rises 1% within 90 minutes, 5 folds', { split: { type: 'split.walk_forward', folds: 5 }, target: { horizon: 18 } }],
  ['ETH/BTC +1% within 1h, only January', { candles: { from: '2018-01-01', to: '2018-01-31T23:59:59Z' } }],
  ['ETH/BTC gains 1% within an hour between Jan 5 and Jan 15 2018', { candles: { from: '2018-01-05', to: '2018-01-15' } }],
  ['ETH/BTC rising 1% within an hour from 2018-01-10 to 2018-01-20', { candles: { from: '2018-01-10', to: '2018-01-20' } }],
  ['LTC/BTC rises 1% in 3 hours since 2018-01-15 with 25% test', { candles: { from: '2018-01-15' }, split: { testFraction: 0.25 }, target: { horizon: 36 } }],
  ['ETH/BTC rises 0.5% within 45 min, 80/20 split, slippage of 2 bps', { split: { testFraction: 0.2 }, backtest: { slippageBps: 2 }, target: { risePct: 0.5, horizon: 9 } }],
  ['DASH/BTC rises 50 bps within 15 minutes, trading costs 8 bps', { target: { risePct: 0.5, horizon: 3 }, backtest: { feeBps: 8 } }],
  ['XRP/ETH: logistic regression with C 0.5, rise 1% within 12 candles', { train_lr: { C: 0.5 }, target: { horizon: 12, risePct: 1 } }],
  ['ETH/BTC falls 2% within half an hour, hold at least 6 bars', { target: { type: 'target.fall_within', fallPct: 2, horizon: 6 }, backtest: { minHoldBars: 6 } }],
  ['Can a random forest (200 trees, depth 8) tell when Litecoin jumps by 2 percent within the next 3 hours? Assume 0.075% taker fees and 3bps slippage.', {
    train_rf: { nTrees: 200, maxDepth: 8 }, target: { risePct: 2, horizon: 36 }, backtest: { feeBps: 7.5, slippageBps: 3 },
  }],
  ['ETH/BTC, 1% within 60 minutes, Jan 10 through Jan 20, ten-fold cross-validation, 150 estimators', {
    candles: { from: '2018-01-10', to: '2018-01-20' }, split: { type: 'split.walk_forward', folds: 10 }, train_rf: { nTrees: 150 }, target: { horizon: 12 },
  }],
  ['Will ADA/BTC go up 1 percent by the end of the next hour? fee 10 bps per side, minimum hold of 12 bars', { target: { risePct: 1, horizon: 12 }, backtest: { feeBps: 10, minHoldBars: 12 } }],
  ['I want a model for ETH/BTC dropping at least 1% in the coming 45 minutes, test on 30% of the data', { target: { type: 'target.fall_within', fallPct: 1, horizon: 9 }, split: { testFraction: 0.3 } }],
  ['Does dash/btc pump 5% in a week?', { candles: { coins: ['DASH_BTC'] }, target: { risePct: 5, horizon: 2016 } }],
  ['ETH/BTC 1% rise in 2h with RF max_depth=5 n_estimators=250', { train_rf: { maxDepth: 5, nTrees: 250 }, target: { horizon: 24 } }],
  ["What's the probability ETH/BTC gains 2% in the next 4 hours? Use 1000 trees and a 15% holdout.", { split: { testFraction: 0.15 }, train_rf: { nTrees: 1000 }, target: { risePct: 2, horizon: 48 } }],
  ['Train on data up to 2018-01-25 and predict LTC/BTC rising 1% within an hour', { candles: { to: '2018-01-25' } }],
  ['ETH/BTC rise 1% within an hour, decision threshold 0.6, seed 7', { backtest: { threshold: 0.6 }, train_rf: { seed: 7 } }],
];

describe('planner: the goal\'s numbers, units and dates land on node params', () => {
  it.each(GOALS)('%s', async (goal, expected) => {
    const p = await plan(goal);
    const got = params(p);
    for (const [id, want] of Object.entries(expected)) expect(got[id], `${id} in ${JSON.stringify(p.notes)}`).toMatchObject(want);
    // Every setting is explained in the notes.
    for (const s of p.intent.settings) expect(p.notes.join('\n')).toContain(`"${s.text}"`);
  });

  it('never reads a fee as the rise threshold', async () => {
    for (const goal of ['ETH/BTC rises within an hour, fees of 0.1%', 'fees 0.1%: ETH/BTC goes up within 2 hours', 'ETH/BTC with 0.25% fees, predict a rise within an hour']) {
      const p = await plan(goal);
      expect(p.intent.thresholdPct, goal).toBe(1);
      expect(params(p).backtest!.feeBps, goal).toBeGreaterThan(0);
      expect(params(p).target!.risePct, goal).toBe(1);
    }
  });

  it('reads "this week" and "last 10 days" from the end of the data', async () => {
    const end = Math.max(...readMarketFile(marketFiles().find((f) => f.includes('ETH_BTC'))!).ts);
    const p = await plan('ETH/BTC rises 1% within an hour over the last 10 days');
    expect(p.intent.from).toBe(new Date(end - 10 * 86_400_000).toISOString());
    const w = await plan('ETH/BTC rises 1% within an hour this week');
    expect(Date.parse(w.intent.from!)).toBeGreaterThan(end - 8 * 86_400_000);
    expect(Date.parse(w.intent.from!)).toBeLessThanOrEqual(end);
  });

  it('plans altcoins as every coin whose base is not bitcoin', async () => {
    const p = await plan('which altcoins rise 2% within 3 hours?');
    expect(p.intent.coins).toEqual(['ADA_BTC', 'DASH_BTC', 'ETH_BTC', 'LTC_BTC', 'TRX_BTC', 'XLM_BTC', 'XRP_ETH']);
    expect(p.notes.join('\n')).toMatch(/altcoins/);
  });

  it('says what it did not understand instead of dropping it', async () => {
    const p = await plan('ETH/BTC rises 1% within an hour, 7 hidden layers, using twitter sentiment');
    const notes = p.notes.join('\n');
    expect(notes).toMatch(/not understood: "7"/);
    expect(notes).toMatch(/not understood: "twitter sentiment"/);
    expect(p.intent.unread.length).toBe(2);
  });

  it('keeps approval automatic unless the goal or a setting asks for it', async () => {
    expect((await plan('ETH/BTC rises 1% within an hour')).intent.approvalMode).toBe('automatic');
    expect(params(await plan('ETH/BTC rises 1% within an hour')).approve_model!.mode).toBe('automatic');
    expect((await plan('ETH/BTC rises 1% within an hour, let me approve the model')).intent.approvalMode).toBe('required');
    const pref = await planner.plan({ goal: 'ETH/BTC rises 1% within an hour', preferences: { approvalMode: 'required' }, dryRun: false, useLlm: false });
    expect(pref.status === 'planned' && pref.intent.approvalMode).toBe('required');
  });

  it('does not swap in a learner the goal left out: its settings are said to be unused', async () => {
    const p = await plan('ETH/BTC rises 1% within an hour with logistic regression, 300 trees');
    expect(p.document.nodes.map((n) => n.type)).not.toContain('train.random_forest_classifier');
    expect(p.document.nodes.map((n) => n.type)).toContain('train.logistic_regression');
    expect(p.notes.join('\n')).toMatch(/"300" reads as Random forest classifier: nTrees = 300, but the plan has no such node: not applied/);
  });

  it('turns durations into bars at the data\'s own spacing (daily bars: "3 days" is 3 bars)', async () => {
    const eth = readMarketFile(marketFiles().find((f) => f.includes('ETH_BTC'))!);
    const days = eth.ts.filter((_, i) => i % 288 === 0);
    const pick = <T,>(xs: T[]) => xs.filter((_, i) => i % 288 === 0);
    const daily = { coin: 'DEMO_SP500_DAILY', ts: days, open: pick(eth.open), high: pick(eth.high), low: pick(eth.low), close: pick(eth.close), volume: pick(eth.volume) };
    const p = new Planner({ catalog, registry: nodeRegistry(), templates: new TemplateLibrary(), market: createMemoryServices({ candles: [daily] }).market });
    const r = await p.plan({ goal: 'the S&P rises 1% within 3 days', dryRun: false, useLlm: false });
    expect(r.status === 'planned' && r.intent).toMatchObject({ barMinutes: 1440, horizonBars: 3 });
    expect(r.status === 'planned' && r.document.name).toContain('within 3 days');
  });

  it('refuses a value the param does not accept, with the param\'s reason, and keeps planning', async () => {
    const p = await plan('ETH/BTC rises 1% within an hour with 5000 trees');
    expect(params(p).train_rf!.nTrees).toBe(100);
    expect(p.notes.join('\n')).toMatch(/"5000" -> Random forest classifier: nTrees = 5000 not applied/);
  });
});
