import { z } from 'zod';

/**
 * What a schedule or a data trigger answers when it is created or changed, beside itself: what
 * will keep the graph it runs with nobody watching from going on by itself (an approval gate that
 * waits for a person, a graph that no longer validates), one sentence each naming the node and
 * what to do; empty when nothing will.
 */
export const unattendedWarningsSchema = z
  .array(z.string())
  .describe('What will keep the fires from running unattended, e.g. an approval gate that waits for a person: each names the node and what to do. Empty when nothing will.');
