/** `coinlab pause|resume --help` (its own module: the help needs no database). */
export const PAUSE_HELP = `usage: coinlab pause ID... | --all
       coinlab resume ID... | --all

Pause or resume automations by id: schedules (graph runs and data refreshes), new-data triggers
and experiments. Pausing an experiment stops it (an iteration in progress finishes); a stopped
experiment cannot be resumed: start a new one. --all pauses or resumes every schedule and
every new-data trigger (not experiments). Fire times missed while paused are not caught up.
Works through the running server when one holds the data folder, on the database otherwise.
Exit codes: 0 ok, 2 bad usage or an unknown id (nothing changed), 3 database unavailable.`;
