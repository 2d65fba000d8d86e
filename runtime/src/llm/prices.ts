import { z } from 'zod';

/** USD per one million tokens. */
export const modelPriceSchema = z.object({
  input: z.number().nonnegative(),
  output: z.number().nonnegative(),
});
export type ModelPrice = z.infer<typeof modelPriceSchema>;

export const priceTableSchema = z.record(z.string().min(1), modelPriceSchema);
export type PriceTable = z.infer<typeof priceTableSchema>;

/**
 * Public list prices (USD per 1M tokens) for common hosted models, as a starting point.
 * Prices change: override or extend them with LLM_PRICES. Local models (Ollama, vLLM,
 * LM Studio, llama.cpp) are not listed and therefore cost 0.
 */
export const DEFAULT_PRICES: PriceTable = {
  'gpt-5': { input: 1.25, output: 10 },
  'gpt-5-mini': { input: 0.25, output: 2 },
  'gpt-5-nano': { input: 0.05, output: 0.4 },
  'gpt-4.1': { input: 2, output: 8 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'gpt-4-turbo': { input: 10, output: 30 },
  'gpt-3.5-turbo': { input: 0.5, output: 1.5 },
  o1: { input: 15, output: 60 },
  'o1-mini': { input: 1.1, output: 4.4 },
  o3: { input: 2, output: 8 },
  'o3-mini': { input: 1.1, output: 4.4 },
  'o4-mini': { input: 1.1, output: 4.4 },
};

/**
 * The price of a model: an exact entry, else the longest entry that prefixes the name
 * (so a dated snapshot such as `gpt-4o-mini-2024-07-18` is priced as `gpt-4o-mini`),
 * else zero (an unknown, presumably local, model).
 */
export function priceFor(table: PriceTable, model: string): ModelPrice {
  const exact = table[model];
  if (exact) return exact;
  let best: { key: string; price: ModelPrice } | null = null;
  for (const [key, price] of Object.entries(table)) {
    if (model.startsWith(`${key}-`) && (!best || key.length > best.key.length)) best = { key, price };
  }
  return best?.price ?? { input: 0, output: 0 };
}

export function costUsd(table: PriceTable, model: string, inputTokens: number, outputTokens: number): number {
  const price = priceFor(table, model);
  return (inputTokens * price.input + outputTokens * price.output) / 1_000_000;
}
