import { useEffect } from 'react';
import { useGraphStore } from '../stores/graph-store';
import { useUiStore } from '../stores/ui-store';
import { fragmentOf, parseFragment } from '../graph/clipboard';
import { fitView, viewCenter } from '../canvas/flow-instance';
import { lastPointer } from '../canvas/pointer';
import { saveGraph } from './graph-actions';
import { runGraph } from './run-actions';

export const SHORTCUTS: { keys: string; what: string }[] = [
  { keys: 'Ctrl+Z', what: 'Undo' },
  { keys: 'Ctrl+Shift+Z  /  Ctrl+Y', what: 'Redo' },
  { keys: 'Ctrl+C  /  Ctrl+X  /  Ctrl+V', what: 'Copy, cut, paste nodes (as graph JSON, across tabs)' },
  { keys: 'Ctrl+D', what: 'Duplicate the selection' },
  { keys: 'Ctrl+A', what: 'Select all nodes' },
  { keys: 'Shift+drag  /  Ctrl+click', what: 'Select several nodes' },
  { keys: 'Delete  /  Backspace', what: 'Delete the selection' },
  { keys: 'Ctrl+S', what: 'Save a new version (when there are changes)' },
  { keys: 'Ctrl+Enter', what: 'Run the graph' },
  { keys: 'L', what: 'Auto-layout' },
  { keys: 'F', what: 'Fit the graph in view' },
  { keys: '/', what: 'Search the node palette (Enter adds, arrows move)' },
  { keys: 'Esc', what: 'Close dialog / clear selection' },
  { keys: '?', what: 'This help' },
];

function editable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

function selectionText(): string | null {
  const g = useGraphStore.getState();
  const ids = new Set(g.nodes.filter((n) => n.selected).map((n) => n.id));
  if (!ids.size) return null;
  return JSON.stringify(fragmentOf(g.toDocument(), ids), null, 2);
}

function pasteText(text: string): boolean {
  const fragment = parseFragment(text);
  if (!fragment || !fragment.nodes.length) return false;
  const at = lastPointer() ?? viewCenter(false);
  const ids = useGraphStore.getState().paste(fragment, at);
  useUiStore.getState().toast(`Pasted ${ids.length} node${ids.length > 1 ? 's' : ''}`, 'info');
  return true;
}

/** Global keyboard shortcuts and clipboard handling for the editor. */
export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const ui = useUiStore.getState();
      const g = useGraphStore.getState();
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      if (e.key === 'Escape') {
        if (ui.dialog) ui.closeDialog();
        else if (!editable(e.target)) g.select([]);
        return;
      }
      if (mod && key === 's') {
        e.preventDefault();
        void saveGraph();
        return;
      }
      if (mod && e.key === 'Enter') {
        e.preventDefault();
        void runGraph();
        return;
      }
      if (editable(e.target) || ui.dialog) return;
      if (mod && key === 'z') {
        e.preventDefault();
        if (e.shiftKey) g.redo();
        else g.undo();
      } else if (mod && key === 'y') {
        e.preventDefault();
        g.redo();
      } else if (mod && key === 'a') {
        e.preventDefault();
        g.selectAll();
      } else if (mod && key === 'd') {
        e.preventDefault();
        const text = selectionText();
        if (text) {
          const fragment = parseFragment(text);
          if (fragment) {
            const minX = Math.min(...fragment.nodes.map((n) => n.position.x));
            const minY = Math.min(...fragment.nodes.map((n) => n.position.y));
            g.paste(fragment, { x: minX + 40, y: minY + 40 });
          }
        }
      } else if (!mod && (e.key === 'Delete' || e.key === 'Backspace')) {
        e.preventDefault();
        g.deleteSelection();
      } else if (!mod && !e.altKey && key === 'l') {
        g.autoLayout();
        setTimeout(() => fitView(), 30);
      } else if (!mod && !e.altKey && key === 'f') {
        fitView();
      } else if (e.key === '?') {
        ui.openDialog({ kind: 'help' });
      } else if (e.key === '/') {
        e.preventDefault();
        document.getElementById('palette-search')?.focus();
      }
    };
    const onCopy = (e: ClipboardEvent) => {
      if (editable(e.target) || useUiStore.getState().dialog) return;
      const text = selectionText();
      if (!text || !e.clipboardData) return;
      e.clipboardData.setData('text/plain', text);
      e.preventDefault();
      if (e.type === 'cut') useGraphStore.getState().deleteSelection();
      else useUiStore.getState().toast('Copied the selection as graph JSON', 'info');
    };
    const onPaste = (e: ClipboardEvent) => {
      if (editable(e.target) || useUiStore.getState().dialog) return;
      const text = e.clipboardData?.getData('text/plain');
      if (text && pasteText(text)) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    document.addEventListener('copy', onCopy);
    document.addEventListener('cut', onCopy);
    document.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('keydown', onKey);
      document.removeEventListener('copy', onCopy);
      document.removeEventListener('cut', onCopy);
      document.removeEventListener('paste', onPaste);
    };
  }, []);
}
