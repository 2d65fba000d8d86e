import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { emptyNodeState, emptySnapshot, type RunSnapshot } from '@coinlab/shared';
import { ProgressDisplay, statusCounts } from './progress-display';
import { resultLine, resultLines, resultPorts } from './result-lines';

/** A backtest as the node outputs it: raw fractions and BTC-quoted prices, each with its kind. */
const backtest = {
  kind: 'backtest',
  rule: 'long when a rise is predicted, flat otherwise',
  stats: { totalReturn: 0.014815, buyHoldReturn: -0.0021, sharpe: 1.23456, maxDrawdown: 0.0321, trades: 1234, winRate: 0.5 },
  kinds: { stats: { totalReturn: 'percent', buyHoldReturn: 'percent', sharpe: 'ratio', maxDrawdown: 'percent', trades: 'count', winRate: 'percent' }, trades: {} },
};
const metrics = { kind: 'metrics', metrics: { auc: 0.673214, precision: 0.5, recall: 0 }, testRows: 6962, sample: 'out-of-sample' };

describe('CLI result lines', () => {
  it('formats each backtest stat by its declared kind, like the inspector and the report', () => {
    expect(resultLine('Backtest (bt)', backtest)).toBe(
      'Backtest (bt): totalReturn 1.48%, buyHoldReturn -0.21%, sharpe 1.235, maxDrawdown 3.21%, trades 1,234, winRate 50.00% (long when a rise is predicted, flat otherwise)',
    );
  });

  it('shows metrics as ratios with the scored rows as a count, and says when rows were seen in training', () => {
    expect(resultLine('Metrics', metrics)).toBe('Metrics: auc 0.6732, precision 0.5, recall 0 on 6,962 rows');
    expect(resultLine('Metrics', { ...metrics, sample: 'in-sample' })).toContain('[in-sample: scored rows the model was trained on]');
    expect(resultLine('Report', { kind: 'report', markdown: '' })).toBeNull();
  });

  it('reads only the backtest and metrics ports of nodes that finished', async () => {
    const snap: RunSnapshot = emptySnapshot('r1');
    snap.nodes = {
      bt: { ...emptyNodeState(), status: 'succeeded', outputs: { backtest: { type: 'backtest', summary: 'backtest' } } },
      m: { ...emptyNodeState(), status: 'cached', outputs: { metrics: { type: 'metrics', summary: 'metrics' } } },
      candles: { ...emptyNodeState(), status: 'succeeded', outputs: { candles: { type: 'candles', summary: 'candles' } } },
      late: { ...emptyNodeState(), status: 'failed', outputs: {} },
    };
    expect(resultPorts(snap)).toEqual([{ nodeId: 'bt', port: 'backtest' }, { nodeId: 'm', port: 'metrics' }]);
    const values: Record<string, unknown> = { bt: backtest, m: metrics };
    const lines = await resultLines(snap, { bt: 'Backtest' }, async (nodeId) => values[nodeId]);
    expect(lines).toEqual([expect.stringMatching(/^ {2}Backtest: totalReturn 1\.48%/), expect.stringMatching(/^ {2}m: auc 0\.6732/)]);
    expect(statusCounts(snap)).toBe('2 succeeded, 1 cached, 1 failed');
  });

  it('draws a running node\'s progress as a percentage on a terminal', () => {
    const out = Object.assign(new PassThrough(), { isTTY: true }) as unknown as NodeJS.WriteStream;
    let text = '';
    (out as unknown as PassThrough).on('data', (b: Buffer) => (text += b.toString()));
    const display = new ProgressDisplay('r1', out, { fit: 'Train' });
    display.onEvent({ kind: 'run.queued', runId: 'r1', seq: 1, ts: 0, nodeIds: ['fit'] } as never);
    display.onEvent({ kind: 'node.started', runId: 'r1', seq: 2, ts: 0, nodeId: 'fit', attempt: 1, signature: 's' } as never);
    display.onEvent({ kind: 'node.progress', runId: 'r1', seq: 3, ts: 0, nodeId: 'fit', progress: 0.4215, message: 'fold 2 of 5' } as never);
    display.finish();
    expect(text).toMatch(/Train\s+running .*42% fold 2 of 5/);
  });
});
