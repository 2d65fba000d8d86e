/** `coinlab pause|resume --help` (its own module: the help needs no database). */
export const PAUSE_HELP = `usage: coinlab pause ID... | --all
       coinlab resume ID... | --all

Pause or resume automations by id: schedules (graph runs and data refreshes), new-data triggers,
experiments and paper portfolios. A paused experiment starts no iteration (one in progress
finishes); resumed, it carries on from its leaderboard and champion. A paused paper portfolio
trades the bars stored meanwhile when resumed. Fire times missed while a schedule is paused are
not caught up. --all pauses (or resumes) every automation that is active (or paused); stopped
experiments and portfolios are left alone. One line per automation: kind, id, name, new state.
Works through the running server when one holds the data folder, on the database otherwise.
Exit codes: 0 ok, 2 bad usage, an unknown id (nothing changed) or one that cannot change
(e.g. a stopped experiment), 3 database unavailable.`;
