import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { CandleImportPreview, GraphDocument } from '@coinlab/shared';
import { useGraphStore } from '../stores/graph-store';
import { useUiStore } from '../stores/ui-store';
import { useCandleInbox } from '../data/candle-inbox';
import { Dialogs } from '../dialogs/Dialogs';
import { BottomDock } from '../panels/BottomDock';
import { TopBar } from './TopBar';
import { unsavedGraph } from './unsaved-graph.fixture';

/**
 * The top bar's Import with a candle file: said plainly, not a graph-validation error, and the
 * file handed to the Data tab, whose preview starts. A graph file still imports as before.
 */
function Shell() {
  return (
    <>
      <TopBar />
      <Dialogs />
      <BottomDock />
    </>
  );
}

const unsaved = unsavedGraph;
const T = Date.UTC(2024, 0, 1);
const CSV = 'timestamp,open,high,low,close,volume\n2024-01-01T00:00:00Z,1,2,0.5,1.5,10\n2024-01-01T01:00:00Z,1.5,2,1,1.8,12\n';
const preview: CandleImportPreview = {
  coin: 'PREVIEW',
  format: 'csv',
  rows: 2,
  firstTs: T,
  lastTs: T + 3_600_000,
  head: [
    { ts: T, open: 1, high: 2, low: 0.5, close: 1.5, volume: 10 },
    { ts: T + 3_600_000, open: 1.5, high: 2, low: 1, close: 1.8, volume: 12 },
  ],
  issueCount: 0,
  issues: [],
};

/** The server's end of the upload (the HTTP boundary only): what was posted, answered with the preview. */
const uploads: { url: string; body: string }[] = [];
class ServerXhr {
  status = 0;
  responseText = '';
  upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  private url = '';
  open(_method: string, url: string) {
    this.url = url;
  }
  setRequestHeader() {}
  send(body: Blob) {
    void body.text().then((text) => {
      uploads.push({ url: this.url, body: text });
      this.status = 200;
      this.responseText = JSON.stringify(preview);
      this.onload?.();
    });
  }
}

const settle = () => act(() => new Promise((r) => setTimeout(r, 0)));
const pick = (file: File) => fireEvent.change(screen.getByTestId('import-file'), { target: { files: [file] } });

beforeEach(() => {
  uploads.length = 0;
  vi.stubGlobal('XMLHttpRequest', ServerXhr);
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input) => {
    const url = String(input instanceof Request ? input.url : input).replace(/\?.*$/, '');
    return url === '/api/v1/coins' ? new Response(JSON.stringify({ coins: [] }), { headers: { 'content-type': 'application/json' } }) : new Response('{}', { status: 404 });
  });
  useUiStore.setState({ toasts: [], busy: null, dialog: null, bottomTab: 'problems', bottomOpen: true });
  useCandleInbox.setState({ files: [] });
  useGraphStore.getState().load(unsaved, { graphId: null, version: null, dirty: true });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('Import in the top bar', () => {
  test('a candle CSV is named as candles (no graph errors, no discard question) and goes to the Data tab, whose preview starts', async () => {
    render(<Shell />);
    pick(new File([CSV], 'sol prices.csv', { type: 'text/csv' }));
    await settle();
    expect(screen.getByTestId('candle-file-message').textContent).toBe('This is a candle file, not a graph — import candles in the Data tab.');
    expect(document.querySelector('.modal-title')?.textContent).toBe('sol prices.csv is a candle file');
    expect(screen.queryByTestId('import-problems')).toBeNull();
    expect(useGraphStore.getState().meta.name).toBe('My unsaved work');

    fireEvent.click(screen.getByRole('button', { name: 'Open the Data tab' }));
    await settle();
    await settle();
    expect(useUiStore.getState().dialog).toBeNull();
    expect(screen.getByRole('tab', { name: 'Data' }).getAttribute('aria-selected')).toBe('true');
    expect(uploads).toEqual([{ url: '/api/v1/candles/import?coin=PREVIEW&format=csv&preview=1', body: CSV }]);
    const card = await screen.findByTestId('import-card');
    expect((screen.getByLabelText('Coin name') as HTMLInputElement).value).toBe('SOL_PRICES');
    expect(card.querySelectorAll('.import-preview tbody tr')).toHaveLength(2);
    expect(useCandleInbox.getState().files).toEqual([]);
    expect(useGraphStore.getState().meta.name).toBe('My unsaved work');
  });

  test('a ccxt JSON array is candles too; Cancel leaves everything as it was', async () => {
    render(<Shell />);
    pick(new File([JSON.stringify([[T, 1, 2, 0.5, 1.5, 10]])], 'ETH_BTC-5m.json', { type: 'application/json' }));
    await settle();
    expect(screen.getByTestId('candle-file-message')).toBeTruthy();
    expect(screen.getByRole('dialog').textContent).toContain('A JSON array of [time, open, high, low, close, volume] rows');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await settle();
    expect(useUiStore.getState().bottomTab).toBe('problems');
    expect(useCandleInbox.getState().files).toEqual([]);
    expect(uploads).toEqual([]);
  });

  test('a graph file still imports after the unsaved-changes question; a broken one lists its problems', async () => {
    render(<Shell />);
    const graph: GraphDocument = { ...unsaved, name: 'From a file', nodes: [{ ...unsaved.nodes[0]!, id: 'other' }] };
    pick(new File([JSON.stringify(graph)], 'from-a-file.graph.json', { type: 'application/json' }));
    await settle();
    expect(document.querySelector('.modal-title')?.textContent).toBe('Discard unsaved changes?');
    fireEvent.click(screen.getByRole('button', { name: 'Discard' }));
    await settle();
    expect(useGraphStore.getState().meta.name).toBe('From a file');

    pick(new File(['{"version": 2, "nodes": 3}'], 'broken.graph.json', { type: 'application/json' }));
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Discard' }));
    await settle();
    expect(document.querySelector('.modal-title')?.textContent).toBe('broken.graph.json was not imported');
    expect(screen.queryByTestId('candle-file-message')).toBeNull();
  });
});
