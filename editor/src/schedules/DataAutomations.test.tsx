import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { act, cleanup, fireEvent, render } from '@testing-library/react';
import { dataTriggerListResponseSchema, dataTriggerSavedResponseSchema } from '@coinlab/shared';
import { useGraphStore } from '../stores/graph-store';
import { DataAutomations } from './DataAutomations';

/**
 * "Run on new data" says, like the schedule form, what will keep the new trigger's runs from
 * going on by themselves: POST /data-triggers answers warnings, shown beside the form until
 * dismissed. The answers are parsed with the shared contract first, so they are ones the
 * runtime could give.
 */
const GATE_WARNING =
  'approval gate "approve" (Approval gate) waits for a person at every fire: each run pauses there until someone answers the "approval needed" alert it raises, and until then newer candles start no run (the trigger fires once for them after this run ends). To run unattended, set its mode to automatic, or to optional (it continues by itself after its timeout), or give it a timeout with the default action "continue".';
const trigger = { id: 't1', name: 'Momentum', graphId: 'g1', graphVersion: null, coins: ['ETH_BTC'], paused: false, watermark: null, lastFireAt: null, lastRunId: null, lastRunStatus: null, createdAt: '2026-12-06T08:00:00.000Z' };
const saved = (warnings: string[]) => dataTriggerSavedResponseSchema.parse({ trigger, warnings });
const none = dataTriggerListResponseSchema.parse({ triggers: [] });
const settle = () => act(() => new Promise((r) => setTimeout(r, 0)));
let postWarnings: string[] = [];
let posted: unknown[] = [];

beforeEach(() => {
  posted = [];
  postWarnings = [];
  useGraphStore.getState().load({ version: 2, name: 'Momentum', nodes: [], edges: [], metadata: {} }, { graphId: 'g1', version: 3 });
  // The HTTP boundary only: the form, its list hook and API client are the real ones.
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    const method = (input instanceof Request ? input.method : init?.method) ?? 'GET';
    const json = (body: unknown, status: number) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    if (method === 'POST' && url.endsWith('/data-triggers')) {
      posted.push(JSON.parse(String(input instanceof Request ? await input.text() : init?.body)));
      return json(saved(postWarnings), 201);
    }
    return url.endsWith('/data-triggers') ? json(none, 200) : json({ error: { code: 'not_found', message: `no answer for ${url}` } }, 404);
  });
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const runOnNewData = async (view: ReturnType<typeof render>) => {
  await settle();
  fireEvent.click(view.getByRole('button', { name: 'Run “Momentum” on new data' }));
  await settle();
  await settle();
  expect(posted).toEqual([{ name: 'Momentum', graphId: 'g1' }]);
};

describe('DataAutomations: run on new data', () => {
  test('after creating the trigger, shows what will keep it from running unattended, until dismissed', async () => {
    postWarnings = [GATE_WARNING];
    const view = render(<DataAutomations onScheduled={() => undefined} />);
    await runOnNewData(view);
    const notice = view.getByTestId('trigger-warnings');
    expect(notice.getAttribute('role')).toBe('alert');
    expect(notice.textContent).toContain('“Momentum” will not run unattended:');
    expect([...notice.querySelectorAll('li')].map((li) => li.textContent)).toEqual([GATE_WARNING]);
    expect(view.getByRole('status').textContent).toContain('“Momentum” runs when new candles arrive for its coins');
    // Not a toast: still there after the list has been read again.
    await act(() => new Promise((r) => setTimeout(r, 50)));
    expect(view.queryByTestId('trigger-warnings')).not.toBeNull();
    fireEvent.click(view.getByRole('button', { name: 'Dismiss' }));
    expect(view.queryByTestId('trigger-warnings')).toBeNull();
  });

  test('shows no notice when the trigger will run unattended', async () => {
    const view = render(<DataAutomations onScheduled={() => undefined} />);
    await runOnNewData(view);
    expect(view.getByRole('status').textContent).toContain('“Momentum” runs when new candles arrive for its coins');
    expect(view.queryByTestId('trigger-warnings')).toBeNull();
  });
});
