import { z } from 'zod';

const coin = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$/, 'a coin as stored, e.g. "ETH_BTC"');

/** What the API accepts for a new-data trigger; the graph is checked by the service. */
export const dataTriggerCreateSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    graphId: z.string().uuid(),
    /** A pinned version; null or absent = the graph's latest at each fire. */
    graphVersion: z.number().int().positive().max(2_147_483_647).nullable().optional(),
    /** The coins to watch; default: those the graph's data nodes read (their `coins` parameter). */
    coins: z
      .array(coin)
      .min(1)
      .max(100)
      .superRefine((coins, ctx) => {
        coins.forEach((c, i) => {
          if (coins.indexOf(c) !== i) ctx.addIssue({ code: 'custom', path: [i], message: `coin "${c}" is listed twice` });
        });
      })
      .optional(),
    paused: z.boolean().optional(),
  })
  .strict();
export type DataTriggerCreate = z.infer<typeof dataTriggerCreateSchema>;
