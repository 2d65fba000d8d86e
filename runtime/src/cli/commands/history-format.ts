import { z } from 'zod';
import { runSummarySchema, runTriggerKindSchema } from '@coinlab/shared';

/** One run as `coinlab history --json` prints it: the API's run summary and two fields of its own. */
export const historyEntrySchema = runSummarySchema.extend({
  /** The trigger's kind (what `--trigger` filters on); null for others (agent, restart, ...). */
  triggerKind: runTriggerKindSchema.nullable(),
  /** The saved graph's name; null for a graph run from a file (or a graph deleted since). */
  graphName: z.string().nullable(),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

/** `2026-12-05 11:21:49Z`: the start (or, for a run that never started, its acceptance), UTC. */
export function formatStart(e: Pick<HistoryEntry, 'startedAt' | 'createdAt'>): string {
  return `${(e.startedAt ?? e.createdAt).slice(0, 19).replace('T', ' ')}Z`;
}

/** `340 ms`, `12.3 s`, `4 min 05 s`, `2 h 03 min`; `-` when the run has no duration (yet). */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '-';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  // Truncated, not rounded: 59.99 s stays under a minute.
  if (ms < 60_000) return `${(Math.floor(ms / 100) / 10).toFixed(1)} s`;
  const s = Math.floor(ms / 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  if (s < 3600) return `${Math.floor(s / 60)} min ${pad(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${pad(Math.floor((s % 3600) / 60))} min`;
}

/** One line per run, columns aligned over the listing (triggers and names vary in length). */
export function formatHistory(runs: readonly HistoryEntry[]): string {
  if (runs.length === 0) return 'no runs\n';
  const rows = runs.map((r) => [r.id, r.status, r.trigger, r.graphName ?? '-', formatStart(r), formatDuration(r.durationMs)]);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')).join('\n') + '\n';
}
