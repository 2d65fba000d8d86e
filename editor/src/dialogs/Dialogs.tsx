import { api } from '../api/client';
import { SHORTCUTS } from '../app/shortcuts';
import { VegaChart } from '../outputs/VegaChart';
import { useUiStore } from '../stores/ui-store';
import { Modal } from './Modal';
import { OpenGraphDialog } from './OpenGraphDialog';
import { ProblemsDialog } from './ProblemsDialog';
import { CandleFileDialog } from './CandleFileDialog';
import { TemplatesDialog } from './TemplatesDialog';
import { VersionsDialog } from './VersionsDialog';
import { ChangePasswordDialog } from '../auth/ChangePasswordDialog';
import { ShareDialog } from '../auth/ShareDialog';

export function Dialogs() {
  const d = useUiStore((s) => s.dialog);
  const close = useUiStore((s) => s.closeDialog);
  if (!d) return null;
  switch (d.kind) {
    case 'open':
      return <OpenGraphDialog />;
    case 'templates':
      return <TemplatesDialog />;
    case 'versions':
      return <VersionsDialog />;
    case 'change-password':
      return <ChangePasswordDialog />;
    case 'share':
      return <ShareDialog />;
    case 'import-problems':
      return <ProblemsDialog title={d.fileName} problems={d.problems} {...(d.openAnyway ? { openAnyway: d.openAnyway } : {})} />;
    case 'candle-file':
      return <CandleFileDialog file={d.file} format={d.format} />;
    case 'chart':
      return (
        <Modal
          title={d.title}
          wide
          footer={
            <>
              {d.svgArtifactId && (
                <a className="btn" href={api.artifactUrl(d.svgArtifactId, true)}>
                  Download SVG
                </a>
              )}
              {d.specArtifactId && (
                <a className="btn" href={api.artifactUrl(d.specArtifactId, true)}>
                  Download spec
                </a>
              )}
            </>
          }
        >
          {d.spec ? <VegaChart spec={d.spec} className="dialog-chart" /> : d.specArtifactId ? <VegaChart specArtifactId={d.specArtifactId} className="dialog-chart" /> : null}
        </Modal>
      );
    case 'help':
      return (
        <Modal title="Keyboard shortcuts">
          <table className="shortcuts">
            <tbody>
              {SHORTCUTS.map((s) => (
                <tr key={s.keys}>
                  <td>
                    {s.keys.split('  /  ').map((k, i) => (
                      <span key={i}>
                        {i > 0 && <span className="muted"> or </span>}
                        <kbd>{k}</kbd>
                      </span>
                    ))}
                  </td>
                  <td>{s.what}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Modal>
      );
    case 'confirm':
      return (
        <Modal
          title={d.title}
          footer={
            <>
              <button className="btn" onClick={close}>
                Cancel
              </button>
              <button
                className="btn danger"
                onClick={() => {
                  close();
                  d.onConfirm();
                }}
              >
                {d.confirmLabel}
              </button>
            </>
          }
        >
          <p>{d.message}</p>
        </Modal>
      );
  }
}
