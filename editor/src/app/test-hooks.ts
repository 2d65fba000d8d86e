import { useGraphStore } from '../stores/graph-store';
import { useRunStore } from '../stores/run-store';
import { useProblemsStore } from '../stores/problems-store';
import { pushEvents } from '../run/stream';
import { fitView, flowInstance } from '../canvas/flow-instance';
import { readDocument } from './documents';
import { newGraph } from './graph-actions';
import { initialGeometry } from '../canvas/geometry';
import { entryFor } from '../catalog/catalog';

/**
 * A small handle on the stores for end-to-end tests and the benchmark (load a generated
 * 1000-node graph, feed a synthetic event stream). It only calls public store actions.
 */
export interface CoinlabHooks {
  loadDocument(doc: unknown): boolean;
  document(): unknown;
  runState(): { runId: string | null; status: string | null; nodes: Record<string, string>; cursor: number; logs: number };
  beginRun(runId: string): void;
  pushEvents(events: unknown[]): void;
  problems(): { path: string; message: string }[];
  fitView(): void;
  setViewport(v: { x: number; y: number; zoom: number }): void;
  getViewport(): { x: number; y: number; zoom: number } | null;
  /** The size and handle boxes the canvas gives React Flow before measuring (canvas/geometry.ts). */
  geometry(nodeId: string): { width: number; height: number; handles: { id: string; type: string; x: number; y: number; width: number; height: number }[] } | null;
}

declare global {
  interface Window {
    __coinlab?: CoinlabHooks;
  }
}

export function exposeTestHooks(): void {
  window.__coinlab = {
    loadDocument(doc) {
      const read = readDocument(doc);
      const d = read.ok ? read.document : read.document;
      if (!d) return false;
      newGraph(d, { dirty: true });
      return true;
    },
    document: () => useGraphStore.getState().toDocument(),
    runState() {
      const s = useRunStore.getState();
      const nodes: Record<string, string> = {};
      for (const [id, n] of Object.entries(s.snapshot?.nodes ?? {})) nodes[id] = n.status;
      return { runId: s.runId, status: s.snapshot?.status ?? null, nodes, cursor: s.cursor, logs: s.logs.length };
    },
    beginRun: (runId) => useRunStore.getState().begin(runId),
    pushEvents: (events) => pushEvents(events),
    problems: () => useProblemsStore.getState().problems.map((p) => ({ path: p.path, message: p.message })),
    fitView: () => fitView(false),
    setViewport: (v) => void flowInstance()?.setViewport(v),
    getViewport: () => flowInstance()?.getViewport() ?? null,
    geometry(nodeId) {
      const n = useGraphStore.getState().nodes.find((x) => x.id === nodeId);
      if (!n) return null;
      const g = initialGeometry(entryFor(n.data.nodeType), Object.keys(n.data.params).length > 0);
      return { ...g.measured, handles: g.handles.map((h) => ({ id: h.id ?? '', type: h.type, x: h.x, y: h.y, width: h.width ?? 0, height: h.height ?? 0 })) };
    },
  };
}
