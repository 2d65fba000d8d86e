import { AMBIGUOUS_LOWERCASE, COIN_ALIASES } from './vocabulary';

export interface CoinMention {
  /** Coins of the data named by the goal, in order of mention. */
  coins: string[];
  /** Named coins or pairs that the data does not have (e.g. "SOL", "FOO/BTC"). */
  unknown: string[];
  /** A bare ticker that fits several pairs (e.g. "BTC" is the quote of six). */
  ambiguous: { symbol: string; candidates: string[] }[];
  /** "all coins", "every pair". */
  all: boolean;
  /** "altcoins", "alts": every coin whose base is not bitcoin. */
  alt: boolean;
  /** Where the goal names coins, so that those words count as understood. */
  spans: { start: number; end: number }[];
}

const ALL_RE = /\b(all|every|each)\s+(of\s+the\s+)?(coins?|pairs?|markets?|symbols?|assets?)\b/i;
const ALT_RE = /\b(alt-?coins?|alts)\b/i;
const PAIR_RE = /\b([A-Za-z]{2,6})\s*(?:\/|_|-|:|\s+(?:vs\.?|versus|against|in|priced in|to)\s+)\s*([A-Za-z]{2,6})\b/g;
const WORD_RE = /\b[A-Za-z]{2,10}\b/g;

/** The ticker a word stands for, if it names a coin (case rules keep "dash" the word apart from DASH the coin). */
function tickerOf(word: string, knownParts: ReadonlySet<string>, inPair = false): string | undefined {
  const lower = word.toLowerCase();
  // Written as a pair ("dash/btc"), a word is a ticker whatever its case.
  const isUpper = inPair || word === word.toUpperCase();
  if (knownParts.has(word.toUpperCase()) && (isUpper || !AMBIGUOUS_LOWERCASE.has(lower))) return word.toUpperCase();
  const alias = COIN_ALIASES[lower];
  if (alias && (isUpper || !AMBIGUOUS_LOWERCASE.has(lower) || lower.length > 4)) return alias;
  return undefined;
}

/**
 * Finds the coins a goal names: pairs in any usual spelling (ETH/BTC, eth-btc, ETH_BTC,
 * "ETH against BTC"), single tickers or names resolved to the one pair that has them as
 * base (ETH -> ETH_BTC), and "all coins". Unknown coins and ambiguous tickers are reported
 * rather than guessed.
 */
export function parseCoins(goal: string, known: readonly string[]): CoinMention {
  const knownSet = new Set(known);
  const parts = new Set(known.flatMap((c) => c.split('_')));
  const out: CoinMention = { coins: [], unknown: [], ambiguous: [], all: ALL_RE.test(goal), alt: ALT_RE.test(goal), spans: [] };
  for (const re of [ALL_RE, ALT_RE]) {
    const m = re.exec(goal);
    if (m) out.spans.push({ start: m.index, end: m.index + m[0].length });
  }
  const add = (c: string) => {
    if (!out.coins.includes(c)) out.coins.push(c);
  };
  const consumed: [number, number][] = [];

  for (const m of goal.matchAll(PAIR_RE)) {
    const symbolSep = /[/_:-]/.test(m[0].slice(m[1]!.length, m[0].length - m[2]!.length));
    const a = tickerOf(m[1]!, parts, symbolSep);
    const b = tickerOf(m[2]!, parts, symbolSep);
    // A pair needs two tickers; "rise/fall" or "LR/RF" are not pairs. All-caps unknown tickers
    // with a pair separator ("FOO/BTC") are a pair the data lacks.
    const looksTicker = (w: string) => /^[A-Z]{2,6}$/.test(w);
    const sepIsSymbol = /[/_:-]/.test(m[0].slice(m[1]!.length, m[0].length - m[2]!.length));
    if (!(a && b) && !(sepIsSymbol && (a || looksTicker(m[1]!)) && (b || looksTicker(m[2]!)) && (a || b))) continue;
    const base = a ?? m[1]!.toUpperCase();
    const quote = b ?? m[2]!.toUpperCase();
    consumed.push([m.index, m.index + m[0].length]);
    out.spans.push({ start: m.index, end: m.index + m[0].length });
    if (knownSet.has(`${base}_${quote}`)) add(`${base}_${quote}`);
    else out.unknown.push(`${base}/${quote}`);
  }

  for (const m of goal.matchAll(WORD_RE)) {
    const at = m.index;
    if (consumed.some(([s, e]) => at >= s && at < e)) continue;
    const ticker = tickerOf(m[0], parts);
    if (!ticker) continue;
    out.spans.push({ start: at, end: at + m[0].length });
    if (knownSet.has(m[0].toUpperCase())) {
      add(m[0].toUpperCase());
      continue;
    }
    const asBase = known.filter((c) => c.split('_')[0] === ticker);
    if (asBase.length === 1) add(asBase[0]!);
    else if (asBase.length > 1) out.ambiguous.push({ symbol: ticker, candidates: asBase });
    else {
      const asQuote = known.filter((c) => c.split('_')[1] === ticker);
      if (asQuote.length === 1) add(asQuote[0]!);
      else if (asQuote.length > 1) {
        // "BTC" next to other coins is their quote ("ETH and LTC against bitcoin"), not a coin of its own.
        out.ambiguous.push({ symbol: ticker, candidates: asQuote });
      } else if (!out.unknown.includes(ticker)) out.unknown.push(ticker);
    }
  }
  // A quote ticker mentioned beside coins that already use it is not ambiguous.
  out.ambiguous = out.ambiguous.filter((a) => !out.coins.some((c) => c.split('_')[1] === a.symbol || c.split('_')[0] === a.symbol));
  // "BTC" mentioned alongside known BTC pairs ("... in BTC terms") is fine; unknown tickers that
  // are the quote of a mentioned coin likewise.
  out.unknown = out.unknown.filter((u) => !out.coins.some((c) => c.split('_').includes(u)));
  return out;
}
