import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { act, cleanup, fireEvent, render } from '@testing-library/react';
import { LlmProviderPanel } from './LlmProviderPanel';

const settle = () => act(() => new Promise((r) => setTimeout(r, 0)));
const KEY = 'sk-proj-panel0123456789wxyz';

interface Stored {
  scope: 'team' | 'user';
  baseUrl: string;
  model: string;
  keyMasked: string | null;
  prices?: { inputPerMTokens: number; outputPerMTokens: number };
  updatedBy: string;
  updatedAt: string;
}

/** A runtime in memory that answers as /llm/credentials does: the key is kept, only its mask is answered. */
function fakeRuntime(role: string | null) {
  const stored: Record<'team' | 'user', Stored | null> = { team: null, user: null };
  const requests: { method: string; url: string; body: unknown }[] = [];
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    const method = init?.method ?? 'GET';
    const body: unknown = init?.body ? JSON.parse(String(init.body)) : undefined;
    requests.push({ method, url, body });
    const reply = (status: number, json: unknown) => new Response(JSON.stringify(json), { status, headers: { 'content-type': 'application/json' } });
    if (url.endsWith('/auth/state')) return role ? reply(200, { setupNeeded: false, csrfToken: null, user: { id: 'u1', name: 'Ann', email: null, role, createdAt: '2026-12-01T00:00:00.000Z' } }) : reply(404, { error: { code: 'not_found', message: 'no route' } });
    if (url.endsWith('/llm/credentials')) {
      return reply(200, { ...stored, environment: { configured: false, baseUrl: null, model: null }, source: stored.user ? 'user' : stored.team ? 'team' : 'none' });
    }
    const scope = url.endsWith('/team') ? 'team' : 'user';
    if (method === 'DELETE') {
      stored[scope] = null;
      return reply(200, { removed: true });
    }
    const b = body as { baseUrl: string; model: string; apiKey?: string; prices?: Stored['prices'] };
    const masked = b.apiKey ? `sk-…${b.apiKey.slice(-4)}` : (stored[scope]?.keyMasked ?? null);
    stored[scope] = { scope, baseUrl: b.baseUrl, model: b.model, keyMasked: masked, ...(b.prices ? { prices: b.prices } : {}), updatedBy: 'u1', updatedAt: '2026-12-06T04:00:00.000Z' };
    return reply(200, { credential: stored[scope] });
  });
  return { stored, requests };
}

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('LlmProviderPanel', () => {
  let rt: ReturnType<typeof fakeRuntime>;
  beforeEach(() => {
    rt = fakeRuntime('owner');
  });

  test('keeps what was typed before the stored settings arrived, and saves it', async () => {
    const view = render(<LlmProviderPanel />);
    // Typed at once, before the first GET /llm/credentials has answered.
    fireEvent.change(view.getByLabelText('Base URL'), { target: { value: 'http://localhost:11434/v1' } });
    fireEvent.change(view.getByLabelText('Model'), { target: { value: 'llama3.1' } });
    await settle();
    expect((view.getByLabelText('Model') as HTMLInputElement).value).toBe('llama3.1');
    fireEvent.click(view.getByText('Save'));
    await settle();
    expect(rt.requests.find((r) => r.method === 'PUT')?.body).toEqual({ baseUrl: 'http://localhost:11434/v1', model: 'llama3.1' });
  });

  test('saves my provider with its key, then shows the key masked and an empty key field', async () => {
    const view = render(<LlmProviderPanel />);
    await settle();
    expect(view.getByTestId('llm-provider').textContent).toMatch(/Your LLM calls use nothing/);
    fireEvent.change(view.getByLabelText('Base URL'), { target: { value: 'http://localhost:11434/v1' } });
    fireEvent.change(view.getByLabelText('Model'), { target: { value: 'llama3.1' } });
    fireEvent.change(view.getByLabelText('API key'), { target: { value: KEY } });
    fireEvent.change(view.getByLabelText('Input $ / 1M tokens'), { target: { value: '0.5' } });
    fireEvent.change(view.getByLabelText('Output $ / 1M tokens'), { target: { value: '1.5' } });
    fireEvent.click(view.getByText('Save'));
    await settle();
    const put = rt.requests.find((r) => r.method === 'PUT');
    expect(put?.url).toMatch(/\/llm\/credentials\/user$/);
    expect(put?.body).toEqual({ baseUrl: 'http://localhost:11434/v1', model: 'llama3.1', apiKey: KEY, prices: { inputPerMTokens: 0.5, outputPerMTokens: 1.5 } });
    expect(view.getByTestId('llm-key-masked').textContent).toBe('sk-…wxyz');
    const keyField = view.getByLabelText('API key') as HTMLInputElement;
    expect(keyField.type).toBe('password');
    expect(keyField.value).toBe('');
    expect(keyField.placeholder).toContain('sk-…wxyz');
    expect(view.container.innerHTML).not.toContain(KEY);
    expect(view.getByTestId('llm-provider').textContent).toMatch(/Your LLM calls use your own provider/);
    expect((view.getByLabelText('Model') as HTMLInputElement).value).toBe('llama3.1');

    // Saving again without typing a key keeps the stored one: no apiKey is sent.
    fireEvent.change(view.getByLabelText('Model'), { target: { value: 'llama3.2' } });
    fireEvent.click(view.getByText('Save'));
    await settle();
    expect(rt.requests.filter((r) => r.method === 'PUT').at(-1)?.body).not.toHaveProperty('apiKey');
    expect(view.getByTestId('llm-key-masked').textContent).toBe('sk-…wxyz');

    fireEvent.click(view.getByText('Remove'));
    await settle();
    expect(rt.requests.at(-2)).toMatchObject({ method: 'DELETE' });
    expect(view.queryByTestId('llm-key-masked')).toBeNull();
    expect((view.getByLabelText('Model') as HTMLInputElement).value).toBe('');
  });

  test('names bad fields before sending and sends nothing', async () => {
    const view = render(<LlmProviderPanel />);
    await settle();
    fireEvent.change(view.getByLabelText('Base URL'), { target: { value: 'localhost:11434' } });
    fireEvent.change(view.getByLabelText('Output $ / 1M tokens'), { target: { value: '-2' } });
    fireEvent.click(view.getByText('Save'));
    await settle();
    expect(view.getByText(/an http\(s\) URL/)).toBeTruthy();
    expect(view.getByText(/the model name/)).toBeTruthy();
    expect(view.getByText(/a number of USD/)).toBeTruthy();
    expect(rt.requests.some((r) => r.method === 'PUT')).toBe(false);
  });

  test('offers the team scope to an owner and saves to it', async () => {
    const view = render(<LlmProviderPanel />);
    await settle();
    fireEvent.click(view.getByRole('radio', { name: 'Team' }));
    fireEvent.change(view.getByLabelText('Base URL'), { target: { value: 'https://api.openai.com/v1' } });
    fireEvent.change(view.getByLabelText('Model'), { target: { value: 'gpt-4o-mini' } });
    fireEvent.change(view.getByLabelText('API key'), { target: { value: KEY } });
    fireEvent.click(view.getByText('Save'));
    await settle();
    expect(rt.requests.find((r) => r.method === 'PUT')?.url).toMatch(/\/llm\/credentials\/team$/);
    expect(rt.stored.team?.model).toBe('gpt-4o-mini');
    fireEvent.click(view.getByRole('radio', { name: 'Mine' }));
    expect((view.getByLabelText('Model') as HTMLInputElement).value).toBe('');
  });
});

describe('LlmProviderPanel for other roles', () => {
  test('a member sees only their own scope', async () => {
    fakeRuntime('member');
    const view = render(<LlmProviderPanel />);
    await settle();
    expect(view.queryByRole('radio', { name: 'Team' })).toBeNull();
    expect(view.getByRole('radio', { name: 'Mine' })).toBeTruthy();
  });
  test('without accounts (no /auth/state) the local owner may set the team provider', async () => {
    fakeRuntime(null);
    const view = render(<LlmProviderPanel />);
    await settle();
    expect(view.getByRole('radio', { name: 'Team' })).toBeTruthy();
  });
});
