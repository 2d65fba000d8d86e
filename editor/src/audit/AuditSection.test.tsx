import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { act, cleanup, fireEvent, render } from '@testing-library/react';
import { AuditSection } from './AuditSection';

const entry = (id: string, action: string, extra: Record<string, unknown> = {}) => ({ id, at: '2026-12-01T10:00:00.000Z', actor: 'u-1', actorName: 'Ada', client: 'editor', action, objectType: 'graph', objectId: 'g1', reason: null, details: {}, ...extra });
const settle = () => act(() => new Promise((r) => setTimeout(r, 0)));

let urls: string[];
let scope: 'team' | 'own';
beforeEach(() => {
  urls = [];
  scope = 'team';
  // Answers as GET /audit does: the first page points at an older one.
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input) => {
    const url = String(input instanceof Request ? input.url : input);
    urls.push(url);
    const q = new URL(url, 'http://x').searchParams;
    const body = q.get('cursor') === '2'
      ? { scope, entries: [entry('1', 'graphs.create')], nextCursor: null }
      : q.get('action') === 'approval.overridden'
        ? { scope, entries: [entry('9', 'approval.overridden', { actor: 'u-2', actorName: 'alice', reason: 'the forest overfits', objectType: 'approval' })], nextCursor: null }
        : { scope, entries: [entry('3', 'graphs.delete'), entry('2', 'graphs.update', { client: 'cli', actor: 'schedule', actorName: null })], nextCursor: '2' };
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  });
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('AuditSection', () => {
  test('lists entries newest first, pages to older ones and filters through the query', async () => {
    const view = render(<AuditSection />);
    await settle();
    const actions = () => [...view.container.querySelectorAll('tr[data-audit-action]')].map((r) => r.getAttribute('data-audit-action'));
    expect(actions()).toEqual(['graphs.delete', 'graphs.update']);
    fireEvent.click(view.getByText('Older'));
    await settle();
    expect(actions()).toEqual(['graphs.delete', 'graphs.update', 'graphs.create']);
    expect(urls[1]).toContain('cursor=2');
    expect(view.queryByText('Older')).toBeNull();

    fireEvent.change(view.getByLabelText('Action'), { target: { value: 'approval.overridden' } });
    fireEvent.change(view.getByLabelText('Client'), { target: { value: 'editor' } });
    fireEvent.click(view.getByText('Filter'));
    await settle();
    expect(urls[2]).toMatch(/action=approval.overridden/);
    expect(urls[2]).toMatch(/client=editor/);
    expect(actions()).toEqual(['approval.overridden']);
    expect(view.getByText('the forest overfits')).toBeTruthy();
    expect(view.getByText('alice')).toBeTruthy();
    expect(view.queryByTestId('audit-scope-own')).toBeNull();
  });

  test("shows actors by name, an automation by its word, and says when the log is the reader's own", async () => {
    scope = 'own';
    const view = render(<AuditSection />);
    await settle();
    const actors = [...view.container.querySelectorAll('tr[data-audit-action] td:nth-child(3)')].map((td) => [td.textContent, td.getAttribute('title')]);
    expect(actors).toEqual([['Ada', 'u-1'], ['schedule', 'schedule']]);
    expect(view.getByTestId('audit-scope-own').textContent).toMatch(/Your own actions/);
  });
});
