import { create } from 'zustand';

export type Dialog =
  | { kind: 'open' }
  | { kind: 'templates' }
  | { kind: 'help' }
  | { kind: 'import-problems'; fileName: string; problems: { path: string; message: string }[]; openAnyway?: () => void }
  | { kind: 'candle-file'; file: File; format: 'json' | 'csv' }
  | { kind: 'versions' }
  | { kind: 'chart'; title: string; specArtifactId?: string; svgArtifactId?: string; spec?: object }
  | { kind: 'confirm'; title: string; message: string; confirmLabel: string; onConfirm: () => void }
  | { kind: 'change-password' }
  | { kind: 'share' };

export type BottomTab = 'problems' | 'logs' | 'runs' | 'artifacts' | 'data' | 'llm';
/** The main area: the graph (palette, canvas, dock, inspector) or the Automations or Account view over it. */
export type MainView = 'graph' | 'automations' | 'account';
/** The sections of the Account view: the team (owner and admins) and one's API tokens. */
export type AccountSection = 'team' | 'tokens';
/** The sections of the Automations view: everything that runs on its own. */
export type AutomationsSection = 'schedules' | 'experiments' | 'paper' | 'alerts' | 'audit';
export type InspectorTab = 'params' | 'outputs';

export interface Toast {
  id: number;
  tone: 'info' | 'success' | 'error';
  message: string;
}

interface UiState {
  dialog: Dialog | null;
  bottomTab: BottomTab;
  bottomOpen: boolean;
  view: MainView;
  automationsSection: AutomationsSection;
  accountSection: AccountSection;
  /** The experiment whose detail the Experiments section shows (an alert can point at one). */
  selectedExperiment: string | null;
  inspectorTab: InspectorTab;
  toasts: Toast[];
  busy: string | null;

  openDialog(d: Dialog): void;
  closeDialog(): void;
  showBottom(tab: BottomTab): void;
  toggleBottom(): void;
  showAutomations(section?: AutomationsSection): void;
  showGraph(): void;
  showAccount(section: AccountSection): void;
  selectExperiment(id: string | null): void;
  setInspectorTab(tab: InspectorTab): void;
  toast(message: string, tone?: Toast['tone']): void;
  dismissToast(id: number): void;
  setBusy(what: string | null): void;
}

let toastId = 0;

export const useUiStore = create<UiState>()((set, get) => ({
  dialog: null,
  bottomTab: 'problems',
  bottomOpen: true,
  view: 'graph',
  automationsSection: 'schedules',
  accountSection: 'tokens',
  selectedExperiment: null,
  inspectorTab: 'params',
  toasts: [],
  busy: null,

  openDialog: (dialog) => set({ dialog }),
  closeDialog: () => set({ dialog: null }),
  showBottom: (bottomTab) => set({ bottomTab, bottomOpen: true }),
  toggleBottom: () => set({ bottomOpen: !get().bottomOpen }),
  showAutomations: (section) => set({ view: 'automations', automationsSection: section ?? get().automationsSection }),
  showGraph: () => set({ view: 'graph' }),
  showAccount: (accountSection) => set({ view: 'account', accountSection }),
  selectExperiment: (selectedExperiment) => set({ selectedExperiment }),
  setInspectorTab: (inspectorTab) => set({ inspectorTab }),
  toast(message, tone = 'info') {
    const id = ++toastId;
    // The same news twice in a row (Save pressed again) shows once, its time restarted.
    const others = get().toasts.filter((t) => t.message !== message || t.tone !== tone);
    set({ toasts: [...others.slice(-2), { id, tone, message }] });
    setTimeout(() => get().dismissToast(id), tone === 'error' ? 8000 : 3000);
  },
  dismissToast: (id) => set({ toasts: get().toasts.filter((t) => t.id !== id) }),
  setBusy: (busy) => set({ busy }),
}));
