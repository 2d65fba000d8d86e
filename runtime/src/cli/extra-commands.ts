import { planCommand } from './commands/plan';

/**
 * Commands contributed by other areas (e.g. `plan` from the planner), listed here so main.ts
 * stays one dispatch table.
 */
export interface ExtraCommand {
  name: string;
  usage: string;
  summary: string;
  run(args: string[]): Promise<number>;
}

export const extraCommands: ExtraCommand[] = [
  {
    name: 'plan',
    usage: 'plan "GOAL" [--out FILE] [--run] [--answer F=V]',
    summary: 'plan a graph from a goal (offline rules or the LLM); --run runs it (--approve auto|reject|prompt)',
    run: planCommand,
  },
];
