import type { ParamUnit } from '@coinlab/shared';
import type { ParamWords } from './param-words';
import type { Quantity } from './quantities';

/** A value read from the goal for one node param. */
export interface Setting {
  nodeType: string;
  nodeTitle: string;
  param: string;
  value: number;
  /** The goal's words it came from. */
  text: string;
  /** The words that named the param ("trees"), or why it went there without one. */
  because: string;
}

/** The quantity in the param's unit, or null when the two do not fit ("300 trees" is no percentage). */
export function convert(q: Quantity, unit: ParamUnit, barMinutes: number): number | null {
  switch (unit) {
    case 'percent':
      return q.kind === 'percent' ? q.value : q.kind === 'bps' ? q.value / 100 : null;
    case 'bps':
      return q.kind === 'bps' ? q.value : q.kind === 'percent' ? q.value * 100 : null;
    case 'fraction':
      return q.kind === 'fraction' ? q.value : q.kind === 'percent' && q.value > 0 && q.value < 100 ? q.value / 100 : null;
    case 'bars':
      return q.kind === 'bars' ? q.value : q.kind === 'minutes' ? Math.max(1, Math.ceil(q.value / barMinutes - 1e-9)) : null;
    case 'count':
      return q.kind === 'plain' && Number.isInteger(q.value) ? q.value : null;
    case 'number':
      return q.kind === 'plain' ? q.value : null;
    default:
      return null;
  }
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/[\s_-]+/g, '[\\s_-]+');

/** Words between two spans of the goal; a comma or semicolon between them counts as a long way. */
function distance(goal: string, a: { start: number; end: number }, b: { start: number; end: number }): number {
  const between = a.end <= b.start ? goal.slice(a.end, b.start) : goal.slice(b.end, a.start);
  const words = between.match(/[\w.%]+/g)?.length ?? 0;
  return words + (/[,;:.!?()]/.test(between.replace(/\d\.\d/g, '')) ? 3 : 0);
}

const MAX_DISTANCE = 4;

/**
 * Puts each quantity on the param whose words stand nearest to it and whose unit fits:
 * "300 trees" -> nTrees, "max depth 6" -> maxDepth, "fees of 0.1%" -> feeBps = 10. Params of
 * nodes already in the plan win ties; each param and each quantity is used once. Percentages
 * and durations that no word claims go to the plan's subject (`subject`: the target's params),
 * so a fee is never read as the threshold.
 */
export function assign(goal: string, quantities: readonly Quantity[], params: readonly ParamWords[], opts: { inPlan: ReadonlySet<string>; subject: (p: ParamWords) => boolean; barMinutes: number }): { settings: Setting[]; unused: Quantity[] } {
  const lower = goal.toLowerCase();
  const candidates: { q: Quantity; p: ParamWords; value: number; score: number; phrase: string }[] = [];
  for (const p of params) {
    const spans = p.phrases.flatMap((phrase) => [...lower.matchAll(new RegExp(`(?<![a-z0-9])${escape(phrase)}(?![a-z0-9])`, 'g'))].map((m) => ({ phrase, start: m.index, end: m.index + m[0].length })));
    for (const q of quantities) {
      const value = convert(q, p.unit, opts.barMinutes);
      if (value === null) continue;
      for (const s of spans) {
        if (s.start < q.end && q.start < s.end && !q.text.toLowerCase().endsWith(s.phrase)) continue;
        const d = s.start >= q.start && s.end <= q.end ? 0 : distance(goal, q, s);
        if (d > MAX_DISTANCE) continue;
        const score = 100 - 10 * d + 2 * s.phrase.split(/\s+/).length + (opts.inPlan.has(p.nodeType) ? 5 : 0) + (s.start >= q.end ? 1 : 0);
        candidates.push({ q, p, value, score, phrase: s.phrase });
      }
    }
  }
  candidates.sort((a, b) => b.score - a.score);
  const settings: Setting[] = [];
  const usedQ = new Set<Quantity>();
  const usedP = new Set<string>();
  const key = (p: ParamWords) => `${p.nodeType}.${p.param}`;
  for (const c of candidates) {
    if (usedQ.has(c.q) || usedP.has(key(c.p))) continue;
    // One param of a node type stands for the same setting on its siblings ("depth" of any forest).
    usedQ.add(c.q);
    usedP.add(key(c.p));
    settings.push({ nodeType: c.p.nodeType, nodeTitle: c.p.nodeTitle, param: c.p.param, value: c.value, text: c.q.text, because: `"${c.phrase}"` });
  }
  // What no word claimed: a percentage or a duration is the target's ("rises 1% within an hour").
  for (const q of quantities) {
    if (usedQ.has(q)) continue;
    const p = params.find((x) => opts.inPlan.has(x.nodeType) && opts.subject(x) && !usedP.has(key(x)) && convert(q, x.unit, opts.barMinutes) !== null && (q.kind !== 'plain'));
    if (!p) continue;
    usedQ.add(q);
    usedP.add(key(p));
    settings.push({ nodeType: p.nodeType, nodeTitle: p.nodeTitle, param: p.param, value: convert(q, p.unit, opts.barMinutes)!, text: q.text, because: 'the goal\'s subject' });
  }
  return { settings, unused: quantities.filter((q) => !usedQ.has(q)) };
}
