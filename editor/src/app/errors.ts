import { ApiError } from '../api/http';
import { useUiStore } from '../stores/ui-store';

/** One place that turns a failed action into a message the user can act on. */
export function reportError(action: string, err: unknown): void {
  if (err instanceof ApiError && err.problems.length) {
    useUiStore.getState().openDialog({ kind: 'import-problems', fileName: `${action} failed: ${err.message}`, problems: err.problems });
    return;
  }
  const message = err instanceof Error ? err.message : String(err);
  useUiStore.getState().toast(`${action} failed: ${message}`, 'error');
}
