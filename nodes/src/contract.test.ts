import { describe, expect, it } from 'vitest';
import { CATEGORY_INFO, encodeValue, portSpecSchema, PORT_TYPES } from '@coinlab/shared';
import { registry, nodeRegistry } from './registry';
import { catalog } from './catalog';
import { createMemoryServices } from './offline/memory-services';
import { marketFiles, readMarketFile } from './testing/market-files';
import { portFixtures } from './testing/port-fixtures';
import './testing/fixtures-all';

/**
 * One conformance suite over every registered node type: whatever a node does, it must
 * honour the contract the editor and the engine rely on.
 */
describe.each(registry.map((n) => [n.type, n] as const))('node contract: %s', (_type, node) => {
  it('has a namespaced type, a positive version and complete metadata', () => {
    expect(node.type).toMatch(/^[a-z]+\.[a-z0-9_]+$/);
    expect(Number.isInteger(node.version) && node.version >= 1).toBe(true);
    expect(node.ui.title.length).toBeGreaterThan(0);
    expect(node.ui.description.length).toBeGreaterThan(10);
    expect(Object.keys(CATEGORY_INFO)).toContain(node.ui.category);
  });

  it('parses its defaults: a node dropped on the canvas is valid as it stands', () => {
    const parsed = node.params.safeParse({});
    expect(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues)).toBe(true);
  });

  it('declares well-formed ports', () => {
    for (const spec of [...Object.values(node.inputs), ...Object.values(node.outputs)]) {
      expect(portSpecSchema.safeParse(spec).success).toBe(true);
      expect(PORT_TYPES).toContain(spec.type);
    }
    for (const spec of Object.values(node.outputs)) expect(spec.multiple).toBeFalsy();
  });

  it('describes its params in the form hints it gives', () => {
    const shape = (node.params as unknown as { shape?: Record<string, unknown> }).shape ?? {};
    for (const key of Object.keys(node.ui.params ?? {})) expect(Object.keys(shape)).toContain(key);
  });

  it('is in the catalog without its execute function', () => {
    const entry = catalog.get(node.type);
    expect(entry).toBeDefined();
    expect(entry).not.toHaveProperty('execute');
  });

  // Only pure nodes promise this (data, agent and approval nodes read the world or a person).
  if (node.cache === 'pure') {
    it('is deterministic: the same inputs give the same outputs', async () => {
      const services = createMemoryServices({ candles: marketFiles().map(readMarketFile) });
      const inputs: Record<string, unknown> = {};
      for (const [name, spec] of Object.entries(node.inputs)) {
        if (spec.optional && !spec.multiple) continue;
        const build = portFixtures[spec.type];
        expect(build, `no port fixture for type "${spec.type}" (testing/port-fixtures.ts)`).toBeDefined();
        const value = await build!(services);
        inputs[name] = spec.multiple ? [value] : value;
      }
      const params = node.params.parse({});
      const run = () =>
        node.execute({ params, inputs, services, signal: new AbortController().signal, progress: () => {}, log: () => {}, nodeId: 'n', runId: 'r' });
      const strip = (v: unknown) => encodeValue(v).replace(/"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"/g, '"<id>"');
      const [a, b] = [await run(), await run()];
      expect(Object.keys(a).sort()).toEqual(Object.keys(node.outputs).sort());
      expect(strip(a)).toEqual(strip(b));
    });
  }
});

it('registers every type once', () => {
  expect(() => nodeRegistry()).not.toThrow();
  expect(catalog.size).toBe(registry.length);
});
