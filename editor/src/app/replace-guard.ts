import { useGraphStore } from '../stores/graph-store';
import { useUiStore } from '../stores/ui-store';

/**
 * The one guard in front of every action that puts another graph on the canvas (New, Open,
 * Templates, Plan from goal, Import): whole-document loads clear the undo history, so unsaved
 * edits would be gone for good. With nothing unsaved the action runs at once.
 */
export function hasUnsavedWork(): boolean {
  const g = useGraphStore.getState();
  return g.rev !== g.savedRev && g.nodes.length > 0;
}

/** Runs `then` now, or after the user agrees to discard the unsaved edits; `action` names what replaces them. */
export function confirmReplaceCanvas(action: string, then: () => void): void {
  if (!hasUnsavedWork()) return then();
  const name = useGraphStore.getState().meta.name;
  useUiStore.getState().openDialog({
    kind: 'confirm',
    title: 'Discard unsaved changes?',
    message: `“${name}” has changes that are not saved. ${action} replaces the canvas; save first to keep them.`,
    confirmLabel: 'Discard',
    onConfirm: then,
  });
}
