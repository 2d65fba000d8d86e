import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { GraphDocument } from '@coinlab/shared';
import { useGraphStore } from '../stores/graph-store';
import { useUiStore } from '../stores/ui-store';
import { usePlannerStore } from '../planner/planner-store';
import { Dialogs } from '../dialogs/Dialogs';
import { PlannerLayer } from '../planner/PlanButton';
import { TopBar } from './TopBar';
import { unsavedGraph } from './unsaved-graph.fixture';

/**
 * Every action that puts another graph on the canvas asks before unsaved edits are thrown
 * away: New and Import did; Open, Templates and Plan from goal replaced the canvas silently.
 */
function Shell() {
  return (
    <>
      <TopBar />
      <Dialogs />
      <PlannerLayer />
    </>
  );
}

const unsaved = unsavedGraph;
const other: GraphDocument = { ...unsaved, name: 'Saved elsewhere', nodes: [{ ...unsaved.nodes[0]!, id: 'other' }] };

/** The server's answers (a stand-in for the HTTP boundary only; every editor part is real). */
const responses: Record<string, unknown> = {
  '/api/v1/graphs': { graphs: [{ id: 'g2', name: 'Saved elsewhere', currentVersion: 1, createdAt: '2026-01-05T10:00:00.000Z', updatedAt: '2026-01-05T11:00:00.000Z' }] },
  '/api/v1/graphs/g2': { graph: { id: 'g2', name: 'Saved elsewhere', currentVersion: 1, createdAt: '2026-01-05T10:00:00.000Z', updatedAt: '2026-01-05T11:00:00.000Z' }, version: 1, document: other },
  '/api/v1/templates': { templates: [{ name: 'moving-averages', title: 'Moving averages', description: '', tags: [] }] },
  '/api/v1/templates/moving-averages': { document: { ...other, name: 'Moving averages' } },
};
let requests: string[];
const settle = () => act(() => new Promise((r) => setTimeout(r, 0)));
const canvasName = () => useGraphStore.getState().meta.name;
const dialogTitle = () => document.querySelector('.modal-title')?.textContent ?? null;

beforeEach(() => {
  requests = [];
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input) => {
    const url = String(input instanceof Request ? input.url : input).replace(/\?.*$/, '');
    requests.push(url);
    const body = responses[url];
    return body ? new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } }) : new Response('{}', { status: 404 });
  });
  useUiStore.setState({ toasts: [], busy: null, dialog: null });
  usePlannerStore.setState({ open: false });
  useGraphStore.getState().load(unsaved, { graphId: null, version: null, dirty: true });
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('actions that replace the canvas ask first', () => {
  test('Open: picking a graph asks; Cancel keeps the canvas and fetches nothing, Discard opens it', async () => {
    render(<Shell />);
    fireEvent.click(screen.getByRole('button', { name: 'Open' }));
    await settle();
    fireEvent.click(await screen.findByText('Saved elsewhere'));
    expect(dialogTitle()).toBe('Discard unsaved changes?');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await settle();
    expect(canvasName()).toBe('My unsaved work');
    expect(requests).not.toContain('/api/v1/graphs/g2');

    fireEvent.click(screen.getByRole('button', { name: 'Open' }));
    fireEvent.click(await screen.findByText('Saved elsewhere'));
    fireEvent.click(screen.getByRole('button', { name: 'Discard' }));
    await vi.waitFor(() => expect(canvasName()).toBe('Saved elsewhere'), { timeout: 10_000 });
  });

  test('Templates: picking a template asks; Cancel keeps the canvas', async () => {
    render(<Shell />);
    fireEvent.click(screen.getByRole('button', { name: 'Templates' }));
    const card = await screen.findByText('Moving averages');
    fireEvent.click(card);
    expect(dialogTitle()).toBe('Discard unsaved changes?');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await settle();
    expect(canvasName()).toBe('My unsaved work');
    expect(requests).not.toContain('/api/v1/templates/moving-averages');

    fireEvent.click(screen.getByRole('button', { name: 'Templates' }));
    fireEvent.click(await screen.findByText('Moving averages'));
    fireEvent.click(screen.getByRole('button', { name: 'Discard' }));
    await vi.waitFor(() => expect(canvasName()).toBe('Moving averages'), { timeout: 10_000 });
  });

  test('Plan from goal asks before the goal box opens', async () => {
    render(<Shell />);
    fireEvent.click(screen.getByRole('button', { name: /Plan from goal/ }));
    expect(dialogTitle()).toBe('Discard unsaved changes?');
    expect(usePlannerStore.getState().open).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Discard' }));
    expect(usePlannerStore.getState().open).toBe(true);
  });

  test('with nothing unsaved every action goes ahead without a question', async () => {
    act(() => useGraphStore.getState().load(unsaved, { graphId: 'g1', version: 1 }));
    render(<Shell />);
    fireEvent.click(screen.getByRole('button', { name: /Plan from goal/ }));
    expect(useUiStore.getState().dialog).toBeNull();
    expect(usePlannerStore.getState().open).toBe(true);
  });
});
