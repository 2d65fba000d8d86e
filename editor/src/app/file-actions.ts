import { useGraphStore } from '../stores/graph-store';
import { useUiStore } from '../stores/ui-store';
import { documentFileText, fileNameFor, readDocumentText } from './documents';
import { newGraph } from './graph-actions';

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

/** Opens a graph file as a new, unsaved graph; invalid files are refused with their problems. */
export async function importGraphFile(file: File): Promise<boolean> {
  const text = await file.text();
  const read = readDocumentText(text);
  const ui = useUiStore.getState();
  if (!read.ok) {
    ui.openDialog({ kind: 'import-problems', fileName: `${file.name} was not imported`, problems: read.problems });
    return false;
  }
  if (read.problems.length) {
    ui.openDialog({
      kind: 'import-problems',
      fileName: `${file.name} has problems`,
      problems: read.problems,
      openAnyway: () => {
        newGraph(read.document, { dirty: true });
        ui.closeDialog();
      },
    });
    return false;
  }
  newGraph(read.document, { dirty: true });
  ui.toast(`Imported ${file.name}`, 'success');
  return true;
}
