import { parseArgs } from 'node:util';
import type { AuditPage } from '@coinlab/shared';
import { EXIT } from '../exit-codes';
import { openApiCall, problemLines } from '../api-call';

const FILTERS = { action: 'action', 'object-type': 'objectType', 'object-id': 'objectId', actor: 'actor', client: 'client', since: 'since', until: 'until', limit: 'limit', cursor: 'cursor' } as const;

/** `coinlab audit`: the same filters as GET /audit, validated by the same schema (a bad one names its option). */
export async function auditCommand(args: string[]): Promise<number> {
  const options = Object.fromEntries(Object.keys(FILTERS).map((k) => [k, { type: 'string' as const }]));
  const { values } = parseArgs({ args, options: { ...options, json: { type: 'boolean' } } });
  const query = new URLSearchParams();
  for (const [flag, param] of Object.entries(FILTERS)) {
    const v = (values as Record<string, string | boolean | undefined>)[flag];
    if (typeof v === 'string') query.set(param, v);
  }
  const api = await openApiCall();
  let answer;
  try {
    answer = await api.call('GET', `/audit${query.size ? `?${query}` : ''}`);
  } finally {
    await api.close();
  }
  if (answer.status >= 400) {
    const flagOf = (l: string) => l.replace(/^(?:query\.)?(\w+):/, (_m, p: string) => `--${Object.entries(FILTERS).find(([, v]) => v === p)?.[0] ?? p}:`);
    for (const l of problemLines(answer.body)) process.stderr.write(`coinlab: ${flagOf(l)}\n`);
    return answer.status === 400 ? EXIT.invalid : EXIT.unavailable;
  }
  const page = answer.body as AuditPage;
  if (values.json) {
    process.stdout.write(`${JSON.stringify(page, null, 2)}\n`);
    return EXIT.ok;
  }
  if (page.scope === 'own') process.stdout.write('your own actions (only the owner and admins read the whole lab\'s log)\n');
  for (const e of page.entries) process.stdout.write(`${e.at}  ${e.client.padEnd(10)} ${(e.actorName ?? e.actor).padEnd(12)} ${e.action}${e.objectId ? `  ${e.objectType ?? ''} ${e.objectId}` : ''}${e.reason ? `  reason: ${e.reason}` : ''}\n`);
  if (page.entries.length === 0) process.stdout.write('no entries\n');
  if (page.nextCursor) process.stdout.write(`more: coinlab audit --cursor ${page.nextCursor}\n`);
  return EXIT.ok;
}
