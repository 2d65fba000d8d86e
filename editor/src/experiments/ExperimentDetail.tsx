import { useState } from 'react';
import { ObjectiveChart } from './ObjectiveChart';
import { experimentsApi, type ExperimentDetail } from './experiments-api';
import { formatParams } from './leaderboard';

/** One experiment: live chart, leaderboard (best first), champion, promotions, and Pause/Resume/Stop. */
export function ExperimentDetailView({ detail, onChanged }: { detail: ExperimentDetail; onChanged: () => void }) {
  const { experiment: e, leaderboard, promotions } = detail;
  const [error, setError] = useState<string | null>(null);
  const champion = leaderboard.find((i) => i.id === e.championIterationId) ?? null;
  const act = async (label: string, call: (id: string) => Promise<unknown>) => {
    try {
      await call(e.id);
      setError(null);
    } catch (err) {
      setError(`${label}: ${err instanceof Error ? err.message : String(err)}`);
    }
    onChanged();
  };
  return (
    <div className="experiment-detail" data-testid="experiment-detail" data-status={e.status}>
      <div className="experiment-head">
        <strong>{e.name}</strong>
        <span className={`status ${e.status}`}>{e.status}</span>
        <span className="muted">
          {e.spec.objective.direction} {e.spec.objective.node}.{e.spec.objective.metric} · auto-approve {e.spec.autoApprove.enabled ? 'on' : 'off'}
        </span>
        {e.stopReason && <span className="muted stop-reason">· {e.stopReason}</span>}
        {e.status === 'running' && <button onClick={() => void act('Pause', experimentsApi.pause)}>Pause</button>}
        {e.status === 'paused' && <button onClick={() => void act('Resume', experimentsApi.resume)}>Resume</button>}
        {(e.status === 'running' || e.status === 'paused') && <button onClick={() => void act('Stop', experimentsApi.stop)}>Stop</button>}
      </div>
      {error && <div className="experiment-message bad">{error}</div>}
      <div className="experiment-body">
        <div>
          <ObjectiveChart iterations={leaderboard} direction={e.spec.objective.direction} />
          <div className="champion" data-testid="champion">
            Champion:{' '}
            {champion ? (
              <>
                #{champion.seq} {formatParams(champion.params)}
                {e.championHoldout !== null ? <span className="muted"> · holdout {e.championHoldout.toPrecision(4)}</span> : null}
              </>
            ) : (
              <span className="muted">none yet</span>
            )}
          </div>
        </div>
        <table className="leaderboard" data-testid="leaderboard">
          <thead>
            <tr>
              <th>#</th>
              <th>{e.spec.objective.metric}</th>
              <th>Params</th>
              <th>By</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {leaderboard.map((i) => (
              <tr key={i.id} data-seq={i.seq} className={i.id === e.championIterationId ? 'champion-row' : ''}>
                <td>{i.seq}</td>
                <td>{i.objective === null ? '—' : i.objective.toPrecision(4)}</td>
                <td className="params">{formatParams(i.params)}</td>
                <td className="muted">{i.proposer}</td>
                <td className={i.status === 'failed' ? 'bad' : 'muted'} data-status={i.status} title={i.status === 'interrupted' ? `${i.error ?? 'its process stopped'}: re-run, and not counted by the limits and stop rules` : (i.error ?? undefined)}>
                  {i.status === 'interrupted' ? 'interrupted (re-run)' : i.status}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {promotions.length > 0 && (
        <ul className="promotions" data-testid="promotions">
          {promotions.map((p) => (
            <li key={p.id} className={p.status}>
              <span className="status">{p.status}</span> #{leaderboard.find((i) => i.id === p.iterationId)?.seq ?? '?'}
              {p.challengerHoldout !== null ? ` holdout ${p.challengerHoldout.toPrecision(4)}` : ''}
              {p.championHoldout !== null ? ` vs ${p.championHoldout.toPrecision(4)}` : ''}
              {p.graphVersion !== null ? ` → saved v${p.graphVersion}` : ''}
              <span className="muted"> · {p.reason}{p.decidedBy ? ` (${p.decidedBy})` : ''}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
