import { formatProblem, validateGraph } from '@coinlab/shared';
import { catalog } from '@coinlab/nodes';
import { EXIT, UsageError } from '../exit-codes';
import { readGraphArg } from '../read-graph';

export async function validateCommand(args: string[]): Promise<number> {
  const file = args[0];
  if (!file) throw new UsageError('usage: coinlab validate GRAPH.json');
  const { document, source } = readGraphArg(file);
  const result = validateGraph(document, catalog);
  if (result.ok) {
    process.stdout.write(`${source}: valid (${result.graph.nodes.length} nodes, ${result.graph.edges.length} edges)\n`);
    return EXIT.ok;
  }
  process.stderr.write(`${source}: ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}\n${result.problems.map((p) => `  ${formatProblem(p)}`).join('\n')}\n`);
  return EXIT.invalid;
}
