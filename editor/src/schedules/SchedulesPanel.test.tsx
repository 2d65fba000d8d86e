import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { act, cleanup, render } from '@testing-library/react';
import { dataTriggerListResponseSchema, scheduleListResponseSchema } from '@coinlab/shared';
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

beforeEach(() => {
  // The HTTP boundary only: the panel, its list hook and API client are the real ones.
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input) => {
    const url = String(input instanceof Request ? input.url : input);
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
});
