import { useEffect } from 'react';
import { useCatalogStore } from '../stores/catalog-store';
import { openTemplate } from '../app/graph-actions';
import { confirmReplaceCanvas } from '../app/replace-guard';
import { Modal } from './Modal';

/** Ready graphs from templates/; one click opens a runnable copy. */
export function TemplatesDialog() {
  const templates = useCatalogStore((s) => s.templates);
  const error = useCatalogStore((s) => s.templatesError);
  useEffect(() => {
    void useCatalogStore.getState().loadTemplates(true);
  }, []);
  return (
    <Modal title="Templates" wide>
      {error && <div className="field-error">{error}</div>}
      {templates && !templates.length && <div className="muted pad">No templates are installed.</div>}
      {!templates && !error && <div className="muted pad">Loading…</div>}
      <div className="template-grid">
        {templates?.map((t) => (
          <button key={t.name} className="template-card" onClick={() => confirmReplaceCanvas(`Opening the template “${t.title}”`, () => void openTemplate(t.name, t.title))} data-template={t.name}>
            <div className="template-title">{t.title}</div>
            <div className="template-desc">{t.description}</div>
            <div className="template-name mono">{t.name}</div>
          </button>
        ))}
      </div>
    </Modal>
  );
}
