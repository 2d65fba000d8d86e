import { z } from 'zod';
import { defineNode } from '../define';
import { port } from '../port';

/** Holds a value for a while before passing it on: paces a branch (e.g. around rate limits). */
export default defineNode({
  type: 'utility.wait',
  version: 1,
  ui: { title: 'Wait', category: 'utility', description: 'Passes its input through after waiting `seconds`; cancellable at any moment.' },
  params: z.object({ seconds: z.number().min(0).max(3600).default(1) }),
  inputs: { value: port.optional(port.any) },
  outputs: { value: port.any },
  cache: 'never',
  async execute({ params, inputs, signal, progress }) {
    const total = params.seconds * 1000;
    const start = Date.now();
    while (Date.now() - start < total) {
      signal.throwIfAborted();
      await new Promise<void>((resolve) => {
        const onAbort = () => {
          clearTimeout(t);
          resolve();
        };
        const t = setTimeout(() => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        }, Math.min(100, total - (Date.now() - start)));
        signal.addEventListener('abort', onAbort, { once: true });
      });
      progress(Math.min(1, (Date.now() - start) / total));
    }
    signal.throwIfAborted();
    return { value: inputs.value };
  },
});
