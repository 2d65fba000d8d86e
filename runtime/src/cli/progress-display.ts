import { applyRunEvent, emptySnapshot, formatCount, formatPercent, type RunEvent, type RunSnapshot } from '@coinlab/shared';

const ICON: Record<string, string> = { idle: '·', queued: '·', running: '▶', awaiting: '⏸', succeeded: '✓', cached: '↺', failed: '✗', stopped: '⊘', skipped: '–', cancelled: '■' };

/** A node's progress (a fraction) as a bar and a percentage, by the shared percent rule. */
function bar(p: number | null, width = 16): string {
  if (p === null) return '';
  const clamped = Math.max(0, Math.min(1, p));
  const full = Math.round(clamped * width);
  return `${'█'.repeat(full)}${'░'.repeat(width - full)} ${formatPercent(clamped, 0).padStart(4)}`;
}

/** "2 succeeded, 1 cached": how many nodes ended in each state, counts by the shared count rule. */
export function statusCounts(snap: RunSnapshot): string {
  const counts = new Map<string, number>();
  for (const n of Object.values(snap.nodes)) counts.set(n.status, (counts.get(n.status) ?? 0) + 1);
  return [...counts].map(([status, n]) => `${formatCount(n)} ${status}`).join(', ');
}

function secs(ms: number | null): string {
  return ms === null ? '' : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)}s`;
}

/**
 * The live per-node view of a headless run. On a terminal it redraws one line per node in
 * place; elsewhere (CI logs, pipes) it prints a line whenever a node changes state.
 */
export class ProgressDisplay {
  private snap: RunSnapshot;
  private drawnLines = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly order: string[] = [];

  constructor(
    runId: string,
    private readonly out: NodeJS.WriteStream,
    private readonly labels: Record<string, string>,
  ) {
    this.snap = emptySnapshot(runId);
    if (this.out.isTTY) this.timer = setInterval(() => this.redraw(), 100);
  }

  onEvent(e: RunEvent): void {
    const before = 'nodeId' in e && typeof e.nodeId === 'string' ? this.snap.nodes[e.nodeId]?.status : undefined;
    this.snap = applyRunEvent(this.snap, e);
    if (e.kind === 'run.queued') this.order.push(...e.nodeIds);
    if (this.out.isTTY) return;
    if ('nodeId' in e && typeof e.nodeId === 'string' && e.kind.startsWith('node.')) {
      const n = this.snap.nodes[e.nodeId];
      if (n && n.status !== before && n.status !== 'queued') this.out.write(`${this.line(e.nodeId)}\n`);
      if (e.kind === 'node.log' && (e.level === 'warn' || e.level === 'error')) this.out.write(`    ${e.level}: ${e.message}\n`);
    }
  }

  private line(id: string): string {
    const n = this.snap.nodes[id];
    if (!n) return '';
    const label = (this.labels[id] ?? id).padEnd(28).slice(0, 28);
    const elapsed = n.durationMs ?? (n.startedAt ? Date.now() - n.startedAt : null);
    const detail = n.status === 'failed' ? `  ${n.error ?? ''}` : n.status === 'stopped' ? `  ${n.skipReason ?? ''}` : n.status === 'running' ? `  ${bar(n.progress)} ${n.progressMessage ?? ''}` : n.status === 'awaiting' ? `  waiting: ${n.awaiting?.title ?? ''}` : '';
    return `  ${ICON[n.status] ?? '?'} ${label} ${n.status.padEnd(9)} ${secs(elapsed).padStart(7)}${detail}`.trimEnd();
  }

  private redraw(): void {
    const lines = this.order.map((id) => this.line(id));
    const up = this.drawnLines ? `\x1b[${this.drawnLines}A` : '';
    this.out.write(up + lines.map((l) => `\x1b[2K${l}`).join('\n') + (lines.length ? '\n' : ''));
    this.drawnLines = lines.length;
  }

  finish(): RunSnapshot {
    if (this.timer) clearInterval(this.timer);
    if (this.out.isTTY) this.redraw();
    return this.snap;
  }
}
