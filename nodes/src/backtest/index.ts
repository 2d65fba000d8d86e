// What paper trading needs of the backtest: the same book, simulation and statistics, so a
// paper record is computed by the very code the backtest node runs.
export { LongFlatBook, emptyBookState, type LongFlatBookState, type LongFlatRules, type Trade } from './long-flat-book';
export { simulateCoin, portfolioEquity, type CoinSimulation, type CoinSimulationInput } from './simulate';
export { backtestStats } from './stats';
