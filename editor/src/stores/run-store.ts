import { create } from 'zustand';
import { applyRunEvent, emptySnapshot, FINAL_RUN_STATUSES, type RunEvent, type RunSnapshot } from '@coinlab/shared';
import type { RunSummary } from '../api/views';
import { foldRunEvents } from './fold-run-events';

export interface LogEntry {
  seq: number;
  ts: number;
  nodeId: string;
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
}

export type LiveStatus = 'idle' | 'connecting' | 'live' | 'offline';

const LOG_LIMIT = 5000;

/**
 * The run shown on the canvas. Events fold into the snapshot with the shared reducer
 * (applyRunEvent), so the canvas agrees with the API and the CLI. `cursor` is the highest
 * sequence number taken from the stream: a reconnect asks for events after it, and any
 * event at or below it is a replay and ignored, so nothing is shown twice. A rejoin asks from
 * `cursor - 1`: if the event at `cursor` comes back different (a crash lost what we were sent),
 * the snapshot is marked `diverged` and the app reloads the run (watchRunDivergence).
 */
export interface RunState {
  runId: string | null;
  run: RunSummary | null;
  snapshot: RunSnapshot | null;
  logs: LogEntry[];
  cursor: number;
  live: LiveStatus;

  /** Shows a run: its snapshot so far (from GET /runs/:id) or an empty one for a new run. */
  begin(runId: string, snapshot?: RunSnapshot | null, run?: RunSummary | null): void;
  ingest(events: readonly RunEvent[]): void;
  setRun(run: RunSummary): void;
  setLive(live: LiveStatus): void;
  clear(): void;
}

export const useRunStore = create<RunState>()((set, get) => ({
  runId: null,
  run: null,
  snapshot: null,
  logs: [],
  cursor: 0,
  live: 'idle',

  begin(runId, snapshot, run) {
    set({ runId, snapshot: snapshot ?? emptySnapshot(runId), run: run ?? null, logs: [], cursor: 0, live: 'connecting' });
  },
  ingest(events) {
    const s = get();
    if (!s.runId || !events.length) return;
    let cursor = s.cursor;
    const added: LogEntry[] = [];
    const accepted: RunEvent[] = [];
    for (const ev of events) {
      if (ev.runId !== s.runId) continue;
      if (ev.seq === cursor && ev.seq > 0 && accepted.length === 0) {
        // The stream rejoins overlapping by one event: the reducer checks it is the one we hold.
        const checked = applyRunEvent(s.snapshot ?? emptySnapshot(s.runId), ev);
        if (checked.diverged) return set({ snapshot: checked });
        continue;
      }
      if (ev.seq <= cursor) continue;
      cursor = ev.seq;
      if (ev.kind === 'node.log') added.push({ seq: ev.seq, ts: ev.ts, nodeId: ev.nodeId, level: ev.level, message: ev.message });
      else if (ev.kind === 'node.failed') added.push({ seq: ev.seq, ts: ev.ts, nodeId: ev.nodeId, level: 'error', message: ev.error });
      else if (ev.kind === 'run.recovered') added.push({ seq: ev.seq, ts: ev.ts, nodeId: 'run', level: 'warn', message: `carried on after its process stopped (${ev.reason}); kept ${ev.keptNodes.length} finished node${ev.keptNodes.length === 1 ? '' : 's'}, the rest run again` });
      else if (ev.kind === 'node.retrying') added.push({ seq: ev.seq, ts: ev.ts, nodeId: ev.nodeId, level: 'warn', message: `retrying (attempt ${ev.attempt}): ${ev.error}` });
      accepted.push(ev);
    }
    if (cursor === s.cursor) return;
    // One fold per batch (stream.ts flushes once a frame): idle nodes keep their state objects.
    const snapshot = foldRunEvents(s.snapshot ?? emptySnapshot(s.runId), accepted);
    const logs = added.length ? [...s.logs, ...added].slice(-LOG_LIMIT) : s.logs;
    set({ snapshot, cursor, logs });
  },
  setRun(run) {
    if (run.id === get().runId) set({ run });
  },
  setLive(live) {
    set({ live });
  },
  clear() {
    set({ runId: null, run: null, snapshot: null, logs: [], cursor: 0, live: 'idle' });
  },
}));

export function isRunActive(s: Pick<RunState, 'snapshot'>): boolean {
  return !!s.snapshot && !FINAL_RUN_STATUSES.includes(s.snapshot.status);
}
