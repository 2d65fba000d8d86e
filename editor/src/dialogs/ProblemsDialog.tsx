import { useUiStore } from '../stores/ui-store';
import { Modal } from './Modal';

/** A refused import (or save/open) with every problem and its path. */
export function ProblemsDialog({ title, problems, openAnyway }: { title: string; problems: { path: string; message: string }[]; openAnyway?: () => void }) {
  const close = useUiStore((s) => s.closeDialog);
  return (
    <Modal
      title={title}
      footer={
        <>
          {openAnyway && (
            <button className="btn" onClick={openAnyway}>
              Open anyway
            </button>
          )}
          <button className="btn primary" onClick={close}>
            OK
          </button>
        </>
      }
    >
      <p className="muted">
        {problems.length} problem{problems.length === 1 ? '' : 's'}:
      </p>
      <ul className="problem-list in-dialog" data-testid="import-problems">
        {problems.map((p, i) => (
          <li key={i}>
            <span className="problem-icon">!</span>
            <span className="problem-path mono">{p.path}</span>
            <span className="problem-msg">{p.message}</span>
          </li>
        ))}
      </ul>
    </Modal>
  );
}
