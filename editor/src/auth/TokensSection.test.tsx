import { afterEach, describe, expect, test, vi } from 'vitest';
import { act, cleanup, fireEvent, render } from '@testing-library/react';
import { TokensSection } from './TokensSection';
import { fakeApi } from './fake-api.test-helper';

const settle = () => act(() => new Promise((r) => setTimeout(r, 0)));
type WireToken = { id: string; name: string; scope: string; prefix: string; createdAt: string; expiresAt: string | null; lastUsedAt: string | null; revokedAt: string | null };
const token = (id: string, name: string, extra: Partial<WireToken> = {}): WireToken => ({ id, name, scope: 'run', prefix: `cl_${id}`, createdAt: '2026-12-05T10:00:00.000Z', expiresAt: null, lastUsedAt: null, revokedAt: null, ...extra });

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('API tokens', () => {
  test('creates a token, shows it once with the CLI example, lists and revokes', async () => {
    let tokens = [token('t1', 'ci', { lastUsedAt: '2026-12-05T12:00:00.000Z' }), token('t0', 'old', { revokedAt: '2026-12-04T10:00:00.000Z' })];
    const server = fakeApi({
      'GET /tokens': () => ({ body: { tokens } }),
      'POST /tokens': (req) => {
        const b = req.body as { name: string; scope: string; expiresAt: string | null };
        const t = token('t2', b.name, { scope: b.scope, expiresAt: b.expiresAt });
        tokens = [...tokens, t];
        return { status: 201, body: { token: 'cl_t2_the_whole_secret', apiToken: t } };
      },
      'DELETE /tokens/t1': () => {
        tokens = tokens.map((t) => (t.id === 't1' ? { ...t, revokedAt: '2026-12-06T00:00:00.000Z' } : t));
        return { status: 204 };
      },
    });
    const view = render(<TokensSection />);
    await settle();
    // Before any token is made, the example uses the token file too.
    expect(view.container.querySelector('p code')?.textContent).toBe(`pnpm coinlab --server ${window.location.origin} --token-file ~/.coinlab-token run graph.json`);
    const row = (id: string) => view.container.querySelector(`tr[data-token-id="${id}"]`);
    expect(row('t1')?.textContent).toContain('cl_t1…');
    expect(row('t0')?.textContent).toContain('revoked');
    expect(row('t0')?.querySelector('button')).toBeNull();

    fireEvent.click(view.getByRole('button', { name: 'Create token' }));
    await settle();
    expect(view.getByRole('alert').textContent).toContain('Give the token a name');
    expect(server.sentTo('POST /tokens')).toHaveLength(0);

    fireEvent.change(view.getByLabelText('Token name'), { target: { value: 'laptop' } });
    fireEvent.change(view.getByLabelText('Scope'), { target: { value: 'read' } });
    fireEvent.change(view.getByLabelText('Expires on (optional)'), { target: { value: '2027-01-31' } });
    fireEvent.click(view.getByRole('button', { name: 'Create token' }));
    await settle();
    await settle();
    const sent = server.sentTo('POST /tokens')[0]?.body as { name: string; scope: string; expiresAt: string };
    expect(sent.name).toBe('laptop');
    expect(sent.scope).toBe('read');
    expect(new Date(sent.expiresAt).getDate()).toBe(31);
    expect((view.getByLabelText('API token') as HTMLInputElement).value).toBe('cl_t2_the_whole_secret');
    expect(view.getByText(/won’t be shown again/)).toBeTruthy();
    // The CLI examples never carry the token (shell history, ps, pnpm's echo): a private file or COINLAB_TOKEN, read at a prompt.
    const origin = window.location.origin;
    const box = view.getByRole('status', { name: 'New API token' });
    expect([...box.querySelectorAll('code.example-command')].map((c) => c.textContent)).toEqual([
      '(umask 077; cat > ~/.coinlab-token)',
      `pnpm coinlab --server ${origin} --token-file ~/.coinlab-token run graph.json`,
      'read -rs COINLAB_TOKEN && export COINLAB_TOKEN',
      `pnpm coinlab --server ${origin} run graph.json`,
    ]);
    expect(box.textContent).not.toMatch(/--token /);
    expect([...box.querySelectorAll('code')].some((c) => c.textContent!.includes('cl_t2_the_whole_secret'))).toBe(false);
    // The copy buttons: the token itself, and each command as shown.
    fireEvent.click(view.getByRole('button', { name: 'Copy API token' }));
    await settle();
    expect(await navigator.clipboard.readText()).toBe('cl_t2_the_whole_secret');
    expect(view.getByRole('button', { name: 'Copy API token' }).textContent).toBe('Copied');
    fireEvent.click(view.getByRole('button', { name: 'Copy the command that runs a graph with the token file' }));
    await settle();
    expect(await navigator.clipboard.readText()).toBe(`pnpm coinlab --server ${origin} --token-file ~/.coinlab-token run graph.json`);
    expect(row('t2')?.textContent).toContain('read');

    fireEvent.click(view.getByRole('button', { name: 'Revoke token ci' }));
    await settle();
    await settle();
    expect(server.sentTo('DELETE /tokens/t1')).toHaveLength(1);
    expect(row('t1')?.textContent).toContain('revoked');
  });
});
