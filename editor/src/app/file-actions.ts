import { recognizeCandleFile } from '@coinlab/shared';
import { useGraphStore } from '../stores/graph-store';
import { useUiStore } from '../stores/ui-store';
import { documentFileText, fileNameFor, readDocumentText } from './documents';
import { newGraph } from './graph-actions';
import { confirmReplaceCanvas } from './replace-guard';

/** Export downloads the document as `<name>.graph.json`; import reads one back. */
export function exportGraph(): void {
  const doc = useGraphStore.getState().toDocument();
  const blob = new Blob([documentFileText(doc)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileNameFor(doc);
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * The top bar's Import. A graph file opens as a new, unsaved graph once the unsaved-changes
 * guard agrees. A candle file (the shared recogniser's rule, the one the candle import reads
 * by) is not a broken graph: it is named as candles and sent to the Data tab, canvas untouched.
 */
export async function importFile(file: File): Promise<void> {
  const text = await file.text();
  const candles = recognizeCandleFile(text);
  if (candles) return useUiStore.getState().openDialog({ kind: 'candle-file', file, format: candles });
  confirmReplaceCanvas(`Importing ${file.name}`, () => importGraphText(file.name, text));
}

/** Opens a graph file's text as a new, unsaved graph; invalid files are refused with their problems. */
export function importGraphText(fileName: string, text: string): boolean {
  const read = readDocumentText(text);
  const ui = useUiStore.getState();
  if (!read.ok) {
    ui.openDialog({ kind: 'import-problems', fileName: `${fileName} was not imported`, problems: read.problems });
    return false;
  }
  if (read.problems.length) {
    ui.openDialog({
      kind: 'import-problems',
      fileName: `${fileName} has problems`,
      problems: read.problems,
      openAnyway: () => {
        newGraph(read.document, { dirty: true });
        ui.closeDialog();
      },
    });
    return false;
  }
  newGraph(read.document, { dirty: true });
  ui.toast(`Imported ${fileName}`, 'success');
  return true;
}
