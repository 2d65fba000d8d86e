import { useCallback, useState } from 'react';
import { useLiveList } from '../automations/use-live-list';
import { backtestWindowText, degradedText, formatReturn, paperApi, type PaperPortfolio } from './paper-api';
import { EquityCompareChart } from './EquityCompareChart';
import './paper-panel.css';


/**
 * Paper trading: each portfolio's paper equity beside what its backtest node reports, its
 * graduation checks, and step / pause / resume / stop. Portfolios are created from the API or
 * `coinlab paper start`.
 */
export function PaperPanel() {
  const [portfolios, setPortfolios] = useState<PaperPortfolio[] | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setPortfolios(await paperApi.list());
    } catch (err) {
      setMessage(`Cannot list the paper portfolios: ${err instanceof Error ? err.message : String(err)}`);
    }
  }, []);
  useLiveList(load, 'paper');
  const act = async (what: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
      setMessage(null);
    } catch (err) {
      setMessage(`${what}: ${err instanceof Error ? err.message : String(err)}`);
    }
    await load();
  };

  return (
    <div className="paper-panel" data-testid="paper-panel">
      {message && (
        <div className="paper-message bad" role="status">
          {message}
        </div>
      )}
      {portfolios && portfolios.length === 0 && <div className="muted pad">No paper portfolios. Put a promoted model on paper with `coinlab paper start`.</div>}
      {portfolios && portfolios.length > 0 && (
        <table className="paper-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Equity: paper vs backtest</th>
              <th>Paper</th>
              <th>Backtest</th>
              <th>Graduation</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {portfolios.map((p) => {
              const c = p.graduation.checks;
              return (
                <tr key={p.id} data-paper={p.id} className={p.status}>
                  <td>
                    {p.name} <span className="muted">v{p.graphVersion} · {p.coins.join(', ')} · {p.status}</span>
                    {p.lastError ? <div className="paper-error">{p.lastError}</div> : null}
                    {degradedText(p.degradation) ? <div className="paper-degraded">degraded: {degradedText(p.degradation)}</div> : null}
                  </td>
                  <td>
                    <EquityCompareChart name={p.name} paper={p.equityCurve} backtest={p.backtestCurve} />
                  </td>
                  <td className="paper-record">
                    {formatReturn(p.equity - 1)} · {p.stats.trades ?? 0} trades · Sharpe {(p.stats.sharpe ?? 0).toFixed(2)} · {p.bars} bars
                  </td>
                  <td className="paper-backtest muted">
                    {p.backtest ? `${formatReturn(p.backtest.totalReturn ?? 0)} · ${p.backtest.trades ?? 0} trades · Sharpe ${(p.backtest.sharpe ?? 0).toFixed(2)}` : '—'}
                    {p.backtestWindow ? <div className="paper-backtest-window">{backtestWindowText(p.backtestWindow)}</div> : null}
                  </td>
                  <td className={`paper-graduation${p.graduation.ready ? ' ready' : ''}`} title={`days ${c.minDays.have.toFixed(1)}/${c.minDays.need}, trades ${c.minTrades.have}/${c.minTrades.need}, Sharpe ${c.minSharpe.have.toFixed(2)}/${c.minSharpe.need}`}>
                    {p.graduation.ready ? 'ready' : `${[c.minDays, c.minTrades, c.minSharpe].filter((x) => x.met).length}/3 criteria`}
                  </td>
                  <td className="paper-actions">
                    {p.status !== 'stopped' && <button onClick={() => void act('Step', () => paperApi.step(p.id))}>Step now</button>}
                    {p.status === 'active' && <button onClick={() => void act('Pause', () => paperApi.pause(p.id))}>Pause</button>}
                    {p.status === 'paused' && <button onClick={() => void act('Resume', () => paperApi.resume(p.id))}>Resume</button>}
                    {p.status !== 'stopped' && <button onClick={() => void act('Stop', () => paperApi.stop(p.id))}>Stop</button>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}
