import { validateGraph, formatProblem, type TemplateSummary } from '@coinlab/shared';
import { catalog } from '@coinlab/nodes';
import { TemplateLibrary, TEMPLATES_DIR } from '../../templates';
import { EXIT } from '../exit-codes';
import { explicitRemote } from '../remote/remote-target';

/** Lists the ready graphs of templates/, or with --server those of that server. */
export async function templatesCommand(args: string[]): Promise<number> {
  const remote = explicitRemote();
  let list: { summary: TemplateSummary; document: unknown }[];
  let where: string;
  if (remote) {
    const { ServerApi } = await import('../remote/server-api');
    const { templatesOnServer } = await import('../remote/remote-graphs');
    list = await templatesOnServer(new ServerApi(remote));
    where = `on ${remote.baseUrl}`;
  } else {
    const lib = new TemplateLibrary();
    list = lib.list().map((summary) => ({ summary, document: lib.get(summary.name) }));
    where = `in ${TEMPLATES_DIR}`;
  }
  const asJson = args.includes('--json');
  let bad = 0;
  const rows = list.map(({ summary, document }) => {
    const result = validateGraph(document, catalog);
    if (!result.ok) bad++;
    return { ...summary, valid: result.ok, problems: result.problems.map(formatProblem) };
  });
  if (asJson) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else {
    process.stdout.write(`${list.length} templates ${where}\n\n`);
    for (const r of rows) {
      process.stdout.write(`  ${r.name.padEnd(28)} ${r.title}${r.valid ? '' : '  [INVALID]'}\n`);
      if (r.description) process.stdout.write(`  ${''.padEnd(28)} ${r.description}\n`);
      for (const p of r.problems) process.stdout.write(`      ${p}\n`);
    }
    process.stdout.write(`\nrun one: pnpm coinlab ${remote ? `--server ${remote.baseUrl} ` : ''}run template:<name> [--out DIR]\n`);
  }
  return bad ? EXIT.invalid : EXIT.ok;
}
