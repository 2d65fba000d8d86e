/**
 * `coinlab history --help`. Its own module, loaded with every command: it spells the statuses and
 * trigger kinds out rather than loading @coinlab/shared (test/cli/history.test.ts checks it names
 * every one).
 */
export const HISTORY_HELP = `usage: coinlab history [--limit N] [--status S] [--trigger KIND] [--graph ID] [--json]

Past runs, newest first, one a line: run id, status, trigger (the schedule, experiment
iteration, new-data trigger, paper portfolio, or editor/cli/api that started it), the saved
graph's name ("-" for a graph run from a file), start date and time (UTC) and duration ("-"
while it has not finished). Works through the running server when one holds the data folder,
on the database otherwise.
  --limit N        at most N runs (1-500, default 20)
  --status S       only runs in status S: queued, running, awaiting, succeeded, failed, cancelled, interrupted
  --trigger KIND   only runs started by: schedule, experiment, data, paper, editor, cli, api
  --graph ID       only runs of the saved graph ID
  --json           the runs as JSON ({ runs: [...] })
Exit codes: 0 ok, 2 bad usage, 3 database unavailable.`;
