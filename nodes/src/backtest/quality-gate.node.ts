import { z } from 'zod';
import { BranchStoppedError, defineNode } from '../define';
import { port } from '../port';

/**
 * Thrown to stop a branch at a failed gate: the node shows as stopped with every failed
 * criterion and the parameter it broke, its dependents are skipped, and the run still
 * succeeds (a gate doing its job is not an error). Never retried.
 */
export class QualityGateError extends BranchStoppedError {
  constructor(readonly reasons: string[]) {
    super(`quality gate not passed: ${reasons.join('; ')}`);
    this.name = 'QualityGateError';
  }
}

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

export default defineNode({
  type: 'backtest.quality_gate',
  version: 1,
  ui: {
    title: 'Quality gate',
    category: 'backtest',
    description: 'Passes a backtest on when it meets every threshold (win rate, Sharpe, drawdown, trades); otherwise stops the branch with the reasons, or marks it failed and passes it on.',
    params: {
      onFail: { help: '"stop" stops this branch so nothing downstream runs; "mark" passes the backtest on with gate.passed = false.' },
    },
  },
  params: z.object({
    minWinRate: z.number().min(0).max(1).nullable().default(0.5),
    minSharpe: z.number().nullable().default(0),
    maxDrawdown: z.number().min(0).max(1).nullable().default(0.2),
    minTrades: z.number().int().min(0).nullable().default(10),
    onFail: z.enum(['stop', 'mark']).default('stop'),
  }),
  inputs: { backtest: port.backtest },
  outputs: { backtest: port.backtest },
  cache: 'pure',
  retries: 0,
  async execute({ params, inputs, log }) {
    const s = inputs.backtest.stats;
    const reasons: string[] = [];
    const stat = (k: string) => s[k] ?? Number.NaN;
    if (params.minTrades !== null && !(stat('trades') >= params.minTrades)) reasons.push(`${stat('trades')} trades is below params.minTrades ${params.minTrades}`);
    if (params.minWinRate !== null && !(stat('winRate') >= params.minWinRate)) reasons.push(`win rate ${pct(stat('winRate'))} is below params.minWinRate ${pct(params.minWinRate)}`);
    if (params.minSharpe !== null && !(stat('sharpe') >= params.minSharpe)) reasons.push(`Sharpe ${stat('sharpe').toFixed(3)} is below params.minSharpe ${params.minSharpe}`);
    if (params.maxDrawdown !== null && !(stat('maxDrawdown') <= params.maxDrawdown)) reasons.push(`max drawdown ${pct(stat('maxDrawdown'))} exceeds params.maxDrawdown ${pct(params.maxDrawdown)}`);
    const passed = reasons.length === 0;
    if (!passed && params.onFail === 'stop') throw new QualityGateError(reasons);
    log(passed ? 'info' : 'warn', passed ? 'quality gate passed' : `quality gate failed: ${reasons.join('; ')}`);
    return { backtest: { ...inputs.backtest, gate: { passed, reasons } } };
  },
});
