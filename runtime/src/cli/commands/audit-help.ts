/** What `coinlab audit --help` prints (apart from the command, so the help loads nothing else). */
export const AUDIT_HELP = `usage: coinlab audit [filters]

Prints the audit log, newest first: every change made through the API, the editor or the CLI,
and what automations did (schedule fires, experiment iterations and promotions, approvals).
  --action A          e.g. graphs.update, schedule.fire, approval.approved
  --object-type T     e.g. graph, run, schedule, experiment, approval
  --object-id ID
  --actor NAME
  --client C          editor, cli, api, schedule, experiment, system
  --since ISO         --until ISO
  --limit N           entries per page (1..500, default 100)
  --cursor C          the next page (printed after a full page)
  --json              the page as JSON`;
