import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { act, cleanup, fireEvent, render } from '@testing-library/react';
import { dataTriggerListResponseSchema, scheduleListResponseSchema, scheduleSavedResponseSchema } from '@coinlab/shared';
import { useGraphStore } from '../stores/graph-store';
import { SchedulesPanel } from './SchedulesPanel';

/**
 * The schedules list's "1 waiting" line (issue 12): a schedule with overlap "queue" whose fire
 * is held back while the previous run goes on shows that fire, in the schedule's own zone,
 * from GET /schedules' queuedFireAt. The answers are parsed with the shared contract first, so
 * they are ones the runtime could give.
 */
const schedule = (id: string, extra: Record<string, unknown>) => ({
  id,
  name: `graph ${id}`,
  graphId: 'g1',
  graphVersion: null,
  refresh: null,
  lastRefresh: null,
  cron: '0 * * * *',
  timezone: 'Europe/Berlin',
  overlap: 'queue',
  catchUp: 'once',
  endsAt: null,
  paused: false,
  nextFireAt: '2026-12-06T10:00:00.000Z',
  queuedFireAt: null,
  lastFireAt: '2026-12-06T08:00:00.000Z',
  lastRunId: 'r1',
  lastRunStatus: 'running',
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-06T08:00:00.000Z',
  ...extra,
});
const schedules = scheduleListResponseSchema.parse({ schedules: [schedule('waits', { queuedFireAt: '2026-12-06T09:00:00.000Z' }), schedule('idle', {})] });
const triggers = dataTriggerListResponseSchema.parse({ triggers: [] });
const settle = () => act(() => new Promise((r) => setTimeout(r, 0)));
const GATE_WARNING = 'approval gate "approve" (Approve model choice) waits for a person at every fire: each run pauses there until someone answers the "approval needed" alert it raises, and until then later fires are skipped (overlap "skip"). To run unattended, set its mode to automatic, or to optional (it continues by itself after its timeout), or give it a timeout with the default action "continue".';
/** What POST /schedules answers: the new schedule, with the warnings the test sets. */
const saved = (warnings: string[]) => scheduleSavedResponseSchema.parse({ schedule: schedule('new', { name: 'Momentum', graphId: 'g1', overlap: 'skip', lastFireAt: null, lastRunId: null, lastRunStatus: null }), warnings });
let postWarnings: string[] = [];
let posted: unknown[] = [];

beforeEach(() => {
  posted = [];
  postWarnings = [];
  // The HTTP boundary only: the panel, its list hook and API client are the real ones.
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    const method = (input instanceof Request ? input.method : init?.method) ?? 'GET';
    if (method === 'POST' && url.endsWith('/schedules')) {
      posted.push(JSON.parse(String(input instanceof Request ? await input.text() : init?.body)));
      return new Response(JSON.stringify(saved(postWarnings)), { status: 201, headers: { 'content-type': 'application/json' } });
    }
    const body = url.includes('/schedules') ? schedules : url.includes('/data-triggers') ? triggers : { error: { code: 'not_found', message: `no answer for ${url}` } };
    return new Response(JSON.stringify(body), { status: 'error' in body ? 404 : 200, headers: { 'content-type': 'application/json' } });
  });
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('SchedulesPanel', () => {
  test('shows the one fire waiting for the previous run, in the schedule zone, and nothing when none waits', async () => {
    const view = render(<SchedulesPanel />);
    await settle();
    const row = (id: string) => view.container.querySelector(`tr[data-schedule="${id}"]`);
    expect(row('waits')?.querySelector('.next-fire')?.textContent).toContain('1 waiting: 2026-12-06 10:00 Europe/Berlin');
    expect(row('waits')?.querySelector('.queued-fire')?.getAttribute('title')).toContain('starts as soon as the previous run ends');
    expect(row('idle')).not.toBeNull();
    expect(row('idle')?.textContent).not.toContain('waiting');
  });

  test('after saving, shows what will keep the schedule from running unattended, until dismissed', async () => {
    useGraphStore.getState().load({ version: 2, name: 'Momentum', nodes: [], edges: [], metadata: {} }, { graphId: 'g1', version: 3 });
    postWarnings = [GATE_WARNING];
    const view = render(<SchedulesPanel />);
    await settle();
    fireEvent.click(view.getByRole('button', { name: 'Schedule' }));
    await settle();
    await settle();
    expect(posted).toEqual([expect.objectContaining({ graphId: 'g1', name: 'Momentum' })]);
    const notice = view.getByTestId('schedule-warnings');
    expect(notice.getAttribute('role')).toBe('alert');
    expect(notice.textContent).toContain('“Momentum” will not run unattended:');
    expect([...notice.querySelectorAll('li')].map((li) => li.textContent)).toEqual([GATE_WARNING]);
    // Not a toast: still there after the list has been read again.
    await act(() => new Promise((r) => setTimeout(r, 50)));
    expect(view.queryByTestId('schedule-warnings')).not.toBeNull();
    fireEvent.click(view.getByRole('button', { name: 'Dismiss' }));
    expect(view.queryByTestId('schedule-warnings')).toBeNull();
  });

  test('shows no notice when the schedule will run unattended', async () => {
    useGraphStore.getState().load({ version: 2, name: 'Momentum', nodes: [], edges: [], metadata: {} }, { graphId: 'g1', version: 3 });
    const view = render(<SchedulesPanel />);
    await settle();
    fireEvent.click(view.getByRole('button', { name: 'Schedule' }));
    await settle();
    await settle();
    expect(posted).toHaveLength(1);
    expect(view.getByRole('status').textContent).toContain('Scheduled "Momentum"');
    expect(view.queryByTestId('schedule-warnings')).toBeNull();
  });
});
