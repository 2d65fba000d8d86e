import { zodProblems, type CatalogEntry } from '@coinlab/shared';

/**
 * Inline form errors: the node's params schema run on its params, with the same messages
 * (shared zodProblems/describeZodIssue) the runtime puts in its problem lists. Keyed by the
 * top-level param name; '' holds errors about the params object as a whole.
 */
export function paramErrors(entry: CatalogEntry, params: Record<string, unknown>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const result = entry.params.safeParse(params);
  if (result.success) return out;
  for (const p of zodProblems(result.error)) {
    const m = /^([^.[]+)(.*)$/.exec(p.path === '(root)' ? '' : p.path);
    const key = m?.[1] ?? '';
    const rest = m?.[2] ?? '';
    const message = rest ? `${rest.replace(/^\./, '')}: ${p.message}` : p.message;
    const list = out.get(key);
    if (list) list.push(message);
    else out.set(key, [message]);
  }
  return out;
}
