import { validateGraph } from '@coinlab/shared';
import { catalog } from '@coinlab/nodes';
import { EXIT, UsageError } from '../exit-codes';
import { readGraphArg } from '../read-graph';
import { explicitRemote } from '../remote/remote-target';

/** Checks a graph here, or with --server against that server's catalog (the nodes it can run). */
export async function validateCommand(args: string[]): Promise<number> {
  const file = args[0];
  if (!file) throw new UsageError('usage: coinlab validate GRAPH.json');
  const remote = explicitRemote();
  let document: unknown;
  let source: string;
  let problems: { path: string; message: string }[];
  if (remote) {
    const { ServerApi } = await import('../remote/server-api');
    const { readGraphArgFrom, validateOnServer } = await import('../remote/remote-graphs');
    const server = new ServerApi(remote);
    ({ document, source } = await readGraphArgFrom(server, file));
    problems = await validateOnServer(server, document);
  } else {
    ({ document, source } = readGraphArg(file));
    problems = validateGraph(document, catalog).problems;
  }
  if (problems.length === 0) {
    const doc = document as { nodes?: unknown[]; edges?: unknown[] };
    process.stdout.write(`${source}: valid (${doc.nodes?.length ?? 0} nodes, ${doc.edges?.length ?? 0} edges)\n`);
    return EXIT.ok;
  }
  process.stderr.write(`${source}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}\n`);
  return EXIT.invalid;
}
