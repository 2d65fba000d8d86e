/**
 * Commands contributed by other areas (e.g. `plan` from the planner), listed here so main.ts
 * stays one dispatch table.
 */
export interface ExtraCommand {
  name: string;
  usage: string;
  summary: string;
  /** What `coinlab NAME --help` prints. */
  help: string;
  run(args: string[]): Promise<number>;
}

export const extraCommands: ExtraCommand[] = [
  {
    name: 'plan',
    usage: 'plan "GOAL" [--out FILE] [--run] [--answer F=V]',
    summary: 'plan a graph from a goal (offline rules or the LLM)',
    help: `usage: coinlab plan "GOAL" [options]

Plans a graph from a goal (at most 1000 characters), with the LLM when one is configured, else
with the offline rules; dry-runs it on a sample of the data and estimates its LLM tokens.
An ambiguous goal asks its question (on a terminal) or exits 2 naming the --answer to give.
  --out FILE              write the planned graph to FILE
  --run                   run the plan at once, ending with its report
  --answer FIELD=VALUE    answer a clarification (repeatable), e.g. --answer coins=ETH_BTC
  --approve auto|reject|prompt
                          with --run: how approval gates are answered
  --no-llm                plan with the offline rules even when an LLM is configured
  --no-dry-run            skip the dry run
  --json                  print the plan (and the run summary) as JSON`,
    run: async (args) => (await import('./commands/plan')).planCommand(args),
  },
];
