import { afterEach, describe, expect, test, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { z } from 'zod';
import { catalogFrom, validateGraph, type CatalogEntry } from '@coinlab/shared';
import { ParamForm } from './ParamForm';
import { paramErrors } from './param-errors';
import { coinInfo } from '../api/coin-info.test-helper';

afterEach(cleanup);

const entry: CatalogEntry = {
  type: 'test.form',
  version: 1,
  ui: {
    title: 'Form test',
    category: 'utility',
    description: 'for tests',
    params: { coins: { widget: 'coins' }, from: { widget: 'date' }, seed: { advanced: true } },
  },
  params: z.object({
    period: z.number().int().min(2).max(500).default(14),
    column: z.enum(['open', 'close']).default('close'),
    enabled: z.boolean().default(true),
    coins: z.array(z.string().min(1)).min(1).default(['ETH_BTC']),
    from: z.string().optional(),
    seed: z.number().int().default(7),
    maxFeatures: z.union([z.enum(['sqrt', 'log2']), z.number().positive()]).default('sqrt'),
  }),
  inputs: {},
  outputs: {},
  cache: 'pure',
};

/** What the runtime says about these params (the shared validateGraph behind HTTP 400s and CLI exit 2). */
function runtimeMessages(params: Record<string, unknown>, key: string): string[] {
  const doc = { version: 2, nodes: [{ id: 'n', type: 'test.form', typeVersion: 1, params }], edges: [] };
  return validateGraph(doc, catalogFrom([entry])).problems.filter((p) => p.path === `nodes[0].params.${key}`).map((p) => p.message);
}

const coins = [coinInfo({ coin: 'ETH_BTC', rows: 5760 }), coinInfo({ coin: 'LTC_BTC', rows: 5760 }), coinInfo({ coin: 'XRP_ETH', rows: 500 })];

/** The form with its params held in state, as the inspector holds them in the graph store. */
function Harness({ initial, onChange }: { initial: Record<string, unknown>; onChange?: (k: string, v: unknown) => void }) {
  const [params, setParams] = useState(initial);
  return (
    <ParamForm
      entry={entry}
      params={params}
      coins={coins}
      idPrefix="t"
      onChange={(k, v) => {
        onChange?.(k, v);
        setParams((p) => {
          const next = { ...p };
          if (v === undefined) delete next[k];
          else next[k] = v;
          return next;
        });
      }}
    />
  );
}

describe('ParamForm', () => {
  test('renders a widget per param with bounds, defaults and the advanced section folded', () => {
    render(<Harness initial={{ period: 14, column: 'close', enabled: true, coins: ['ETH_BTC'] }} />);
    expect((screen.getByLabelText(/Period/) as HTMLInputElement).value).toBe('14');
    expect(screen.getByText('whole number, ≥ 2, ≤ 500')).toBeTruthy();
    expect((screen.getByLabelText(/Column/) as HTMLSelectElement).value).toBe('close');
    expect(document.querySelector('[data-param="seed"]')).toBeNull();
    fireEvent.click(screen.getByText(/Advanced/));
    expect(document.querySelector('[data-param="seed"]')).not.toBeNull();
  });

  test('invalid values are marked inline with the runtime’s messages and cleared when fixed', () => {
    const onChange = vi.fn();
    render(<Harness initial={{ period: 14 }} onChange={onChange} />);
    const input = screen.getByLabelText(/Period/);
    fireEvent.change(input, { target: { value: '1' } });
    expect(onChange).toHaveBeenLastCalledWith('period', 1);
    expect(screen.getByRole('alert').textContent).toBe('must be >= 2');
    expect(input.className).toContain('invalid');
    expect(runtimeMessages({ period: 1 }, 'period')).toEqual(['must be >= 2']);
    for (const [text, value] of [['2.5', 2.5], ['abc', 'abc']] as const) {
      fireEvent.change(input, { target: { value: text } });
      expect(onChange).toHaveBeenLastCalledWith('period', value);
      expect(screen.getAllByRole('alert').map((a) => a.textContent)).toEqual(runtimeMessages({ period: value }, 'period'));
    }
    fireEvent.change(input, { target: { value: '30' } });
    expect(screen.queryByRole('alert')).toBeNull();
    fireEvent.change(input, { target: { value: '' } });
    expect(onChange).toHaveBeenLastCalledWith('period', undefined); // back to the default
  });

  test('the coin picker offers the coins with data and edits the list', () => {
    const onChange = vi.fn();
    render(<Harness initial={{ coins: ['ETH_BTC'] }} onChange={onChange} />);
    const add = document.querySelector('[data-param="coins"] select') as HTMLSelectElement;
    expect([...add.options].map((o) => o.value)).toEqual(['', 'LTC_BTC', 'XRP_ETH']);
    fireEvent.change(add, { target: { value: 'XRP_ETH' } });
    expect(onChange).toHaveBeenLastCalledWith('coins', ['ETH_BTC', 'XRP_ETH']);
    fireEvent.click(screen.getByLabelText('Remove ETH_BTC'));
    fireEvent.click(screen.getByLabelText('Remove XRP_ETH'));
    expect(onChange).toHaveBeenLastCalledWith('coins', []);
    expect(screen.getByRole('alert').textContent).toBe('must have at least 1 item');
  });

  test('dates and booleans', () => {
    const onChange = vi.fn();
    render(<Harness initial={{}} onChange={onChange} />);
    const from = document.getElementById('t-from') as HTMLInputElement;
    expect(from.type).toBe('date');
    fireEvent.change(from, { target: { value: '2018-01-12' } });
    expect(onChange).toHaveBeenLastCalledWith('from', '2018-01-12');
    fireEvent.click(document.getElementById('t-enabled')!);
    expect(onChange).toHaveBeenLastCalledWith('enabled', false);
  });

  test('a name-or-number param is a text box that suggests the names and keeps numbers numbers', () => {
    const onChange = vi.fn();
    render(<Harness initial={{}} onChange={onChange} />);
    const input = screen.getByLabelText(/Max features/) as HTMLInputElement;
    expect(input.tagName).toBe('INPUT');
    expect(input.placeholder).toBe('sqrt');
    const list = document.getElementById(input.getAttribute('list')!) as HTMLDataListElement;
    expect([...list.querySelectorAll('option')].map((o) => o.value)).toEqual(['sqrt', 'log2']);
    fireEvent.change(input, { target: { value: '0.5' } });
    expect(onChange).toHaveBeenLastCalledWith('maxFeatures', 0.5);
    fireEvent.change(input, { target: { value: 'log2' } });
    expect(onChange).toHaveBeenLastCalledWith('maxFeatures', 'log2');
    expect(screen.queryByRole('alert')).toBeNull();
    fireEvent.change(input, { target: { value: '-1' } });
    expect(screen.getAllByRole('alert').map((a) => a.textContent)).toEqual(runtimeMessages({ maxFeatures: -1 }, 'maxFeatures'));
  });

  test('paramErrors uses the shared messages, keyed by param', () => {
    const errors = paramErrors(entry, { period: 1, column: 'high', coins: ['', 'X'] });
    expect(errors.get('period')).toEqual(['must be >= 2']);
    expect(errors.get('column')).toEqual(['must be one of "open", "close"']);
    expect(errors.get('coins')).toEqual(['[0]: must not be empty']);
  });
});
