/** `coinlab paper --help` (its own module: the help needs no database). */
export const PAPER_HELP = `usage: coinlab paper [list|show|start|step|stop] [options]

Paper trading: a promoted model (a saved graph version) traded bar by bar on new candles with
the long/flat rules, fees and slippage of one of its backtest nodes; graduation-ready when its
paper record meets the criteria (days, trades, Sharpe).
  list [--json]                         every paper portfolio: status, equity, trades, graduation
  show ID [--json]                      one portfolio: stats, graduation checks, trades
  start --graph ID --name NAME [--version N] [--node ID] [--coin C ...] [--start ISO]
        [--min-days D] [--min-trades N] [--min-sharpe S]
                                        put the graph version (default: its latest) on paper;
                                        trades bars from the newest stored one on
  step ID                               step now: run the graph on new bars and trade them
  stop ID                               stop for good (the record stays)
  --json                                print the API's answer as JSON
Exit codes: 0 ok, 2 invalid input or unknown id (nothing stored), 3 database unavailable.`;
