import { z } from 'zod';
import { catalogFrom } from '@coinlab/shared';
import { defineNode, eraseNode, port, toCatalogEntry, type AnyNodeDefinition } from '@coinlab/nodes';
import { createMemoryServices } from '@coinlab/nodes/offline';
import { nodeRegistry } from '@coinlab/nodes';

/** Small nodes whose behaviour the engine tests control: values, delays, failures. */
export const calls: string[] = [];

const constant = defineNode({
  type: 'test.constant',
  version: 1,
  ui: { title: 'Constant', category: 'utility', description: 'Outputs a number.' },
  params: z.object({ value: z.number().default(1), delayMs: z.number().default(0) }),
  inputs: {},
  outputs: { value: port.json },
  cache: 'pure',
  async execute({ params, nodeId, signal }) {
    calls.push(nodeId);
    if (params.delayMs) await new Promise((r) => setTimeout(r, params.delayMs));
    signal.throwIfAborted();
    return { value: params.value };
  },
});

const add = defineNode({
  type: 'test.add',
  version: 1,
  ui: { title: 'Add', category: 'utility', description: 'Adds its inputs and a constant.' },
  params: z.object({ plus: z.number().default(0), delayMs: z.number().default(0) }),
  inputs: { values: port.many(port.json) },
  outputs: { value: port.json },
  cache: 'pure',
  async execute({ params, inputs, nodeId, progress }) {
    calls.push(nodeId);
    progress(0.5);
    if (params.delayMs) await new Promise((r) => setTimeout(r, params.delayMs));
    return { value: (inputs.values as number[]).reduce((a, b) => a + b, 0) + params.plus };
  },
});

const fail = defineNode({
  type: 'test.fail',
  version: 1,
  ui: { title: 'Fail', category: 'utility', description: 'Throws, or fails the first N attempts.' },
  params: z.object({ message: z.string().default('boom'), failTimes: z.number().default(Infinity) }),
  inputs: { value: port.optional(port.json) },
  outputs: { value: port.json },
  cache: 'never',
  retries: 2,
  async execute({ params, nodeId, inputs }) {
    calls.push(nodeId);
    const attempts = calls.filter((c) => c === nodeId).length;
    if (attempts <= params.failTimes) throw new Error(params.message);
    return { value: inputs.value ?? 0 };
  },
});

const stubborn = defineNode({
  type: 'test.stubborn',
  version: 1,
  ui: { title: 'Stubborn', category: 'utility', description: 'Sleeps and ignores its abort signal.' },
  params: z.object({ ms: z.number().default(5000) }),
  inputs: { value: port.optional(port.json) },
  outputs: { value: port.json },
  cache: 'never',
  timeoutMs: 0,
  async execute({ params, nodeId }) {
    calls.push(nodeId);
    await new Promise((r) => setTimeout(r, params.ms));
    return { value: 1 };
  },
});

const slowWithTimeout = defineNode({
  type: 'test.slow',
  version: 1,
  ui: { title: 'Slow', category: 'utility', description: 'Sleeps longer than its timeout.' },
  params: z.object({ ms: z.number().default(2000) }),
  inputs: {},
  outputs: { value: port.json },
  cache: 'never',
  timeoutMs: 100,
  async execute({ params, signal }) {
    await new Promise((r, j) => {
      const t = setTimeout(r, params.ms);
      signal.addEventListener('abort', () => (clearTimeout(t), j(signal.reason)), { once: true });
    });
    return { value: 1 };
  },
});

const volatile = defineNode({
  type: 'test.volatile',
  version: 1,
  ui: { title: 'Volatile', category: 'utility', description: 'Not cacheable; outputs its param.' },
  params: z.object({ value: z.number().default(7) }),
  inputs: {},
  outputs: { value: port.json },
  cache: 'never',
  async execute({ params, nodeId }) {
    calls.push(nodeId);
    return { value: params.value };
  },
});

export const testNodes: AnyNodeDefinition[] = [eraseNode(constant), eraseNode(add), eraseNode(fail), eraseNode(stubborn), eraseNode(slowWithTimeout), eraseNode(volatile)];
export const testRegistry: ReadonlyMap<string, AnyNodeDefinition> = new Map([...nodeRegistry(), ...testNodes.map((n) => [n.type, n] as const)]);
export const testCatalog = catalogFrom([...testRegistry.values()].map(toCatalogEntry));
export const memoryServices = () => createMemoryServices();
