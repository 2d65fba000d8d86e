import { create } from 'zustand';
import { applyEdgeChanges, applyNodeChanges, type EdgeChange, type NodeChange } from '@xyflow/react';
import type { GraphDocument } from '@coinlab/shared';
import { defaultParams, entryFor } from '../catalog/catalog';
import { documentToFlow, edgeToFlow, flowToDocument, nodeToFlow } from '../graph/convert';
import type { ConnectionLike } from '../graph/connection';
import { connectEdges, rerouteEdges } from '../graph/edge-edits';
import { newNodeId } from '../graph/ids';
import { layoutPositions, overlapping, tooWideToRead } from '../graph/layout';
import { remapFragment } from '../graph/clipboard';
import type { CoinEdge, CoinNode, GraphMeta } from '../graph/types';

/** One undo step: the document part of the state (selection is not an edit). */
interface Snapshot {
  meta: GraphMeta;
  nodes: CoinNode[];
  edges: CoinEdge[];
  rev: number;
}

const HISTORY_LIMIT = 200;
/** Edits of the same field within this window are one undo step (typing in a form). */
const COALESCE_MS = 1500;

export interface GraphState {
  /** The saved graph this canvas belongs to, or null for a new, never saved one. */
  graphId: string | null;
  savedVersion: number | null;
  /** Identifies the current content; `rev !== savedRev` means unsaved changes. */
  rev: number;
  savedRev: number;
  meta: GraphMeta;
  nodes: CoinNode[];
  edges: CoinEdge[];
  past: Snapshot[];
  future: Snapshot[];
  gesture: Snapshot | null;
  coalesce: { key: string; at: number } | null;
  /** Counts whole-document loads (open, import, template), for the canvas to fit them into view. */
  loadCount: number;
  /**
   * Identifies the document on the canvas: bumped only when a whole document is loaded (new,
   * open, import, template, plan), never by edits, saves, tidying or restores. Things that
   * belong to one graph (the plan summary) compare it to know the canvas moved on.
   */
  docSeq: number;
  /** A loaded document whose layout may be tidied once its cards are measured (templates, imports). */
  tidyPending: boolean;
  /**
   * A graph shared with this user as viewer: every edit is refused here, whatever the UI
   * offers (the canvas, forms and shortcuts all end in this store). Set by each load.
   */
  readOnly: boolean;

  load(doc: GraphDocument, opts?: { graphId?: string | null; version?: number | null; dirty?: boolean; tidy?: boolean; readOnly?: boolean }): void;
  /** Lays out the graph without an undo step when its measured cards overlap or form one unreadably long band; true if it did. */
  tidyIfOverlapping(): boolean;
  replace(doc: GraphDocument): void;
  markSaved(graphId: string, version: number, rev: number): void;
  onNodesChange(changes: NodeChange<CoinNode>[]): void;
  onEdgesChange(changes: EdgeChange<CoinEdge>[]): void;
  addNode(nodeType: string, position: { x: number; y: number }): string | null;
  /** Adds a node wired to an existing port as one undo step; its id, or why the wire is refused (then nothing is added). */
  addConnectedNode(nodeType: string, position: { x: number; y: number }, wire: (newId: string) => ConnectionLike): { id: string } | { problem: string };
  connect(conn: ConnectionLike): string | null;
  /** Moves an edge's ends to the ports of `conn` as one undo step; why it was refused, or null. */
  reconnect(edgeId: string, conn: ConnectionLike): string | null;
  deleteEdge(edgeId: string): void;
  deleteSelection(): void;
  deleteNodes(ids: readonly string[]): void;
  updateParam(nodeId: string, key: string, value: unknown): void;
  setLabel(nodeId: string, label: string): void;
  rename(name: string): void;
  setDescription(description: string): void;
  paste(fragment: GraphDocument, at: { x: number; y: number }): string[];
  autoLayout(): void;
  select(ids: readonly string[]): void;
  selectAll(): void;
  undo(): void;
  redo(): void;
  toDocument(): GraphDocument;
}

let revCounter = 0;
const nextRev = (): number => ++revCounter;

function snap(s: GraphState): Snapshot {
  return { meta: s.meta, nodes: s.nodes, edges: s.edges, rev: s.rev };
}

/** Restored nodes keep the current selection and measured sizes. */
function reconcile(restored: CoinNode[], current: CoinNode[]): CoinNode[] {
  const byId = new Map(current.map((n) => [n.id, n]));
  return restored.map((n) => {
    const cur = byId.get(n.id);
    const selected = cur?.selected ?? false;
    const measured = cur?.measured ?? n.measured;
    if (n.selected === selected && n.measured === measured) return n;
    return measured ? { ...n, selected, measured } : { ...n, selected };
  });
}

function nodeTypes(nodes: readonly CoinNode[]): (id: string) => string | undefined {
  const types = new Map(nodes.map((n) => [n.id, n.data.nodeType]));
  return (id) => types.get(id);
}

const emptyMeta = (): GraphMeta => ({ name: 'Untitled graph', metadata: {} });

export const useGraphStore = create<GraphState>()((set, get) => {
  /** Applies an edit as one undo step (or merges it into the last one when `coalesceKey` repeats). */
  const commit = (next: Partial<Pick<GraphState, 'meta' | 'nodes' | 'edges'>>, coalesceKey?: string): void => {
    const s = get();
    if (s.readOnly) return;
    const now = Date.now();
    const merge = coalesceKey !== undefined && s.coalesce?.key === coalesceKey && now - s.coalesce.at < COALESCE_MS && s.past.length > 0;
    const past = merge ? s.past : [...s.past, snap(s)].slice(-HISTORY_LIMIT);
    set({ ...next, rev: nextRev(), past, future: [], gesture: null, coalesce: coalesceKey ? { key: coalesceKey, at: now } : null });
  };
  const selectedIds = (): Set<string> => new Set(get().nodes.filter((n) => n.selected).map((n) => n.id));

  const initialRev = nextRev();
  return {
    graphId: null,
    savedVersion: null,
    rev: initialRev,
    savedRev: initialRev,
    meta: emptyMeta(),
    nodes: [],
    edges: [],
    past: [],
    future: [],
    gesture: null,
    coalesce: null,
    loadCount: 0,
    docSeq: 0,
    tidyPending: false,
    readOnly: false,

    load(doc, opts = {}) {
      const flow = documentToFlow(doc);
      const rev = nextRev();
      set({
        ...flow,
        graphId: opts.graphId ?? null,
        savedVersion: opts.version ?? null,
        rev,
        savedRev: opts.dirty ? -1 : rev,
        past: [],
        future: [],
        gesture: null,
        coalesce: null,
        loadCount: get().loadCount + 1,
        docSeq: get().docSeq + 1,
        tidyPending: opts.tidy ?? false,
        readOnly: opts.readOnly ?? false,
      });
    },
    tidyIfOverlapping() {
      const s = get();
      if (!s.tidyPending) return false;
      set({ tidyPending: false });
      // Overlapping cards, or one long band that fit view would shrink past reading.
      if (!overlapping(s.nodes) && !tooWideToRead(s.nodes)) return false;
      const positions = layoutPositions(s.nodes, s.edges);
      set({ nodes: s.nodes.map((n) => ({ ...n, position: positions.get(n.id) ?? n.position })) });
      return true;
    },
    replace(doc) {
      commit(documentToFlow(doc));
      set({ loadCount: get().loadCount + 1 });
    },
    markSaved(graphId, version, rev) {
      set({ graphId, savedVersion: version, savedRev: rev });
    },

    onNodesChange(changes) {
      const s = get();
      let dragEnded = false;
      let gesture = s.gesture;
      for (const c of changes) {
        if (c.type === 'position') {
          if (c.dragging && !gesture) gesture = snap(s);
          if (c.dragging === false && gesture) dragEnded = true;
        }
      }
      // Deletion goes through deleteSelection (one undo step), never through React Flow; a
      // read-only graph keeps its layout too (selecting and measuring still apply).
      const kept = changes.filter((c) => c.type !== 'remove' && c.type !== 'add' && c.type !== 'replace' && !(s.readOnly && c.type === 'position'));
      const nodes = kept.length ? applyNodeChanges(kept, s.nodes) : s.nodes;
      if (dragEnded && gesture) {
        set({ nodes, past: [...s.past, gesture].slice(-HISTORY_LIMIT), future: [], gesture: null, rev: nextRev(), coalesce: null });
      } else {
        set({ nodes, gesture });
      }
    },
    onEdgesChange(changes) {
      const kept = changes.filter((c) => c.type === 'select');
      if (kept.length) set({ edges: applyEdgeChanges(kept, get().edges) });
    },

    addNode(nodeType, position) {
      const entry = entryFor(nodeType);
      if (!entry || get().readOnly) return null;
      const s = get();
      const id = newNodeId(nodeType, new Set(s.nodes.map((n) => n.id)));
      const node: CoinNode = { ...nodeToFlow({ id, type: nodeType, typeVersion: entry.version, params: defaultParams(entry), position }), selected: true };
      commit({ nodes: [...s.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), node] });
      return id;
    },

    addConnectedNode(nodeType, position, wire) {
      const entry = entryFor(nodeType);
      if (!entry) return { problem: `unknown node type ${nodeType}` };
      if (get().readOnly) return { problem: 'this graph is shared with you as viewer: it cannot be changed' };
      const s = get();
      const id = newNodeId(nodeType, new Set(s.nodes.map((n) => n.id)));
      const node: CoinNode = { ...nodeToFlow({ id, type: nodeType, typeVersion: entry.version, params: defaultParams(entry), position }), selected: true };
      const nodes = [...s.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), node];
      const edit = connectEdges(s.edges, wire(id), nodeTypes(nodes));
      if (edit.problem !== undefined) return { problem: edit.problem };
      commit({ nodes, edges: edit.edges });
      return { id };
    },
    connect(conn) {
      const s = get();
      const edit = connectEdges(s.edges, conn, nodeTypes(s.nodes));
      if (edit.problem !== undefined) return edit.problem;
      commit({ edges: edit.edges });
      return null;
    },
    reconnect(edgeId, conn) {
      const s = get();
      const edit = rerouteEdges(s.edges, edgeId, conn, nodeTypes(s.nodes));
      if (!edit) return null; // dropped back where it was: nothing to undo
      if (edit.problem !== undefined) return edit.problem;
      commit({ edges: edit.edges });
      return null;
    },
    deleteEdge(edgeId) {
      const s = get();
      if (!s.edges.some((e) => e.id === edgeId)) return;
      commit({ edges: s.edges.filter((e) => e.id !== edgeId) });
    },

    deleteSelection() {
      const s = get();
      const nodeIds = selectedIds();
      const edgeIds = new Set(s.edges.filter((e) => e.selected).map((e) => e.id));
      if (!nodeIds.size && !edgeIds.size) return;
      commit({
        nodes: s.nodes.filter((n) => !nodeIds.has(n.id)),
        edges: s.edges.filter((e) => !edgeIds.has(e.id) && !nodeIds.has(e.source) && !nodeIds.has(e.target)),
      });
    },
    deleteNodes(ids) {
      const s = get();
      const gone = new Set(ids);
      commit({ nodes: s.nodes.filter((n) => !gone.has(n.id)), edges: s.edges.filter((e) => !gone.has(e.source) && !gone.has(e.target)) });
    },

    updateParam(nodeId, key, value) {
      const s = get();
      const nodes = s.nodes.map((n) => {
        if (n.id !== nodeId) return n;
        const params = { ...n.data.params };
        if (value === undefined) delete params[key];
        else params[key] = value;
        return { ...n, data: { ...n.data, params } };
      });
      commit({ nodes }, `param:${nodeId}:${key}`);
    },
    setLabel(nodeId, label) {
      const s = get();
      const nodes = s.nodes.map((n) => {
        if (n.id !== nodeId) return n;
        const data = { ...n.data };
        if (label.trim()) data.label = label;
        else delete data.label;
        return { ...n, data };
      });
      commit({ nodes }, `label:${nodeId}`);
    },
    rename(name) {
      const trimmed = name.trim();
      if (!trimmed || trimmed === get().meta.name) return;
      commit({ meta: { ...get().meta, name: trimmed } });
    },
    setDescription(description) {
      const meta = { ...get().meta };
      if (description) meta.description = description;
      else delete meta.description;
      commit({ meta }, 'description');
    },

    paste(fragment, at) {
      const s = get();
      if (!fragment.nodes.length || s.readOnly) return [];
      const { nodes, edges } = remapFragment(fragment, new Set(s.nodes.map((n) => n.id)), at);
      const types = new Map([...s.nodes.map((n) => [n.id, n.data.nodeType] as const), ...nodes.map((n) => [n.id, n.type] as const)]);
      commit({
        nodes: [...s.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...nodes.map((n) => ({ ...nodeToFlow(n), selected: true }))],
        edges: [...s.edges.map((e) => (e.selected ? { ...e, selected: false } : e)), ...edges.map((e) => edgeToFlow(e, types.get(e.source.node)))],
      });
      return nodes.map((n) => n.id);
    },

    autoLayout() {
      const s = get();
      const positions = layoutPositions(s.nodes, s.edges);
      commit({ nodes: s.nodes.map((n) => ({ ...n, position: positions.get(n.id) ?? n.position })) });
    },

    select(ids) {
      const want = new Set(ids);
      const s = get();
      set({
        nodes: s.nodes.map((n) => ((n.selected ?? false) === want.has(n.id) ? n : { ...n, selected: want.has(n.id) })),
        edges: s.edges.some((e) => e.selected) ? s.edges.map((e) => (e.selected ? { ...e, selected: false } : e)) : s.edges,
      });
    },
    selectAll() {
      const s = get();
      set({ nodes: s.nodes.map((n) => (n.selected ? n : { ...n, selected: true })) });
    },

    undo() {
      const s = get();
      const prev = s.past[s.past.length - 1];
      if (!prev) return;
      set({
        meta: prev.meta,
        nodes: reconcile(prev.nodes, s.nodes),
        edges: prev.edges,
        rev: prev.rev,
        past: s.past.slice(0, -1),
        future: [...s.future, snap(s)],
        gesture: null,
        coalesce: null,
      });
    },
    redo() {
      const s = get();
      const next = s.future[s.future.length - 1];
      if (!next) return;
      set({
        meta: next.meta,
        nodes: reconcile(next.nodes, s.nodes),
        edges: next.edges,
        rev: next.rev,
        past: [...s.past, snap(s)],
        future: s.future.slice(0, -1),
        gesture: null,
        coalesce: null,
      });
    },

    toDocument() {
      const s = get();
      return flowToDocument(s.meta, s.nodes, s.edges);
    },
  };
});

/** The one selected node, when exactly one is selected. */
export function selectedNode(s: Pick<GraphState, 'nodes'>): CoinNode | null {
  let found: CoinNode | null = null;
  for (const n of s.nodes) {
    if (!n.selected) continue;
    if (found) return null;
    found = n;
  }
  return found;
}
