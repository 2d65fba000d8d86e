import { useCallback, useState, type FormEvent } from 'react';
import { useLiveList } from '../automations/use-live-list';
import { ApiError } from '../api/http';
import { useGraphStore } from '../stores/graph-store';
import { browserTimeZone } from './schedules-api';
import { LastRunLink } from './LastRunLink';
import { UnattendedWarnings, type UnattendedNotice } from './UnattendedWarnings';
import { createRefreshSchedule, dataTriggersApi, parsePairs, type DataTrigger } from './data-automations-api';

const problemText = (err: unknown) => (err instanceof ApiError && err.problems.length ? err.problems.map((p) => `${p.path}: ${p.message}`).join('; ') : err instanceof Error ? err.message : String(err));

/**
 * Data automations under the schedules: a refresh schedule (pairs fetched from the exchange on a
 * cron), and "run on new data" for the open saved graph, with its triggers listed.
 */
export function DataAutomations({ onScheduled }: { onScheduled: () => void }) {
  const graphId = useGraphStore((s) => s.graphId);
  const graphName = useGraphStore((s) => s.meta.name);
  const [triggers, setTriggers] = useState<DataTrigger[] | null>(null);
  const [pairs, setPairs] = useState('ETH/BTC');
  const [cron, setCron] = useState('*/5 * * * *');
  const [message, setMessage] = useState<{ tone: 'ok' | 'bad'; text: string } | null>(null);
  // Stays until dismissed or the next trigger is made: what it says must be acted on in the graph.
  const [warnings, setWarnings] = useState<UnattendedNotice | null>(null);

  const load = useCallback(async () => {
    try {
      const rows = await dataTriggersApi.list();
      setTriggers(rows);
      return rows.map((x) => x.lastRunId);
    } catch (err) {
      setMessage({ tone: 'bad', text: `Cannot list the data triggers: ${problemText(err)}` });
    }
  }, []);
  useLiveList(load, 'trigger');

  const act = async (what: string, fn: () => Promise<unknown>, ok?: string) => {
    try {
      await fn();
      setMessage(ok ? { tone: 'ok', text: ok } : null);
    } catch (err) {
      setMessage({ tone: 'bad', text: `${what}: ${problemText(err)}` });
    }
    await load();
  };

  const refresh = async (e: FormEvent) => {
    e.preventDefault();
    const list = parsePairs(pairs);
    await act('Refresh', async () => {
      await createRefreshSchedule({ name: `refresh ${list.join(', ')}`, cron: cron.trim(), timezone: browserTimeZone(), pairs: list });
      onScheduled();
    }, `Refreshing ${list.join(', ')} on "${cron.trim()}"`);
  };

  const runOnNewData = async () => {
    if (!graphId) return;
    setWarnings(null);
    await act('New-data trigger', async () => {
      const { trigger, warnings: lines } = await dataTriggersApi.create({ name: graphName || 'graph', graphId });
      if (lines.length > 0) setWarnings({ name: trigger.name, lines });
    }, `“${graphName}” runs when new candles arrive for its coins`);
  };

  return (
    <div className="data-automations" data-testid="data-automations">
      <h3 className="automations-subhead">Data: refresh from the exchange, run on new candles</h3>
      <form className="data-automation-form" onSubmit={(e) => void refresh(e)}>
        <span className="muted">Refresh data from binance</span>
        <label>
          pairs <input aria-label="Pairs" value={pairs} onChange={(e) => setPairs(e.target.value)} size={22} spellCheck={false} />
        </label>
        <label>
          cron <input aria-label="Refresh cron expression" value={cron} onChange={(e) => setCron(e.target.value)} size={14} spellCheck={false} />
        </label>
        <button type="submit">Schedule refresh</button>
        {graphId ? (
          <button type="button" onClick={() => void runOnNewData()}>
            Run “{graphName}” on new data
          </button>
        ) : null}
      </form>
      {message && (
        <div className={`data-automation-message ${message.tone}`} role="status">
          {message.text}
        </div>
      )}
      {warnings && <UnattendedWarnings notice={warnings} onDismiss={() => setWarnings(null)} testId="trigger-warnings" />}
      {triggers && triggers.length > 0 && (
        <table className="trigger-table">
          <thead>
            <tr>
              <th>On new data</th>
              <th>Coins</th>
              <th>Newest bar seen</th>
              <th>Last</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {triggers.map((t) => (
              <tr key={t.id} data-trigger={t.id} className={t.paused ? 'paused' : ''}>
                <td>{t.name}</td>
                <td>{t.coins.join(', ')}</td>
                <td className="muted">{t.paused ? 'paused' : (t.watermark ?? '—')}</td>
                <td className="last-result">
                  <LastRunLink runId={t.lastRunId} status={t.lastRunStatus} />
                </td>
                <td className="trigger-actions">
                  {t.paused ? (
                    <button onClick={() => void act('Resume', () => dataTriggersApi.resume(t.id))}>Resume</button>
                  ) : (
                    <button onClick={() => void act('Pause', () => dataTriggersApi.pause(t.id))}>Pause</button>
                  )}
                  <button aria-label={`Delete trigger ${t.name}`} onClick={() => void act('Delete', () => dataTriggersApi.remove(t.id))}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
