import { parseArgs } from 'node:util';
import { EXIT, UsageError } from '../exit-codes';
import { openApiCall, problemLines, type ApiAnswer } from '../api-call';
import { TRIGGERS_HELP } from './triggers-help';
import { dataTriggerListResponseSchema, dataTriggerResponseSchema, dataTriggerSavedResponseSchema, type DataTrigger } from '@coinlab/shared';

const line = (t: DataTrigger) =>
  `${t.id}  ${t.name}  graph ${t.graphId}${t.graphVersion !== null ? ` v${t.graphVersion}` : ''}  coins ${t.coins.join(',')}  ${t.paused ? 'PAUSED' : 'active'}  newest bar ${t.watermark ?? 'none'}  last run ${t.lastRunId ? `${t.lastRunId} (${t.lastRunStatus ?? '?'})` : 'none'}`;

/** `coinlab triggers [list|add|pause|resume|delete]`: new-data triggers, through the same API as HTTP. */
export async function triggersCommand(args: string[]): Promise<number> {
  const [sub = 'list', ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { graph: { type: 'string' }, name: { type: 'string' }, coin: { type: 'string', multiple: true }, version: { type: 'string' }, json: { type: 'boolean' } },
  });
  let request: { method: 'GET' | 'POST' | 'DELETE'; path: string; body?: unknown };
  if (sub === 'list') request = { method: 'GET', path: '/data-triggers' };
  else if (sub === 'add') {
    if (!values.graph || !values.name) throw new UsageError(`coinlab triggers add needs --graph ID and --name NAME\n\n${TRIGGERS_HELP}`);
    const version = values.version !== undefined ? Number(values.version) : undefined;
    request = { method: 'POST', path: '/data-triggers', body: { name: values.name, graphId: values.graph, ...(version !== undefined ? { graphVersion: version } : {}), ...(values.coin ? { coins: values.coin } : {}) } };
  } else if (sub === 'pause' || sub === 'resume' || sub === 'delete') {
    const id = positionals[0];
    if (!id) throw new UsageError(`coinlab triggers ${sub} needs the trigger's id\n\n${TRIGGERS_HELP}`);
    request = sub === 'delete' ? { method: 'DELETE', path: `/data-triggers/${encodeURIComponent(id)}` } : { method: 'POST', path: `/data-triggers/${encodeURIComponent(id)}/${sub}` };
  } else throw new UsageError(`unknown subcommand "${sub}"\n\n${TRIGGERS_HELP}`);

  const api = await openApiCall();
  let answer: ApiAnswer;
  try {
    answer = await api.call(request.method, request.path, request.body);
  } finally {
    await api.close();
  }
  if (answer.status >= 400) {
    // Option names for the API's field names.
    const option = (l: string) => l.replace(/^graphId:/, '--graph:').replace(/^graphVersion:/, '--version:').replace(/^coins(\[\d+\])?:/, '--coin$1:').replace(/^name:/, '--name:');
    for (const l of problemLines(answer.body)) process.stderr.write(`coinlab: ${option(l)}\n`);
    return answer.status === 404 || answer.status === 400 ? EXIT.invalid : EXIT.unavailable;
  }
  if (sub === 'delete') {
    process.stdout.write('deleted\n');
    return EXIT.ok;
  }
  if (values.json) process.stdout.write(`${JSON.stringify(answer.body, null, 2)}\n`);
  if (sub === 'list') {
    const { triggers } = dataTriggerListResponseSchema.parse(answer.body);
    if (!values.json) process.stdout.write(triggers.length ? `${triggers.map(line).join('\n')}\n` : 'no data triggers\n');
  } else if (sub === 'add') {
    const { trigger, warnings } = dataTriggerSavedResponseSchema.parse(answer.body);
    if (!values.json) process.stdout.write(`${line(trigger)}\n`);
    // On stderr, also with --json: stdout stays the trigger, and whoever added it reads what to fix.
    for (const w of warnings) process.stderr.write(`coinlab: warning: ${w}\n`);
  } else if (!values.json) process.stdout.write(`${line(dataTriggerResponseSchema.parse(answer.body).trigger)}\n`);
  return EXIT.ok;
}
