import { describe, expect, it } from 'vitest';
import { catalog, nodeRegistry } from '@coinlab/nodes';
import { createMemoryServices } from '@coinlab/nodes/offline';
import { marketFiles, readMarketFile } from '@coinlab/nodes/testing';
import { TemplateLibrary } from '../templates';
import { Planner } from './planner';

// The demo data set is stored under a symbol that is not a pair; people read its name.
const eth = readMarketFile(marketFiles().find((f) => f.includes('ETH_BTC'))!);
const demo = { ...eth, coin: 'DEMO_SP500_DAILY' };
const INTERNAL = /DEMO_SP500_DAILY|DEMO\/SP500|price_data_5min/;

describe('planner: internal names never reach users', () => {
  it('a plan on the demo coin names it "S&P 500 daily (demo)" in its name, labels, title and notes', async () => {
    const planner = new Planner({ catalog, registry: nodeRegistry(), templates: new TemplateLibrary(), market: createMemoryServices({ candles: [demo] }).market });
    const r = await planner.plan({ goal: 'predict when it rises 1% within an hour', dryRun: false, useLlm: false });
    expect(r.status).toBe('planned');
    if (r.status !== 'planned') return;
    expect(r.document.name).toContain('S&P 500 daily (demo)');
    const shown = [r.document.name, r.document.description, ...r.notes, ...r.document.nodes.map((n) => n.label ?? ''), String(r.document.nodes.find((n) => n.id === 'report')?.params.title)];
    for (const text of shown) expect(text).not.toMatch(INTERNAL);
    // The stored symbol stays where the engine reads it.
    expect(r.document.nodes.find((n) => n.id === 'candles')?.params.coins).toEqual(['DEMO_SP500_DAILY']);
  });

  it('a question about coins lists their readable names and names no table', async () => {
    const planner = new Planner({ catalog, registry: nodeRegistry(), templates: new TemplateLibrary(), market: createMemoryServices({ candles: [demo, eth] }).market });
    const r = await planner.plan({ goal: 'predict when SOL rises 1% within an hour', dryRun: false, useLlm: false });
    expect(r.status).toBe('clarification');
    if (r.status !== 'clarification') return;
    expect(r.clarification.context).toContain('S&P 500 daily (demo)');
    expect([r.clarification.context, r.clarification.question, ...r.clarification.options.map((o) => o.label)].join('\n')).not.toMatch(INTERNAL);
  });
});
