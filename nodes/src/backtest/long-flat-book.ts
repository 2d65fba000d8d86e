/** One round trip. */
export interface Trade {
  coin: string;
  entryTs: number;
  exitTs: number;
  entryPrice: number;
  exitPrice: number;
  /** Net of fees and slippage, as a fraction. */
  returnPct: number;
}

/** The long/flat trading rule of one coin: what a score means and what trading costs. */
export interface LongFlatRules {
  coin: string;
  threshold: number;
  /** 'rise': a score at or above the threshold asks for long; 'fall': it asks for flat. */
  direction: 'rise' | 'fall';
  /** Fractions of the traded value, per side. */
  fee: number;
  slippage: number;
  /** Once in, stay at least this many bars whatever the scores say. */
  minHoldBars: number;
}

/** Everything a book knows, as plain JSON: a paper portfolio stores it between bars. */
export interface LongFlatBookState {
  equity: number;
  position: 0 | 1;
  entry: { ts: number; price: number; bar: number } | null;
  /** Bars taken so far (the index of the next one). */
  bars: number;
  firstOpen: number | null;
  lastOpen: number | null;
  ts: number[];
  equityCurve: number[];
  positions: number[];
  trades: Trade[];
}

export function emptyBookState(): LongFlatBookState {
  return { equity: 1, position: 0, entry: null, bars: 0, firstOpen: null, lastOpen: null, ts: [], equityCurve: [], positions: [], trades: [] };
}

/**
 * The long/flat rule bar by bar, at each bar's open: the one implementation behind both the
 * backtest (all bars at once) and paper trading (one new bar at a time), so the two cannot
 * disagree. At a bar's open it knows the score of the bar before (computed at that bar's
 * close) and nothing later; the position it takes is held open-to-open.
 */
export class LongFlatBook {
  constructor(
    readonly rules: LongFlatRules,
    readonly state: LongFlatBookState = emptyBookState(),
  ) {}

  /**
   * Takes the bar that opens at `ts` at price `open`. `previousScore` is the score of the bar
   * before (undefined when there is none: flat). `closeOut` ends the book on this bar: any
   * position is sold at its open (the backtest's last bar).
   */
  openBar(ts: number, open: number, previousScore: number | undefined, closeOut = false): void {
    const s = this.state;
    const { fee, slippage, threshold, minHoldBars } = this.rules;
    if (s.bars > 0 && s.position === 1) s.equity *= open / s.lastOpen!;
    const wantsLong = previousScore !== undefined && (this.rules.direction === 'fall' ? previousScore < threshold : previousScore >= threshold);
    let pos: 0 | 1 = !closeOut && wantsLong ? 1 : 0;
    if (pos === 0 && s.position === 1 && s.entry && !closeOut && s.bars - s.entry.bar < minHoldBars) pos = 1;
    if (pos === 1 && s.position === 0) {
      s.equity *= (1 - fee) / (1 + slippage);
      s.entry = { ts, price: open * (1 + slippage), bar: s.bars };
    } else if (pos === 0 && s.position === 1 && s.entry) {
      s.equity *= (1 - slippage) * (1 - fee);
      const exitPrice = open * (1 - slippage);
      s.trades.push({ coin: this.rules.coin, entryTs: s.entry.ts, exitTs: ts, entryPrice: s.entry.price, exitPrice, returnPct: (exitPrice / s.entry.price) * (1 - fee) ** 2 - 1 });
      s.entry = null;
    }
    if (s.firstOpen === null) s.firstOpen = open;
    s.lastOpen = open;
    s.ts.push(ts);
    s.equityCurve.push(s.equity);
    s.positions.push(pos);
    s.position = pos;
    s.bars++;
  }
}
