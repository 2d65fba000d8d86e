/** Words that carry no setting of their own: a clause made only of them needs no mention. */
const FILLER = new Set(
  `a an the and or but to of in on at for with by from into as is are be been being was were will would should could can may might must do does did
  i we me my our you your it its this that these those there here what when which who whom whose how why if then than so such only just also very
  please want wants like know see show tell find build make create plan run use using used try give get let need predict predicts predicting prediction
  predictions forecast forecasting model models modelling modeling whether price prices coin coins pair pairs market markets data chance chances
  probability probable likely often much more most less least some any each every all both either neither other another about around over under
  up down next time times period periods signal signals trading trade trades research study analyse analyze check test testing compare comparison
  better best good well strategy backtest result results report hey hi hello thanks thank ok okay kindly i'd i'm let's lets going gonna
  what's whats it's there's assume assuming given consider considering based`.split(/\s+/),
);

export interface Span {
  start: number;
  end: number;
}

/**
 * The parts of a goal nothing understood: clauses (split at punctuation, "and", "with",
 * "using", "but") that hold a word which is neither filler nor inside a span something
 * understood. They are said back to the user instead of being dropped.
 */
export function unreadClauses(goal: string, understood: readonly Span[]): string[] {
  const out: string[] = [];
  const re = /[^,;.!?()]+/g;
  for (const m of goal.matchAll(re)) {
    let at = m.index;
    for (const part of m[0].split(/(\s+(?:and|with|using|but|plus|via)\s+)/i)) {
      const start = at;
      at += part.length;
      if (/^\s+(and|with|using|but|plus|via)\s+$/i.test(part)) continue;
      const words = [...part.matchAll(/[A-Za-z][\w'/-]*/g)];
      const loose = words.filter((w) => {
        const s = start + w.index;
        const e = s + w[0].length;
        return !FILLER.has(w[0].toLowerCase()) && !understood.some((u) => s < u.end && u.start < e);
      });
      const touched = understood.some((u) => start < u.end && u.start < at);
      if (loose.length > 0 && !touched) out.push(part.trim());
    }
  }
  return out;
}
