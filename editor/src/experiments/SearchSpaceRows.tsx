import type { ReactNode } from 'react';
import type { SearchableParam } from './search-space';
import type { Problems, RangeDraft, Scale } from './spec-fields';

/** A param picked for the search: `node.param` as key. */
export interface PickedParam {
  key: string;
  node: string;
  param: SearchableParam;
}
type ChoiceValue = Extract<SearchableParam, { type: 'choice' }>['values'][number];

interface Props {
  chosen: PickedParam[];
  rangeOf: (c: PickedParam) => RangeDraft;
  tickedOf: (c: PickedParam) => readonly ChoiceValue[];
  problems: Problems;
  onRange: (c: PickedParam, at: string, field: keyof RangeDraft, value: string) => void;
  onTicked: (c: PickedParam, at: string, ticked: ChoiceValue[]) => void;
}

/**
 * One row per picked param, in search-space order (row i is `searchSpace[i]`, the index the
 * server's problems name): a range's min, max, step and scale, or a choice's values to tick
 * (all ticked at first; the search chooses among the ticked ones).
 */
export function SearchSpaceRows({ chosen, rangeOf, tickedOf, problems, onRange, onTicked }: Props) {
  const problemAt = (path: string): ReactNode => (problems[path] ? <span className="field-problem">{problems[path]}</span> : null);
  return (
    <div className="search-ranges">
      {chosen.map((c, i) => {
        const at = `searchSpace.${i}`;
        if (c.param.type === 'choice') {
          const ticked = tickedOf(c);
          const all = c.param.values;
          return (
            <div className="choice-row" key={c.key} data-param={c.key} aria-invalid={problems[`${at}.values`] ? true : undefined}>
              <span className="range-name">{c.key}</span>
              {all.map((v) => (
                <label key={String(v)}>
                  <input
                    type="checkbox"
                    aria-label={`${c.key} value ${String(v)}`}
                    checked={ticked.includes(v)}
                    onChange={(e) => onTicked(c, at, e.target.checked ? all.filter((x) => x === v || ticked.includes(x)) : ticked.filter((x) => x !== v))}
                  />
                  {String(v)}
                </label>
              ))}
              {problemAt(`${at}.values`)}
              {problemAt(at)}
            </div>
          );
        }
        const d = rangeOf(c);
        const box = (field: 'min' | 'max' | 'step', label: string) => (
          <label>
            {label}
            <input
              aria-label={`${c.key} ${field}`}
              aria-invalid={problems[`${at}.${field}`] ? true : undefined}
              inputMode="decimal"
              placeholder={field === 'step' ? 'any' : undefined}
              value={d[field]}
              onChange={(e) => onRange(c, at, field, e.target.value)}
            />
            {problemAt(`${at}.${field}`)}
          </label>
        );
        return (
          <div className="range-row" key={c.key} data-param={c.key}>
            <span className="range-name">{c.key}</span>
            {box('min', 'min')}
            {box('max', 'max')}
            {box('step', 'step')}
            <label title="log: each decade of the range is tried as often (for rates, penalties, sizes spanning powers of ten)">
              scale
              <select aria-label={`${c.key} scale`} aria-invalid={problems[`${at}.scale`] ? true : undefined} value={d.scale} onChange={(e) => onRange(c, at, 'scale', e.target.value as Scale)}>
                <option value="linear">linear</option>
                <option value="log">log</option>
              </select>
              {problemAt(`${at}.scale`)}
            </label>
            {problemAt(at)}
          </div>
        );
      })}
    </div>
  );
}
