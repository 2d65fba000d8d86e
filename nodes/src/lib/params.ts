import { z } from 'zod';

/** Shared param schemas, so every node spells dates and coins the same way. */
export const isoDate = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), { message: 'must be a date like 2018-01-10 or 2018-01-10T12:00:00Z' });

export const coinSymbol = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9_./-]+$/, 'must be a symbol like ETH_BTC');

export const coinList = z.array(coinSymbol).min(1).max(50);

/** Epoch ms of a date param; a bare date means midnight UTC. */
export function dateToMs(s: string | undefined): number | undefined {
  if (s === undefined || s === '') return undefined;
  return Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00Z` : s);
}
