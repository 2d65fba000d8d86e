import { useCandleInbox } from '../data/candle-inbox';
import { showDataPanel } from '../data/show-data-panel';
import { useUiStore } from '../stores/ui-store';
import { Modal } from './Modal';

/**
 * A candle file picked with the top bar's Import: said plainly (not a graph-validation error),
 * with the way to where candles are imported. The file goes along, so the Data tab's preview starts.
 */
export function CandleFileDialog({ file, format }: { file: File; format: 'json' | 'csv' }) {
  const close = useUiStore((s) => s.closeDialog);
  const openDataTab = () => {
    useCandleInbox.getState().hand([file]);
    close();
    showDataPanel();
  };
  return (
    <Modal
      title={`${file.name} is a candle file`}
      footer={
        <>
          <button className="btn" onClick={close}>
            Cancel
          </button>
          <button className="btn primary" onClick={openDataTab}>
            Open the Data tab
          </button>
        </>
      }
    >
      <p data-testid="candle-file-message">This is a candle file, not a graph — import candles in the Data tab.</p>
      <p className="muted">
        {format === 'json' ? 'A JSON array of [time, open, high, low, close, volume] rows' : 'A CSV with open, high, low and close columns'}: the Data tab
        shows its first rows and checks every line before anything is imported. The canvas is left as it is.
      </p>
    </Modal>
  );
}
