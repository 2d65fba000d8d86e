import { STATUS_HELP } from './commands/status-help';
import { PAUSE_HELP } from './commands/pause-help';
import { ALERTS_HELP } from './commands/alerts-help';
import { FETCH_HELP } from './commands/fetch-help';
import { TRIGGERS_HELP } from './commands/triggers-help';
import { PAPER_HELP } from './commands/paper-help';
import { HISTORY_HELP } from './commands/history-help';
import { AUDIT_HELP as AUDIT_HELP_TEXT } from './commands/audit-help';

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
    name: 'audit',
    usage: 'audit [--action A] [--object-id ID] [--since ISO] [--limit N] [--cursor C]',
    summary: 'the audit log: who changed what, from which client',
    help: AUDIT_HELP_TEXT,
    run: async (args) => (await import('./commands/audit')).auditCommand(args),
  },
  {
    name: 'fetch',
    usage: 'fetch --pair ETH/BTC [--pair ...] [--since ISO] [--until ISO] [--every CRON]',
    summary: 'download 5m candles from an exchange (incremental, resumable)',
    help: FETCH_HELP,
    run: async (args) => (await import('./commands/fetch')).fetchCommand(args),
  },
  {
    name: 'triggers',
    usage: 'triggers [list|add|pause|resume|delete] [--graph ID --name N]',
    summary: 'graph runs when new candles arrive for their coins',
    help: TRIGGERS_HELP,
    run: async (args) => (await import('./commands/triggers')).triggersCommand(args),
  },
  {
    name: 'paper',
    usage: 'paper [list|show|start|step|stop] [--graph ID --name N]',
    summary: 'paper trading of a promoted model, and its graduation',
    help: PAPER_HELP,
    run: async (args) => (await import('./commands/paper')).paperCommand(args),
  },
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
  {
    name: 'alerts',
    usage: 'alerts [--all] [--json] | alerts ack ID...|--all',
    summary: 'list open alerts; acknowledge them',
    help: ALERTS_HELP,
    run: async (args) => (await import('./commands/alerts')).alertsCommand(args),
  },
  {
    name: 'status',
    usage: 'status [--json]',
    summary: 'schedules, triggers, runs, experiments, alerts and LLM use at a glance',
    help: STATUS_HELP,
    run: async (args) => (await import('./commands/status')).statusCommand(args),
  },
  {
    name: 'history',
    usage: 'history [--limit N] [--status S] [--trigger KIND] [--graph ID] [--json]',
    summary: 'past runs, newest first: status, trigger, graph, start, duration',
    help: HISTORY_HELP,
    run: async (args) => (await import('./commands/history')).historyCommand(args),
  },
  {
    name: 'pause',
    usage: 'pause ID...|--all',
    summary: 'pause schedules, data triggers, experiments or paper portfolios',
    help: PAUSE_HELP,
    run: async (args) => (await import('./commands/pause-resume')).pauseResumeCommand('pause', args),
  },
  {
    name: 'resume',
    usage: 'resume ID...|--all',
    summary: 'resume schedules, data triggers, experiments or paper portfolios',
    help: PAUSE_HELP,
    run: async (args) => (await import('./commands/pause-resume')).pauseResumeCommand('resume', args),
  },
  {
    name: 'experiment',
    usage: 'experiment start SPEC.json [--foreground] | stop ID | show ID [--json] | list',
    summary: 'research loops: search a graph\'s params, promote winners',
    help: `usage: coinlab experiment start SPEC.json [--foreground] | stop ID | show ID [--json] | list [--json]

An experiment searches some params of a saved graph (TPE by default), scores each iteration on
walk-forward windows, and promotes a challenger that meets the constraints and beats the
champion on a holdout the search never saw (automatically, or after a person approves).
SPEC.json is the body of POST /api/v1/experiments (see docs/API.md). A bad spec exits 2 with
every problem and its path, and nothing is stored.
  start SPEC.json   store and start it; it iterates while \`coinlab serve\` runs
  --foreground      with start: iterate in this process until it stops
  stop ID           stop it (an iteration in progress finishes)
  show ID           status, leaderboard (best first) and promotions
  list              every experiment
  --json            show/list as JSON`,
    run: async (args) => (await import('./commands/experiment')).experimentCommand(args),
  },
];
