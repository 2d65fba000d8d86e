import { parseArgs } from 'node:util';
import { isUuid } from '../../api/schemas';
import { EXIT, UsageError } from '../exit-codes';
import { openCliTarget } from '../open-runtime';
import { localAccess, remoteAccess, type Access, type Action, type Automation } from './pause-access';

/**
 * `coinlab pause|resume ID... | --all`: schedules, data triggers, experiments and paper
 * portfolios. One line per automation: kind, id, name and its state afterwards.
 */
export async function pauseResumeCommand(action: Action, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { all: { type: 'boolean' } } });
  if (values.all && positionals.length) throw new UsageError('give ids or --all, not both');
  if (!values.all && positionals.length === 0) throw new UsageError(`usage: coinlab ${action} ID... | --all`);
  const bad = positionals.find((id) => !isUuid(id));
  if (bad) throw new UsageError(`"${bad}" is not an id (ids look like 0b7c…-…; see \`coinlab status\`)`);
  const access = await openAccess();
  try {
    const known = await access.list();
    let targets: Automation[];
    if (values.all) {
      // Only those the action changes: pausing what is paused (or done) would print noise.
      targets = known.filter((a) => a.state === (action === 'pause' ? 'active' : 'paused'));
    } else {
      targets = [];
      // Unknown ids are refused before anything changes.
      for (const id of positionals) {
        const a = known.find((k) => k.id === id);
        if (!a) {
          process.stderr.write(`no schedule, data trigger, experiment or paper portfolio with id ${id}; nothing was changed\n`);
          return EXIT.invalid;
        }
        targets.push(a);
      }
    }
    let failed = false;
    let changed = 0;
    for (const a of targets) {
      const r = await access.apply(action, a);
      if (r.ok) {
        const already = a.state === (action === 'pause' ? 'paused' : 'active');
        if (!already) changed++;
        process.stdout.write(`${a.kind} ${a.id} "${r.name}" ${r.state}${already ? ' (already)' : ''}\n`);
      } else {
        failed = true;
        process.stderr.write(`${a.kind} ${a.id}: ${r.message}\n`);
      }
    }
    if (values.all) process.stdout.write(`${changed} automation${changed === 1 ? '' : 's'} ${action === 'pause' ? 'paused' : 'resumed'}\n`);
    return failed ? EXIT.invalid : EXIT.ok;
  } finally {
    await access.close();
  }
}

async function openAccess(): Promise<Access> {
  const target = await openCliTarget();
  return target.kind === 'remote' ? remoteAccess(target.server) : localAccess(target.runtime);
}
