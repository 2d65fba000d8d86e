import { useEffect, useMemo, useState } from 'react';
import { onExperimentUpdate } from '../run/stream';
import { coalescedRead } from '../util/coalesced-read';
import { useUiStore } from '../stores/ui-store';
import { ExperimentForm } from './ExperimentForm';
import { ExperimentDetailView } from './ExperimentDetail';
import { experimentsApi, type ExperimentDetail } from './experiments-api';
import { bestObjective } from './leaderboard';
import './experiments.css';

/** How often the list is read again when nothing is watched (other experiments move on too). */
const REFRESH_MS = 5000;
/** Only the most recent experiments get their leaderboard read for the list. */
const LIST_LIMIT = 20;

/**
 * Experiments: every research loop with its status, iterations, best objective and why it
 * stopped; a form to start one on the open saved graph; the selected one's live chart,
 * leaderboard, champion and promotions, updated over the socket.
 */
export function ExperimentsSection() {
  const [rows, setRows] = useState<ExperimentDetail[] | null>(null);
  // In the UI store: an alert about an experiment selects it from elsewhere.
  const selected = useUiStore((s) => s.selectedExperiment);
  const setSelected = useUiStore((s) => s.selectExperiment);
  const [error, setError] = useState<string | null>(null);

  // One read at a time: the poll and every live update each start one, and reads that overlapped
  // could finish out of order, an older leaderboard replacing a newer one.
  const load = useMemo(
    () =>
      coalescedRead(async () => {
        try {
          const list = (await experimentsApi.list()).slice(0, LIST_LIMIT);
          setRows(await Promise.all(list.map((e) => experimentsApi.get(e.id))));
          setError(null);
        } catch (err) {
          setError(`Cannot list the experiments: ${err instanceof Error ? err.message : String(err)}`);
        }
      }),
    [],
  );
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);
  // Live: every update of the selected experiment reads it again at once.
  useEffect(() => (selected ? onExperimentUpdate(selected, () => void load()) : undefined), [selected, load]);

  const detail = rows?.find((r) => r.experiment.id === selected) ?? null;
  return (
    <section className="experiments-section" data-testid="experiments-section">
      {error && (
        <div className="experiment-message bad" role="status">
          {error}
        </div>
      )}
      {rows && rows.length === 0 && <div className="muted pad">No experiments yet.</div>}
      {rows && rows.length > 0 && (
        <table className="experiment-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Status</th>
              <th>Iterations</th>
              <th>Best</th>
              <th>Stopped because</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ experiment: e, leaderboard }) => {
              const best = bestObjective(leaderboard);
              return (
                <tr key={e.id} data-experiment={e.id} className={e.id === selected ? 'selected' : ''} onClick={() => setSelected(e.id)}>
                  <td>
                    <button className="link" onClick={() => setSelected(e.id)}>
                      {e.name}
                    </button>
                  </td>
                  <td className={`status ${e.status}`}>{e.status}</td>
                  <td className="iterations">
                    {leaderboard.length}/{e.spec.stopRules.maxIterations}
                  </td>
                  <td className="best">{best === null ? '—' : `${e.spec.objective.metric} ${best.toPrecision(4)}`}</td>
                  <td className="muted stop-reason">{e.stopReason ?? '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {detail && <ExperimentDetailView detail={detail} onChanged={() => void load()} />}
      <h3 className="automations-subhead">New experiment</h3>
      <ExperimentForm
        onCreated={(id) => {
          setSelected(id);
          void load();
        }}
      />
    </section>
  );
}
