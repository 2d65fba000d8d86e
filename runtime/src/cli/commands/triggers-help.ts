/** `coinlab triggers --help` (its own module: the help needs no database). */
export const TRIGGERS_HELP = `usage: coinlab triggers [list|add|pause|resume|delete] [options]

New-data triggers: a saved graph runs when bars newer than the newest it has seen are stored
for its coins (by a fetch, an import or the API), once per new bar however many servers poll.
  list [--json]                         every trigger, its coins and newest bar seen
  add --graph ID --name NAME [--coin C ...] [--version N]
                                        watch the coins the graph reads (or --coin, repeatable);
                                        bars stored before now never fire it; warns (on stderr)
                                        of what would keep its runs from going on unattended,
                                        e.g. an approval gate that waits for a person
  pause ID | resume ID | delete ID      (bars stored while paused do not fire on resume)
  --json                                print the API's answer as JSON
Exit codes: 0 ok, 2 invalid input or unknown id (nothing stored), 3 database unavailable.`;
