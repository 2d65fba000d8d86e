import { useCallback, useState, type FormEvent } from 'react';
import { useLiveList } from '../automations/use-live-list';
import { ApiError } from '../api/http';
import { useGraphStore } from '../stores/graph-store';
import { browserTimeZone, formatFireTime, schedulesApi, type Schedule } from './schedules-api';
import { DataAutomations } from './DataAutomations';
import { LastRunLink } from './LastRunLink';
import { UnattendedWarnings, type UnattendedNotice } from './UnattendedWarnings';
import './schedules-panel.css';


/**
 * Schedules: every stored one with its next fire time (in its own zone) and its last result (the
 * status of the run it last started, a link to that run), and a form to run the open saved
 * graph on a cron expression. Pause, resume, delete per row.
 */
export function SchedulesPanel() {
  const graphId = useGraphStore((s) => s.graphId);
  const graphName = useGraphStore((s) => s.meta.name);
  const [schedules, setSchedules] = useState<Schedule[] | null>(null);
  const [message, setMessage] = useState<{ tone: 'ok' | 'bad'; text: string } | null>(null);
  // Stays until dismissed or the next schedule is made: what it says must be acted on in the graph.
  const [warnings, setWarnings] = useState<UnattendedNotice | null>(null);
  const [cron, setCron] = useState('0 * * * *');
  const [timezone, setTimezone] = useState(browserTimeZone);
  const [overlap, setOverlap] = useState<Schedule['overlap']>('skip');
  const [catchUp, setCatchUp] = useState<Schedule['catchUp']>('once');
  const [pinned, setPinned] = useState(false);
  const savedVersion = useGraphStore((s) => s.savedVersion);
  const localZone = browserTimeZone();

  const load = useCallback(async () => {
    try {
      const rows = await schedulesApi.list();
      setSchedules(rows);
      return rows.map((x) => x.lastRunId);
    } catch (err) {
      setMessage({ tone: 'bad', text: `Cannot list the schedules: ${err instanceof Error ? err.message : String(err)}` });
    }
  }, []);
  useLiveList(load, 'schedule');

  const act = async (what: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
      setMessage(null);
    } catch (err) {
      setMessage({ tone: 'bad', text: `${what}: ${err instanceof Error ? err.message : String(err)}` });
    }
    await load();
  };

  const create = async (e: FormEvent) => {
    e.preventDefault();
    if (!graphId) return;
    setWarnings(null);
    try {
      const { schedule: s, warnings: lines } = await schedulesApi.create({ name: graphName || 'schedule', graphId, graphVersion: pinned ? savedVersion : null, cron: cron.trim(), timezone: timezone.trim(), overlap, catchUp });
      setMessage({ tone: 'ok', text: `Scheduled "${s.name}": next ${s.nextFireAt ? formatFireTime(s.nextFireAt, s.timezone) : 'never'}` });
      if (lines.length > 0) setWarnings({ name: s.name, lines });
    } catch (err) {
      const fields = err instanceof ApiError && err.problems.length ? err.problems.map((p) => `${p.path}: ${p.message}`).join('; ') : err instanceof Error ? err.message : String(err);
      setMessage({ tone: 'bad', text: fields });
    }
    await load();
  };

  return (
    <div className="schedules-panel" data-testid="schedules-panel">
      <h3 className="automations-subhead">Scheduled runs</h3>
      <form className="schedule-form" onSubmit={(e) => void create(e)}>
        {graphId ? (
          <>
            <span className="muted">Run “{graphName}”</span>
            <label>
              cron <input aria-label="Cron expression" value={cron} onChange={(e) => setCron(e.target.value)} size={16} spellCheck={false} />
            </label>
            <label>
              zone <input aria-label="Time zone" value={timezone} onChange={(e) => setTimezone(e.target.value)} size={18} spellCheck={false} />
            </label>
            <label>
              overlap
              <select aria-label="Overlap policy" value={overlap} onChange={(e) => setOverlap(e.target.value as Schedule['overlap'])}>
                <option value="skip">skip while running</option>
                <option value="queue">queue anyway</option>
              </select>
            </label>
            <label>
              missed
              <select aria-label="Catch-up policy" value={catchUp} onChange={(e) => setCatchUp(e.target.value as Schedule['catchUp'])}>
                <option value="once">run once for all</option>
                <option value="skip">skip them</option>
              </select>
            </label>
            <label title="Run this saved version at every fire instead of the latest">
              <input type="checkbox" checked={pinned} onChange={(e) => setPinned(e.target.checked)} /> pin v{savedVersion ?? '?'}
            </label>
            <button type="submit">Schedule</button>
          </>
        ) : (
          <span className="muted">Save the graph to schedule it.</span>
        )}
      </form>
      {message && (
        <div className={`schedule-message ${message.tone}`} role="status">
          {message.text}
        </div>
      )}
      {warnings && <UnattendedWarnings notice={warnings} onDismiss={() => setWarnings(null)} testId="schedule-warnings" />}
      {schedules && schedules.length === 0 && <div className="muted pad">No schedules yet.</div>}
      {schedules && schedules.length > 0 && (
        <table className="schedule-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Cron</th>
              <th>Next fire</th>
              <th>Last result</th>
              <th>Policies</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {schedules.map((s) => (
              <tr key={s.id} data-schedule={s.id} className={s.paused ? 'paused' : ''}>
                <td>
                  {s.name}
                  {s.graphVersion !== null ? <span className="muted"> v{s.graphVersion}</span> : null}
                  {s.refresh ? <span className="muted"> · refresh {s.refresh.exchange} {s.refresh.pairs.join(', ')}</span> : null}
                </td>
                <td>
                  <code>{s.cron}</code>
                </td>
                <td className="next-fire" title={s.nextFireAt ? `${new Date(s.nextFireAt).toLocaleString()} (your time)` : undefined}>
                  <span className="zone-time">{s.paused ? 'paused' : s.nextFireAt ? formatFireTime(s.nextFireAt, s.timezone) : 'ended'}</span>
                  {!s.paused && s.nextFireAt && s.timezone !== localZone ? <span className="muted local-time"> · {formatFireTime(s.nextFireAt, localZone)}</span> : null}
                  {s.queuedFireAt ? (
                    <div className="queued-fire" title="Overlap &quot;queue&quot;: this fire starts as soon as the previous run ends (at most one waits)">
                      1 waiting: {formatFireTime(s.queuedFireAt, s.timezone)}
                    </div>
                  ) : null}
                </td>
                <td className="last-result" data-status={s.refresh ? undefined : (s.lastRunStatus ?? undefined)}>
                  {s.lastFireAt ? (
                    <>
                      {s.refresh ? <span className={s.lastRefresh && !s.lastRefresh.ok ? 'bad' : ''}>{refreshResult(s.lastRefresh)}</span> : <LastRunLink runId={s.lastRunId} status={s.lastRunStatus} />}
                      <span className="muted last-fire"> · {formatFireTime(s.lastFireAt, s.timezone)}</span>
                    </>
                  ) : (
                    <span className="muted">not fired yet</span>
                  )}
                </td>
                <td className="muted">
                  overlap {s.overlap}, missed {s.catchUp}
                </td>
                <td className="schedule-actions">
                  {s.paused ? (
                    <button onClick={() => void act('Resume', () => schedulesApi.resume(s.id))}>Resume</button>
                  ) : (
                    <button onClick={() => void act('Pause', () => schedulesApi.pause(s.id))}>Pause</button>
                  )}
                  {/* A word, not an emoji: machines without an emoji font would show a box. */}
                  <button aria-label={`Delete schedule ${s.name}`} onClick={() => void act('Delete', () => schedulesApi.remove(s.id))}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <DataAutomations onScheduled={() => void load()} />
    </div>
  );
}

/** A refresh fire in a word: the bars it stored, or that it failed. */
function refreshResult(r: Schedule['lastRefresh']): string {
  if (!r) return 'fetching';
  if (!r.ok) return `failed${r.error ? `: ${r.error}` : ''}`;
  return `+${r.pairs.reduce((n, p) => n + p.inserted, 0)} bars`;
}
