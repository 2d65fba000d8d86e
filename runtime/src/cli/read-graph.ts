import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TemplateLibrary } from '../templates';
import { UsageError } from './exit-codes';

/** Reads a graph file, or a template by name (`template:predict-rise` or a bare template name). */
export function readGraphArg(arg: string): { document: unknown; source: string } {
  const templates = new TemplateLibrary();
  const name = arg.startsWith('template:') ? arg.slice('template:'.length) : arg;
  const isPath = arg.includes('/') || arg.endsWith('.json');
  if (!isPath) {
    const doc = templates.get(name);
    if (doc !== undefined) return { document: doc, source: `template ${name}` };
    if (arg.startsWith('template:')) throw new UsageError(`no template "${name}"; see \`coinlab templates\``);
  }
  let text: string;
  try {
    text = readFileSync(arg, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${arg}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(err)}`);
  }
  try {
    return { document: JSON.parse(text) as unknown, source: path.basename(arg) };
  } catch (err) {
    throw new UsageError(`${arg} is not valid JSON: ${(err as Error).message}`);
  }
}
