import { create } from 'zustand';
import { readDocument } from '../app/documents';
import { newGraph } from '../app/graph-actions';
import { ApiError } from '../api/http';
import { useGraphStore } from '../stores/graph-store';
import { useUiStore } from '../stores/ui-store';
import { requestPlan, type ClarifyResult, type PlannedResult } from './plan-api';

/**
 * The goal box's state: the goal, answers given to clarifications so far, the pending
 * clarification, and the last plan (kept after the graph opens so its notes, dry run and
 * estimate stay visible beside the canvas). The plan belongs to the graph it planned:
 * `planDocSeq` is the canvas document it was loaded as, and the summary shows only while
 * that document is on the canvas.
 */
interface PlannerState {
  open: boolean;
  goal: string;
  answers: Record<string, string>;
  busy: boolean;
  error: string | null;
  clarification: ClarifyResult | null;
  plan: PlannedResult | null;
  summaryOpen: boolean;
  planDocSeq: number | null;
  /** Folded to its head line: the summary then takes one line above the canvas. */
  summaryCollapsed: boolean;

  show(): void;
  hide(): void;
  setGoal(goal: string): void;
  submit(): Promise<void>;
  answer(field: string, value: string): Promise<void>;
  closeSummary(): void;
  toggleSummary(): void;
}

let inflight: AbortController | null = null;

export const usePlannerStore = create<PlannerState>()((set, get) => {
  async function plan(): Promise<void> {
    inflight?.abort();
    const ctrl = new AbortController();
    inflight = ctrl;
    set({ busy: true, error: null });
    try {
      const { result } = await requestPlan(get().goal.trim(), get().answers, ctrl.signal);
      if (result.status === 'clarification') {
        set({ clarification: result, busy: false });
        return;
      }
      const read = readDocument(result.document);
      if (!read.ok) {
        set({ busy: false, error: `The planned graph cannot be opened: ${read.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}` });
        return;
      }
      // A new unsaved graph, laid out and fitted by the canvas like an opened template.
      newGraph(read.document, { dirty: true, tidy: true });
      set({ plan: result, clarification: null, busy: false, open: false, summaryOpen: true, summaryCollapsed: false, planDocSeq: useGraphStore.getState().docSeq });
      useUiStore.getState().toast(`Planned “${read.document.name}” (${read.document.nodes.length} nodes)`, 'success');
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') return;
      const message = err instanceof ApiError ? err.message : err instanceof Error ? err.message : String(err);
      set({ busy: false, error: message });
    } finally {
      if (inflight === ctrl) inflight = null;
    }
  }

  return {
    open: false,
    goal: '',
    answers: {},
    busy: false,
    error: null,
    clarification: null,
    plan: null,
    summaryOpen: false,
    planDocSeq: null,
    summaryCollapsed: false,

    show: () => set({ open: true, error: null }),
    hide() {
      inflight?.abort();
      set({ open: false, busy: false });
    },
    // A new goal starts over: earlier answers belonged to the old one.
    setGoal: (goal) => set({ goal, answers: {}, clarification: null, error: null }),
    submit: () => plan(),
    async answer(field, value) {
      set({ answers: { ...get().answers, [field]: value } });
      await plan();
    },
    closeSummary: () => set({ summaryOpen: false }),
    toggleSummary: () => set({ summaryCollapsed: !get().summaryCollapsed }),
  };
});
