import { useState } from 'react';
import { useGraphStore } from '../stores/graph-store';

/** The graph's name, edited in place: committed on Enter or blur as one undoable rename. */
/** `label` names the field for assistive tech: two fields on one page need two names. */
export function InlineName({ className, label = 'Graph name' }: { className?: string; label?: string }) {
  const name = useGraphStore((s) => s.meta.name);
  const readOnly = useGraphStore((s) => s.readOnly);
  const [draft, setDraft] = useState<string | null>(null);
  const commit = () => {
    if (draft !== null) useGraphStore.getState().rename(draft);
    setDraft(null);
  };
  return (
    <input
      className={className}
      value={draft ?? name}
      aria-label={label}
      title={name}
      readOnly={readOnly}
      spellCheck={false}
      onFocus={() => setDraft(name)}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
        if (e.key === 'Escape') {
          setDraft(null);
          (e.target as HTMLInputElement).blur();
        }
      }}
    />
  );
}
