import { validateGraph, formatProblem } from '@coinlab/shared';
import { catalog } from '@coinlab/nodes';
import { TemplateLibrary, TEMPLATES_DIR } from '../../templates';
import { EXIT } from '../exit-codes';

export async function templatesCommand(args: string[]): Promise<number> {
  const lib = new TemplateLibrary();
  const list = lib.list();
  const asJson = args.includes('--json');
  let bad = 0;
  const rows = list.map((t) => {
    const result = validateGraph(lib.get(t.name), catalog);
    if (!result.ok) bad++;
    return { ...t, valid: result.ok, problems: result.problems.map(formatProblem) };
  });
  if (asJson) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else {
    process.stdout.write(`${list.length} templates in ${TEMPLATES_DIR}\n\n`);
    for (const r of rows) {
      process.stdout.write(`  ${r.name.padEnd(28)} ${r.title}${r.valid ? '' : '  [INVALID]'}\n`);
      if (r.description) process.stdout.write(`  ${''.padEnd(28)} ${r.description}\n`);
      for (const p of r.problems) process.stdout.write(`      ${p}\n`);
    }
    process.stdout.write(`\nrun one: pnpm coinlab run template:<name> [--out DIR]\n`);
  }
  return bad ? EXIT.invalid : EXIT.ok;
}
