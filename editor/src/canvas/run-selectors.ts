import type { NodeStatus } from '@coinlab/shared';
import { useRunStore } from '../stores/run-store';

/**
 * Narrow run-state selectors for the light cards: each returns a primitive, so a run event
 * re-renders only the cards whose status or progress it changed, never the idle ones.
 */
export function useNodeStatus(id: string): NodeStatus {
  return useRunStore((s) => s.snapshot?.nodes[id]?.status ?? 'idle');
}

/** The running node's progress fraction; null while running without one; undefined otherwise. */
export function useNodeProgress(id: string): number | null | undefined {
  return useRunStore((s) => {
    const n = s.snapshot?.nodes[id];
    return n?.status === 'running' ? (n.progress ?? null) : undefined;
  });
}

/**
 * Progress rounded to `steps` steps: a far-away card's bar is a few pixels wide, so finer
 * progress events would re-render (and repaint) it for no visible change.
 */
export function useNodeProgressStep(id: string, steps: number): number | null | undefined {
  return useRunStore((s) => {
    const n = s.snapshot?.nodes[id];
    if (n?.status !== 'running') return undefined;
    return n.progress == null ? null : Math.round(n.progress * steps) / steps;
  });
}
