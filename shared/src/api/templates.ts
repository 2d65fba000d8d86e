import { z } from 'zod';

export const templateSummarySchema = z.object({ name: z.string(), title: z.string(), description: z.string(), tags: z.array(z.string()) });
export type TemplateSummary = z.infer<typeof templateSummarySchema>;

export const templateListResponseSchema = z.object({ templates: z.array(templateSummarySchema) });
export const templateResponseSchema = z.object({ document: z.unknown() });
