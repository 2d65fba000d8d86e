import { describe, expect, it } from 'vitest';
import { createMemoryServices } from '../offline/memory-services';
import { marketFiles, readMarketFile } from '../testing/market-files';
import { agentTools } from './tools';
import { Workspace } from './workspace';

describe('the agent tool compute_custom_feature', () => {
  const services = createMemoryServices({ candles: marketFiles().filter((f) => /ETH_BTC/.test(f)).map(readMarketFile) });
  const tools = () => {
    const workspace = new Workspace();
    const byName = new Map(agentTools({ services, signal: new AbortController().signal, workspace }).map((t) => [t.name, t]));
    const call = (name: string, args: unknown) => byName.get(name)!.invoke(args as never, { signal: new AbortController().signal } as never) as Promise<Record<string, unknown>>;
    return { call, workspace };
  };

  it('computes a feature in the sandbox that build_dataset then uses as a feature', async () => {
    const { call, workspace } = tools();
    const data = (await call('fetch_data', { coins: ['ETH_BTC'], lastBars: 1000 })).handle as string;
    const feature = await call('compute_custom_feature', { data, name: 'range_pct', code: 'return close.map((c, i) => (high[i] - low[i]) / c);' });
    expect(feature.handle).toMatch(/^feature\d+$/);
    const series = workspace.get('indicators', feature.handle as string);
    const g = workspace.get('data', data).groups[0]!;
    expect(series.groups[0]!.columns.range_pct![10]).toBe((g.columns.high![10]! - g.columns.low![10]!) / g.columns.close![10]!);
    expect((feature.coins as Record<string, { count: number }>).ETH_BTC!.count).toBe(1000);
    const dataset = await call('build_dataset', { data, target: 'rise_within', horizon: 12, risePct: 1, extraFeatures: [feature.handle] });
    expect(dataset.features).toContain('range_pct');
  });

  it('holds the agent\'s code to the sandbox: a way out is an error naming the line, for the model to read', async () => {
    const { call } = tools();
    const data = (await call('fetch_data', { coins: ['ETH_BTC'], lastBars: 200 })).handle as string;
    await expect(call('compute_custom_feature', { data, name: 'x', code: 'const fs = require("fs");\nreturn close;' })).rejects.toThrow(/params\.code: line 1: ReferenceError: .*require/);
    await expect(call('compute_custom_feature', { data, name: 'x', code: 'for (;;) {}' })).rejects.toThrow(/time limit of 2000 ms/);
  });
});
