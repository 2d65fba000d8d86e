import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';

/** Cross-field param rules reach the CLI through the shared validateGraph: exit 2 with the path. */
const tmp = mkdtempSync(path.join(os.tmpdir(), 'coinlab-cross-field-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('coinlab validate: rules between params', () => {
  it('exits 2 for an inverted date range and MACD fast >= slow, naming each path', async () => {
    const doc = {
      version: 2,
      name: 'inverted',
      nodes: [
        { id: 'load', type: 'data.load_candles', typeVersion: 2, params: { coins: ['ETH_BTC'], from: '2018-01-20', to: '2018-01-12' }, position: { x: 0, y: 0 } },
        { id: 'macd', type: 'indicator.macd', typeVersion: 1, params: { fast: 30, slow: 26 }, position: { x: 300, y: 0 } },
      ],
      edges: [{ source: { node: 'load', port: 'candles' }, target: { node: 'macd', port: 'candles' } }],
      metadata: {},
    };
    const file = path.join(tmp, 'inverted.graph.json');
    writeFileSync(file, JSON.stringify(doc));
    const res = await runCli(['validate', file]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('nodes[0].params.to: is before from: the date range is empty');
    expect(res.stderr).toContain('nodes[1].params.fast: must be shorter than slow');
  });
});
