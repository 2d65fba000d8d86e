import { z } from 'zod';

/**
 * One problem with a request or a graph, by path (`nodes[2].params.period`). `code` is the
 * validator's problem code where the problem came from graph validation.
 */
export const apiProblemSchema = z.object({ path: z.string(), message: z.string(), nodeId: z.string().optional(), code: z.string().optional() });
export type ApiProblem = z.infer<typeof apiProblemSchema>;

/** Every error answer of the HTTP API: a machine code, a sentence, and the problems of a 400. */
export const errorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), problems: z.array(apiProblemSchema).optional() }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;
