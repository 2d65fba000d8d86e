import { DEFAULT_ACKNOWLEDGER } from '../../alerts/acknowledger';

/** Its own module: `coinlab --help` lists it without loading the command. */
export const ALERTS_HELP = `usage: coinlab alerts [--all] [--limit N] [--json]
       coinlab alerts ack ID [ID...] [--by NAME]
       coinlab alerts ack --all [--by NAME]

Lists open (unacknowledged) alerts, newest first: failed runs, approvals waiting, LLM budgets
exhausted, schedules that could not fire. Works through the server's API while \`coinlab serve\`
holds the data folder, and on the database otherwise.
  --all        acknowledged alerts too
  --limit N    at most N alerts (default 200)
  --json       the alerts as JSON
  ack ID...    acknowledge alerts (an unknown id changes nothing and exits 2)
  ack --all    acknowledge every open alert
  --by NAME    who acknowledges (default "${DEFAULT_ACKNOWLEDGER}")`;
