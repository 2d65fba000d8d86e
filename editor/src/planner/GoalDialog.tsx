import { useEffect, useRef, useState } from 'react';
import { GOAL_MAX_CHARS, type PlanClarification } from './plan-api';
import { usePlannerStore } from './planner-store';
// The goal box is a dialog drawn with the dialogs' own classes; its rules refine those, so they load after.
import '../dialogs/dialogs.css';
import './planner.css';

const EXAMPLES = ['predict when ETH/BTC rises 1% within an hour', 'predict when LTC/BTC falls 2% within 4 hours with random forest', 'predict ETH/BTC moves over the last 30 days'];

/** The goal box: a goal in plain words -> a planned graph, asking first where the goal is ambiguous. */
export function GoalDialog() {
  const s = usePlannerStore();
  const box = useRef<HTMLTextAreaElement>(null);
  useEffect(() => box.current?.focus(), []);
  const left = GOAL_MAX_CHARS - s.goal.length;
  const canPlan = s.goal.trim().length > 0 && left >= 0 && !s.busy;
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && s.hide()}>
      <div className="modal wide plan-dialog" role="dialog" aria-modal="true" aria-label="Plan from goal">
        <div className="modal-head">
          <div className="modal-title">Plan from goal</div>
          <button className="icon-btn" onClick={s.hide} aria-label="Close">
            ×
          </button>
        </div>
        <div className="modal-body">
          <label className="plan-label" htmlFor="plan-goal">
            What do you want to find out?
          </label>
          <textarea
            id="plan-goal"
            ref={box}
            className={`plan-goal${left < 0 ? ' invalid' : ''}`}
            rows={3}
            maxLength={GOAL_MAX_CHARS}
            placeholder="e.g. predict when ETH/BTC rises 1% within an hour"
            value={s.goal}
            onChange={(e) => s.setGoal(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && canPlan) void s.submit();
              e.stopPropagation();
            }}
          />
          <div className="plan-goal-foot">
            <span className="muted small">
              Try:{' '}
              {EXAMPLES.map((x, i) => (
                <button key={x} className="link-btn" onClick={() => s.setGoal(x)}>
                  {x}
                  {i < EXAMPLES.length - 1 ? ' · ' : ''}
                </button>
              ))}
            </span>
            <span className={`plan-counter${left < 50 ? ' low' : ''}`} data-testid="goal-counter">
              {s.goal.length} / {GOAL_MAX_CHARS}
            </span>
          </div>
          {s.error && (
            <div className="plan-error" role="alert">
              {s.error}
            </div>
          )}
          {s.clarification && <ClarificationForm key={`${s.clarification.planId}`} c={s.clarification.clarification} notes={s.clarification.notes} />}
          {s.busy && <div className="muted pad plan-busy">Planning and dry-running on a sample of the data…</div>}
        </div>
        <div className="modal-foot">
          <button className="btn" onClick={s.hide}>
            Cancel
          </button>
          {!s.clarification && (
            <button className="btn primary" disabled={!canPlan} onClick={() => void s.submit()} data-testid="plan-submit">
              Plan
            </button>
          )}
        </div>
      </div>
    </div>
  );
}

/** A planner question: its context, the options (the default chosen), free text where allowed. */
function ClarificationForm({ c, notes }: { c: PlanClarification; notes: string[] }) {
  const answer = usePlannerStore((s) => s.answer);
  const busy = usePlannerStore((s) => s.busy);
  const [value, setValue] = useState(c.default ?? c.options[0]?.value ?? '');
  const [free, setFree] = useState('');
  const chosen = free.trim() || value;
  return (
    <div className="plan-clarify" data-clarification={c.field}>
      <div className="plan-clarify-kind">A question before planning</div>
      <div className="plan-clarify-question">{c.question}</div>
      {c.context && <p className="plan-clarify-context">{c.context}</p>}
      <div className="plan-options" role="radiogroup" aria-label={c.question}>
        {c.options.map((o) => (
          <label key={o.value} className={`plan-option${value === o.value && !free.trim() ? ' chosen' : ''}`}>
            <input type="radio" name={`clarify-${c.field}`} value={o.value} checked={value === o.value && !free.trim()} onChange={() => (setValue(o.value), setFree(''))} />
            <span>{o.label}</span>
            {o.value === c.default && <span className="plan-default">default</span>}
          </label>
        ))}
      </div>
      {c.allowFreeText && (
        <input className="plan-free" placeholder="…or type your own answer" value={free} onChange={(e) => setFree(e.target.value)} onKeyDown={(e) => e.stopPropagation()} maxLength={500} />
      )}
      {notes.length > 0 && (
        <ul className="plan-notes small muted">
          {notes.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      )}
      <div className="plan-clarify-actions">
        <button className="btn primary" disabled={busy || !chosen} onClick={() => void answer(c.field, chosen)} data-testid="clarify-answer">
          Answer and continue
        </button>
      </div>
    </div>
  );
}
