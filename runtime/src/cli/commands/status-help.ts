/** `coinlab status --help` (its own module: the help needs no database). */
export const STATUS_HELP = `usage: coinlab status [--json]

What runs on its own and what waits: schedules with their next fire time (and the one fire
waiting for the previous run, overlap "queue"), new-data triggers,
runs running, queued and waiting for a person, experiments running or paused (each with its LLM
spend today against its own daily budget), paper portfolios active and paused, open alerts, and
today's LLM use: requests against the daily request limit, calls, tokens (in and out) and cost
in US dollars of every call stored today (UTC). Works through the running server when one holds
the data folder, on the database otherwise. (Counts of runs stop at 500 per status.)
Exit codes: 0 ok, 2 bad usage, 3 database unavailable.`;
