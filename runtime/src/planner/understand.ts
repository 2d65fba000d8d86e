import { coinLabel, type Catalog } from '@coinlab/shared';
import type { CoinStats } from '@coinlab/nodes';
import { extractMentions, type Setting } from './extract';
import { parseCoins } from './parse-coins';
import { parseApproval, parseDirection, parseModels, recognisedSpans } from './parse-goal';
import { addressableTypes } from './swaps';
import { describeHorizon } from './horizon';
import { directionWords, SUBJECT_CATEGORY } from './targets';
import { BARS_PER_HOUR, type Clarification, type Direction, type GoalIntent, type PlanAnswers, type PlanOptions } from './types';

const STORED_BAR_MINUTES = 60 / BARS_PER_HOUR;
const BAR_SIZES = [1, 5, 15, 30, 60, 240, 1440, 10_080];

/**
 * The bar spacing of the coins' data in minutes, from their span and row count, snapped to
 * the nearest usual bar size (5-minute candles with a few gaps stay 5; daily index bars with
 * weekends are 1440), so that "2 hours" or "3 days" become the right number of bars.
 */
export function barMinutesOf(coins: readonly CoinStats[]): number {
  const sizes = coins.filter((c) => c.rows > 1).map((c) => (c.lastTs - c.firstTs) / 60_000 / (c.rows - 1));
  if (sizes.length === 0) return STORED_BAR_MINUTES;
  const spacing = Math.min(...sizes);
  return BAR_SIZES.reduce((best, s) => (Math.abs(Math.log(s / spacing)) < Math.abs(Math.log(best / spacing)) ? s : best));
}

const describeBar = (minutes: number) => (minutes % 1440 === 0 ? `${minutes / 1440} day` : minutes % 60 === 0 ? `${minutes / 60} hour` : `${minutes} minutes`).replace(/^1 /, '');

export type Understanding =
  | { ok: true; intent: GoalIntent; notes: string[] }
  | { ok: false; clarification: Clarification; partial: Partial<GoalIntent>; notes: string[] }
  | { ok: false; error: string };

/** Minutes a duration text states ("30-minute", "2 hours"), to tell whether bars rounded it. */
function durationMinutes(text: string): number {
  const n = /^half/i.test(text) ? 0.5 : Number(/\d+(\.\d+)?/.exec(text)?.[0] ?? 1);
  return n * (/week/i.test(text) ? 10_080 : /day|\dd\b/i.test(text) ? 1440 : /hour|hr|\dh\b/i.test(text) ? 60 : 1);
}

// Here for the planner's index; build-graph imports it from horizon.ts without the goal reader.
export { describeHorizon };

function preferredCoin(coins: readonly CoinStats[]): string {
  return coins.find((c) => c.coin === 'ETH_BTC')?.coin ?? [...coins].sort((a, b) => b.rows - a.rows)[0]!.coin;
}

function coinQuestion(coins: readonly CoinStats[], question: string, context: string): Clarification {
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return {
    field: 'coins',
    question,
    context,
    options: [
      ...coins.map((c) => ({ value: c.coin, label: `${coinLabel(c.coin)} (${c.rows} bars, ${iso(c.firstTs)} .. ${iso(c.lastTs)})` })),
      { value: 'all', label: `All ${coins.length} coins` },
    ],
    default: preferredCoin(coins),
    allowFreeText: true,
  };
}

/**
 * Reads a goal into a complete intent with the offline rules, or says what it needs to
 * know: an unknown or ambiguous coin, several coins and none named, contradictory or
 * missing direction, a date range without data. Answers (by field) settle those questions
 * and planning continues from them; what is assumed by default is said in the notes.
 */
export function understandGoal(opts: {
  goal: string;
  answers: PlanAnswers;
  preferences: NonNullable<PlanOptions['preferences']>;
  coins: readonly CoinStats[];
  supportsFall: boolean;
  catalog: Catalog;
  /** The node types of the drafted plan for a direction (before the goal's settings). */
  planTypes: (direction: Direction) => string[];
}): Understanding {
  const { goal, answers, preferences, coins } = opts;
  const notes: string[] = [];
  if (coins.length === 0) return { ok: false, error: 'there is no market data yet: import candles first (`coinlab import FILE --coin SYMBOL` or POST /api/v1/candles/import)' };
  const known = coins.map((c) => c.coin);
  const partial: Partial<GoalIntent> = {};

  // Coins
  const mention = parseCoins(goal, known);
  let chosen: string[] | undefined;
  if (answers.coins) {
    const picked = answers.coins.trim().toLowerCase() === 'all' ? known : answers.coins.split(/[\s,;]+/).filter(Boolean).map((c) => c.toUpperCase().replace('/', '_'));
    const bad = picked.filter((c) => !known.includes(c));
    if (bad.length || picked.length === 0) return { ok: false, partial, notes, clarification: coinQuestion(coins, 'Which coin should the plan use?', `${bad.join(', ') || 'the answer'} is not in the data. Available: ${known.map(coinLabel).join(', ')}.`) };
    chosen = picked;
    notes.push(`coins ${chosen.map(coinLabel).join(', ')} (your answer)`);
  } else if (preferences.coins?.length) {
    const bad = preferences.coins.filter((c) => !known.includes(c));
    if (bad.length) return { ok: false, partial, notes, clarification: coinQuestion(coins, 'Which coin should the plan use?', `${bad.join(', ')} from the preferences ${bad.length === 1 ? 'is' : 'are'} not in the data.`) };
    chosen = preferences.coins;
    notes.push(`coins ${chosen.map(coinLabel).join(', ')} (preferences)`);
  } else {
    if (mention.unknown.length) {
      return { ok: false, partial, notes, clarification: coinQuestion(coins, `${mention.unknown.join(', ')} ${mention.unknown.length === 1 ? 'is' : 'are'} not in the data. Which coin should the plan use instead?`, `The goal names ${mention.unknown.join(', ')}, but the data only has ${known.map(coinLabel).join(', ')}.`) };
    }
    if (mention.all) {
      chosen = known;
      notes.push(`all ${known.length} coins ("all" in the goal)`);
    } else if (mention.alt && mention.coins.length === 0) {
      // Altcoins: every coin but bitcoin itself, i.e. the pairs whose base is not BTC.
      chosen = known.filter((c) => c.split('_')[0] !== 'BTC');
      if (chosen.length === 0) chosen = known;
      notes.push(`"altcoins" -> ${chosen.length} coins whose base is not bitcoin: ${chosen.map(coinLabel).join(', ')}`);
    } else if (mention.coins.length) {
      chosen = mention.coins;
      notes.push(`coin${chosen.length > 1 ? 's' : ''} ${chosen.map(coinLabel).join(', ')} from the goal`);
    } else if (mention.ambiguous.length) {
      const a = mention.ambiguous[0]!;
      return { ok: false, partial, notes, clarification: { ...coinQuestion(coins.filter((c) => a.candidates.includes(c.coin)), `"${a.symbol}" fits several pairs. Which one?`, `${a.symbol} appears in ${a.candidates.map(coinLabel).join(', ')}.`), default: a.candidates.includes('ETH_BTC') ? 'ETH_BTC' : a.candidates[0]! } };
    } else if (known.length === 1) {
      chosen = known;
      notes.push(`coin ${coinLabel(known[0]!)} (the only one in the data)`);
    } else {
      return { ok: false, partial, notes, clarification: coinQuestion(coins, 'Which coin should the plan use?', `The goal names no coin and the data has ${known.length}: ${known.map(coinLabel).join(', ')}.`) };
    }
  }
  partial.coins = chosen;

  // Direction
  let direction: GoalIntent['direction'];
  if (answers.direction === 'rise' || answers.direction === 'fall') {
    direction = answers.direction;
    notes.push(`direction ${direction} (your answer)`);
  } else {
    const d = parseDirection(goal, directionWords(opts.catalog));
    if (d.conflict || d.eitherWay) {
      return {
        ok: false,
        partial,
        notes,
        clarification: {
          field: 'direction',
          question: 'Should the model predict a rise or a fall?',
          context: d.conflict ? 'The goal speaks of both a rise and a fall.' : 'The goal asks about a move without saying which way.',
          options: [
            { value: 'rise', label: 'A rise (the price goes up by the threshold)' },
            { value: 'fall', label: 'A fall (the price goes down by the threshold)' },
          ],
          default: 'rise',
          allowFreeText: false,
        },
      };
    }
    direction = d.direction ?? 'rise';
    if (!d.direction) notes.push('no direction given: predicting a rise');
  }
  if (direction === 'fall' && !opts.supportsFall) {
    if (answers.target === 'rise') {
      direction = 'rise';
      notes.push('predicting a rise instead of a fall (your answer)');
    } else {
      return {
        ok: false,
        partial: { ...partial, direction },
        notes,
        clarification: {
          field: 'target',
          question: 'This node library has no "fall within H bars" target yet. Plan a rise target instead?',
          context: 'Targets available: rise of X% within H bars, return over H bars > 0.',
          options: [{ value: 'rise', label: 'Yes, predict a rise of the same size' }],
          default: 'rise',
          allowFreeText: false,
        },
      };
    }
  }
  partial.direction = direction;

  // Numbers, units and dates: read onto node params by the catalog's metadata.
  const m = parseModels(goal);
  const models = preferences.models ?? m.models ?? ['logistic_regression', 'random_forest'];
  if (!preferences.models && !m.models) notes.push('no model named: comparing logistic regression and a random forest');
  const asked = parseApproval(goal);
  const approvalMode = preferences.approvalMode ?? asked ?? 'automatic';
  if (preferences.approvalMode) notes.push(`approval ${approvalMode} (preferences)`);
  else if (asked) notes.push(`approval ${approvalMode} (the goal asks for it)`);
  else notes.push('approval automatic: the goal does not ask to approve the model');

  const selected = coins.filter((c) => chosen.includes(c.coin));
  const dataEnd = Math.max(...selected.map((c) => c.lastTs));
  const dataStart = Math.min(...selected.map((c) => c.firstTs));
  const barMinutes = barMinutesOf(selected);
  const planTypes = opts.planTypes(direction);
  const addressable = new Set(addressableTypes(opts.catalog, planTypes, SUBJECT_CATEGORY));
  const extraction = extractMentions(goal, {
    catalog: new Map([...opts.catalog].filter(([type]) => addressable.has(type))),
    planTypes,
    subjectCategory: SUBJECT_CATEGORY,
    reference: new Date(dataEnd),
    barMinutes,
    recognised: [...mention.spans, ...recognisedSpans(goal, directionWords(opts.catalog))],
  });
  const subject = (unit: string) => extraction.settings.find((st) => planTypes.includes(st.nodeType) && opts.catalog.get(st.nodeType)?.ui.category === SUBJECT_CATEGORY && opts.catalog.get(st.nodeType)?.ui.params?.[st.param]?.unit === unit);
  const threshold = subject('percent');
  const horizon = subject('bars');
  const thresholdPct = threshold?.value ?? 1;
  if (!threshold) notes.push('no threshold given: 1%');
  if (thresholdPct <= 0 || thresholdPct > 100) return { ok: false, error: `a threshold of ${thresholdPct}% is out of range: give a move between 0 and 100%` };
  // Without a horizon: an hour, or one bar when the data's bars are longer than that.
  const horizonBars = horizon?.value ?? Math.max(1, Math.round(60 / barMinutes));
  if (!horizon) notes.push(`no horizon given: ${describeHorizon(horizonBars, barMinutes)} (${horizonBars} bar${horizonBars === 1 ? '' : 's'} of ${describeBar(barMinutes)})`);
  else if (/min|hour|day|week|\d\s*[hmd]\b/i.test(horizon.text) && horizonBars * barMinutes !== durationMinutes(horizon.text)) notes.push(`horizon "${horizon.text}" rounded up to ${horizonBars} bars of ${describeBar(barMinutes)}`);
  const split = extraction.settings.find((st) => planTypes.includes(st.nodeType) && opts.catalog.get(st.nodeType)?.ui.params?.[st.param]?.unit === 'fraction');
  const settings: Setting[] = extraction.settings.filter((st) => st !== threshold && st !== horizon);
  for (const u of extraction.unread) notes.push(`not understood: "${u}" (left out of the plan)`);

  // Date range
  let range: { from?: string; to?: string } = {};
  if (answers.range) {
    if (answers.range !== 'all') {
      const [from, to] = answers.range.split('..').map((s) => s.trim());
      range = { ...(from ? { from } : {}), ...(to ? { to } : {}) };
    }
  } else if (preferences.from || preferences.to) {
    range = { ...(preferences.from ? { from: preferences.from } : {}), ...(preferences.to ? { to: preferences.to } : {}) };
  } else if (extraction.range) {
    const r = extraction.range;
    range = { ...(r.from ? { from: r.from } : {}), ...(r.to ? { to: r.to } : {}) };
    notes.push(`date range "${r.text}" -> ${r.from ?? 'start'} .. ${r.to ?? 'end'}`);
    if (extraction.dates.length > 2 || (extraction.dates.length === 2 && !(extraction.dates[0]!.from && extraction.dates[1]!.to && !extraction.dates[0]!.to))) notes.push(`several dates in the goal (${extraction.dates.map((d) => `"${d.text}"`).join(', ')}): using ${range.from ?? 'start'} .. ${range.to ?? 'end'}`);
  }
  const ms = (s: string | undefined) => (s === undefined ? undefined : Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00Z` : s));
  const from = ms(range.from);
  const to = ms(range.to);
  const bad = (from !== undefined && Number.isNaN(from)) || (to !== undefined && Number.isNaN(to));
  const empty = !bad && ((from ?? dataStart) > (to ?? dataEnd) || (from ?? dataStart) > dataEnd || (to ?? dataEnd) < dataStart);
  if (bad || empty) {
    const iso = (x: number) => new Date(x).toISOString().slice(0, 10);
    return {
      ok: false,
      partial,
      notes,
      clarification: {
        field: 'range',
        question: 'The date range has no data. Which period should the plan use?',
        context: `${bad ? 'The dates could not be read' : `${range.from ?? 'start'} .. ${range.to ?? 'end'} holds no candles`}; the data covers ${iso(dataStart)} .. ${iso(dataEnd)}.`,
        options: [{ value: 'all', label: `All data (${iso(dataStart)} .. ${iso(dataEnd)})` }],
        default: 'all',
        allowFreeText: true,
      },
    };
  }
  const testFraction = split?.value ?? 0.2;
  const intent: GoalIntent = { coins: chosen, direction, thresholdPct, horizonBars, barMinutes, models, testFraction, approvalMode, ...range, settings, unread: extraction.unread };
  const said = (st: Setting | undefined) => (st ? ` ("${st.text}")` : '');
  notes.unshift(`target: ${direction} of ${thresholdPct}%${said(threshold)} within ${horizonBars} bars (${describeHorizon(horizonBars, barMinutes)})${said(horizon)}`);
  return { ok: true, intent, notes };
}
