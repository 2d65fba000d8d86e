import type { ApiProblem } from '../api/views';
import type { Problems } from './spec-fields';

/** The fields of a search-space row that have their own input (and problem mark) in the form. */
const ROW_FIELDS = new Set(['min', 'max', 'step', 'scale', 'values']);

/**
 * Where the form shows a problem the server named. The runtime writes paths as
 * `searchSpace[0].min` (shared/src/zod-messages.ts formatPath); the form keys its fields as
 * `searchSpace.0.min`. A problem deeper than a field is shown at the field (`values[2]` at the
 * row's value boxes); the old `log` flag is the scale; a row's node or param at the row itself.
 */
export function formPathOf(serverPath: string): string {
  const dotted = serverPath.replace(/\[(\d+)\]/g, '.$1');
  const row = /^searchSpace\.(\d+)(?:\.([^.]+))?/.exec(dotted);
  if (!row) return dotted;
  const [, i, field] = row;
  if (field === 'log') return `searchSpace.${i}.scale`;
  return field && ROW_FIELDS.has(field) ? `searchSpace.${i}.${field}` : `searchSpace.${i}`;
}

/** A server 400's problems by form field; two problems at one field are both said. */
export function problemsByField(list: readonly ApiProblem[]): Problems {
  const out: Problems = {};
  for (const p of list) {
    const at = formPathOf(p.path);
    out[at] = out[at] ? `${out[at]}; ${p.message}` : p.message;
  }
  return out;
}
