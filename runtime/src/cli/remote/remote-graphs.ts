import { templateListResponseSchema, templateResponseSchema, validateResponseSchema, type TemplateSummary } from '@coinlab/shared';
import { UsageError } from '../exit-codes';
import { readGraphArg } from '../read-graph';
import { ApiError, type ServerApi } from './server-api';

/**
 * A graph argument read for a run on a server: a template name is the server's template (the
 * graph the server would run from its editor), a file is read here as for a local run.
 */
export async function readGraphArgFrom(server: ServerApi, arg: string): Promise<{ document: unknown; source: string }> {
  const isPath = arg.includes('/') || arg.endsWith('.json');
  const name = arg.startsWith('template:') ? arg.slice('template:'.length) : arg;
  if (!isPath && /^[a-z0-9-]+$/.test(name)) {
    try {
      const { document } = await server.request(`/templates/${encodeURIComponent(name)}`, templateResponseSchema);
      return { document, source: `template ${name}` };
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 404) throw err;
      if (arg.startsWith('template:')) throw new UsageError(`no template "${name}" on the server at ${server.url}; see \`coinlab --server ${server.url} templates\``);
    }
  }
  return readGraphArg(arg);
}

/** The server's check of a graph document (its catalog): the problems, none when valid. */
export async function validateOnServer(server: ServerApi, document: unknown): Promise<{ path: string; message: string }[]> {
  try {
    return (await server.request('/graphs/validate', validateResponseSchema, { method: 'POST', contentType: 'application/json', body: JSON.stringify({ document }) })).problems;
  } catch (err) {
    // A document the route's schema refuses (not an object, no nodes) is a problem of the graph too.
    if (err instanceof ApiError && err.status === 400) return err.problem.problems?.length ? err.problem.problems.map((p) => ({ path: p.path.replace(/^document\.?/, ''), message: p.message })) : [{ path: '', message: err.message }];
    throw err;
  }
}

/** The server's templates, each with its document (to check it here as a local listing does). */
export async function templatesOnServer(server: ServerApi): Promise<{ summary: TemplateSummary; document: unknown }[]> {
  const { templates } = await server.request('/templates', templateListResponseSchema);
  const out: { summary: TemplateSummary; document: unknown }[] = [];
  for (const summary of templates) out.push({ summary, document: (await server.request(`/templates/${encodeURIComponent(summary.name)}`, templateResponseSchema)).document });
  return out;
}
