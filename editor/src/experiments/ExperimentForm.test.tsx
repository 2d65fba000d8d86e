import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { act, cleanup, fireEvent, render, within } from '@testing-library/react';
import { catalog } from '@coinlab/nodes';
import { catalogNode, experimentCreateSchema, formatPath } from '@coinlab/shared';
import { useGraphStore } from '../stores/graph-store';
import { ExperimentForm } from './ExperimentForm';

/**
 * The experiment form: a range's scale, a choice narrowed to ticked values, the auto-approve
 * margin, and a server 400 shown at the fields it names. The catalog answer is built from the
 * real node catalog as the runtime's GET /catalog builds it; the 400's paths are written with
 * the runtime's own path formatter (shared formatPath), so `searchSpace[0].min` is what arrives.
 */
const doc = {
  version: 2 as const,
  name: 'Tunable',
  nodes: [
    { id: 'load', type: 'data.load_candles', typeVersion: 2, params: { coins: ['ETH_BTC'] }, position: { x: 0, y: 0 } },
    { id: 'clean', type: 'clean.missing_values', typeVersion: 1, params: {}, position: { x: 300, y: 0 } },
    { id: 'bt', type: 'backtest.long_flat', typeVersion: 1, params: {}, position: { x: 600, y: 0 } },
  ],
  edges: [],
  metadata: {},
};
const catalogAnswer = { nodes: [...catalog.values()].map(catalogNode) };
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const created = {
  experiment: { id: 'e1', name: 'Tunable', graphId: 'g1', graphVersion: 1, status: 'running', stopReason: null, spec: experimentCreateSchema.parse({
      name: 'Tunable',
      graphId: '00000000-0000-4000-8000-000000000001',
      searchSpace: [{ node: 'bt', param: 'feeBps', type: 'float', min: 0, max: 50 }],
      objective: { node: 'bt', metric: 'sharpe', direction: 'maximize' },
      evaluation: { dataNode: 'load', from: '2025-01-01', holdoutFrom: '2025-06-01', to: '2025-12-31' },
      stopRules: { maxIterations: 20 },
      autoApprove: { enabled: true },
    }),
    startedAt: '2026-01-01T00:00:00.000Z', nextIterationAt: null, championIterationId: null, championHoldout: null, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' },
};

let sent: Record<string, unknown>[];
let answers: Response[];
beforeEach(() => {
  sent = [];
  answers = [];
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    if (url.endsWith('/catalog')) return json(catalogAnswer);
    if (url.endsWith('/experiments') && init?.method === 'POST') {
      sent.push(JSON.parse(String(init.body)) as Record<string, unknown>);
      return answers.shift() ?? json({ error: { code: 'test', message: 'no answer queued' } }, 500);
    }
    return json({ error: { code: 'not_found', message: url } }, 404);
  });
  useGraphStore.getState().load(doc, { graphId: 'g1', version: 1 });
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const settle = () => act(() => new Promise((r) => setTimeout(r, 0)));
async function renderForm() {
  const onCreated = vi.fn();
  const view = render(<ExperimentForm onCreated={onCreated} />);
  await act(async () => {
    for (let i = 0; i < 20 && !view.queryByLabelText('Search bt.feeBps'); i++) await new Promise((r) => setTimeout(r, 10));
  });
  return { ...view, onCreated };
}
const submit = async (v: { getByRole: (r: string, o: { name: string }) => HTMLElement }) => {
  fireEvent.click(v.getByRole('button', { name: 'Start experiment' }));
  await settle();
  await settle();
};

describe('ExperimentForm', () => {
  test('sends a log-scale range, a choice narrowed to the ticked values and the auto-approve margin', async () => {
    answers.push(json(created, 201));
    const v = await renderForm();
    fireEvent.click(v.getByLabelText('Search bt.feeBps'));
    fireEvent.click(v.getByLabelText('Search clean.strategy'));
    // A row per picked param in search-space order (the graph's), the choice with every value ticked.
    const rows = v.container.querySelectorAll('.search-ranges > div');
    expect([...rows].map((r) => r.getAttribute('data-param'))).toEqual(['clean.strategy', 'bt.feeBps']);
    expect((v.getByLabelText('bt.feeBps scale') as HTMLSelectElement).value).toBe('linear');
    fireEvent.change(v.getByLabelText('bt.feeBps min'), { target: { value: '0.1' } });
    fireEvent.change(v.getByLabelText('bt.feeBps max'), { target: { value: '100' } });
    fireEvent.change(v.getByLabelText('bt.feeBps scale'), { target: { value: 'log' } });
    const choice = within(rows[0] as HTMLElement);
    expect(choice.getAllByRole('checkbox').map((c) => (c as HTMLInputElement).checked)).toEqual([true, true, true]);
    fireEvent.click(v.getByLabelText('clean.strategy value interpolate'));
    fireEvent.click(v.getByLabelText('Auto-approve'));
    fireEvent.change(v.getByLabelText('auto-approve margin'), { target: { value: '0.25' } });
    await submit(v);

    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      graphId: 'g1',
      searchSpace: [
        { node: 'clean', param: 'strategy', type: 'choice', values: ['ffill', 'drop'] },
        { node: 'bt', param: 'feeBps', type: 'float', min: 0.1, max: 100, scale: 'log' },
      ],
      autoApprove: { enabled: true, minImprovement: 0.25 },
    });
    expect(v.onCreated).toHaveBeenCalledWith('e1');
  });

  test('marks a log scale reaching 0 and a choice with one value at their inputs, and sends nothing', async () => {
    const v = await renderForm();
    fireEvent.click(v.getByLabelText('Search bt.feeBps'));
    fireEvent.click(v.getByLabelText('Search clean.strategy'));
    fireEvent.change(v.getByLabelText('bt.feeBps scale'), { target: { value: 'log' } });
    fireEvent.click(v.getByLabelText('clean.strategy value interpolate'));
    fireEvent.click(v.getByLabelText('clean.strategy value drop'));
    fireEvent.change(v.getByLabelText('auto-approve margin'), { target: { value: '-1' } });
    await submit(v);
    expect(sent).toEqual([]);
    const range = v.container.querySelector('.range-row[data-param="bt.feeBps"]')!;
    expect(range.querySelector('.field-problem')!.textContent).toBe('must be above 0 on a log scale');
    expect(v.getByLabelText('bt.feeBps min').getAttribute('aria-invalid')).toBe('true');
    const choice = v.container.querySelector('.choice-row[data-param="clean.strategy"]')!;
    expect(choice.querySelector('.field-problem')!.textContent).toBe('tick at least 2 values to choose from (1 ticked)');
    expect(v.getByLabelText('auto-approve margin').getAttribute('aria-invalid')).toBe('true');
    // Back to linear clears the mark that the log scale caused.
    fireEvent.change(v.getByLabelText('bt.feeBps scale'), { target: { value: 'linear' } });
    expect(range.querySelector('.field-problem')).toBeNull();
    fireEvent.click(v.getByLabelText('clean.strategy value drop'));
    expect(choice.querySelector('.field-problem')).toBeNull();
  });

  test('shows each problem of a server 400 next to the field its path names', async () => {
    const problems = [
      { path: formatPath(['searchSpace', 1, 'min']), message: '0.1 is outside the schema of bt.feeBps' },
      { path: formatPath(['searchSpace', 0, 'values', 1]), message: '"drop" is outside the schema of clean.strategy' },
      { path: formatPath(['evaluation', 'holdoutFrom']), message: 'must be after from (2024-01-01)' },
      { path: formatPath(['constraints', 'minSharpe']), message: 'cannot be checked there' },
    ];
    expect(problems[0]!.path).toBe('searchSpace[1].min');
    answers.push(json({ error: { code: 'invalid_request', message: 'bad spec', problems } }, 400));
    const v = await renderForm();
    fireEvent.click(v.getByLabelText('Search bt.feeBps'));
    fireEvent.click(v.getByLabelText('Search clean.strategy'));
    await submit(v);
    expect(sent).toHaveLength(1);
    const at = (el: Element | null) => el?.parentElement?.querySelector('.field-problem')?.textContent;
    expect(at(v.getByLabelText('bt.feeBps min'))).toBe('0.1 is outside the schema of bt.feeBps');
    expect(v.getByLabelText('bt.feeBps min').getAttribute('aria-invalid')).toBe('true');
    expect(v.getByLabelText('bt.feeBps max').getAttribute('aria-invalid')).toBeNull();
    expect(v.container.querySelector('.choice-row[data-param="clean.strategy"] .field-problem')!.textContent).toBe('"drop" is outside the schema of clean.strategy');
    expect(at(v.getByLabelText('Holdout from'))).toBe('must be after from (2024-01-01)');
    expect(v.getByLabelText('Holdout from').getAttribute('aria-invalid')).toBe('true');
    // A problem in the folded section opens it.
    expect((v.container.querySelector('details.experiment-advanced') as HTMLDetailsElement).open).toBe(true);
    expect(at(v.getByLabelText('min Sharpe'))).toBe('cannot be checked there');
    // The status line says them all, by the server's paths.
    expect(v.getByRole('status').textContent).toContain('searchSpace[1].min: 0.1 is outside the schema of bt.feeBps');
    // Editing a marked field clears its mark only.
    fireEvent.change(v.getByLabelText('Holdout from'), { target: { value: '2024-02-01' } });
    expect(v.getByLabelText('Holdout from').getAttribute('aria-invalid')).toBeNull();
    expect(v.getByLabelText('bt.feeBps min').getAttribute('aria-invalid')).toBe('true');
    expect(v.onCreated).not.toHaveBeenCalled();
  });
});
