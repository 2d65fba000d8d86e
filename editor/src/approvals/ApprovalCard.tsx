import { useState } from 'react';
import type { InteractionRequest } from '@coinlab/shared';
import { answerApproval, type ApprovalAnswer } from './answer';
import { ContextView } from './ContextView';
import { Countdown } from './Countdown';
import './approval-card.css';
import './approvals.css';

/** The names an override may pick (the model choice's `choices`), when the context lists them. */
export function overrideChoices(context: unknown): string[] {
  if (!context || typeof context !== 'object') return [];
  const c = (context as { choices?: unknown }).choices;
  return Array.isArray(c) ? c.filter((x): x is string => typeof x === 'string') : [];
}

function recommendedOf(context: unknown): string | undefined {
  const r = context && typeof context === 'object' ? (context as { recommended?: unknown }).recommended : undefined;
  return typeof r === 'string' ? r : undefined;
}

/** A free-text override value: JSON when it parses (numbers, objects), else the text. */
function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * A question a paused node puts to a person (approval gate, model choice): message,
 * context (the comparison table), a countdown to the default action, and the answers the
 * runtime accepts — the request's options (approve / reject) and, where allowed, an
 * override that picks another option or model and must say why.
 */
export function ApprovalCard({ request, nodeId }: { request: InteractionRequest; nodeId?: string }) {
  const choices = overrideChoices(request.context);
  const recommended = recommendedOf(request.context);
  const [reason, setReason] = useState('');
  const [overriding, setOverriding] = useState(false);
  const [pick, setPick] = useState(() => choices.find((c) => c !== recommended) ?? choices[0] ?? '');
  const [freeValue, setFreeValue] = useState('');
  const [sending, setSending] = useState(false);
  const [sent, setSent] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const options = request.options.length ? request.options : [{ value: 'approve', label: 'Approve' }, { value: 'reject', label: 'Reject' }];

  const send = async (answer: ApprovalAnswer) => {
    setSending(true);
    setProblem(null);
    const refused = await answerApproval(request.interactionId, answer);
    setSending(false);
    if (refused) setProblem(refused);
    else setSent(answer.decision);
  };
  const overrideValue = choices.length ? pick : parseValue(freeValue);
  const overrideReady = reason.trim().length > 0 && (choices.length ? !!pick : freeValue.trim().length > 0);

  return (
    <div className={`approval-card kind-${request.kind}`} data-interaction={request.interactionId} data-approval-node={nodeId} onKeyDown={(e) => e.stopPropagation()}>
      <div className="approval-head">
        <span className="approval-kind">{request.kind === 'approval' ? 'Approval needed' : 'Question'}</span>
        {request.expiresAt ? <Countdown expiresAt={request.expiresAt} defaultAction={request.defaultAction} options={request.options} /> : <span className="muted small">waits until answered</span>}
      </div>
      <div className="approval-title">{request.title}</div>
      {request.message && <p className="approval-message">{request.message}</p>}
      <ContextView context={request.context} message={request.message} />
      {sent ? (
        <div className="approval-sent" role="status">
          Sent “{sent}”: waiting for the run to continue…
        </div>
      ) : (
        <>
          <textarea
            className="approval-reason"
            rows={2}
            placeholder={overriding ? 'Reason for the override (required)' : 'Reason (optional)'}
            value={reason}
            maxLength={1000}
            onChange={(e) => setReason(e.target.value)}
            aria-label="Reason"
          />
          {overriding && (
            <div className="approval-override" data-testid="override-form">
              <label className="small">
                {choices.length ? 'Use instead' : 'Value to pass on instead'}
                {choices.length ? (
                  <select value={pick} onChange={(e) => setPick(e.target.value)} aria-label="Override choice">
                    {choices.map((c) => (
                      <option key={c} value={c}>
                        {c}
                        {c === recommended ? ' (recommended)' : ''}
                      </option>
                    ))}
                  </select>
                ) : (
                  <input value={freeValue} onChange={(e) => setFreeValue(e.target.value)} placeholder="text or JSON" aria-label="Override value" />
                )}
              </label>
            </div>
          )}
          {problem && (
            <div className="approval-problem" role="alert">
              {problem}
            </div>
          )}
          <div className="approval-actions">
            {overriding ? (
              <>
                <button className="btn" disabled={sending} onClick={() => setOverriding(false)}>
                  Back
                </button>
                <button
                  className="btn primary"
                  disabled={sending || !overrideReady}
                  title={overrideReady ? undefined : 'Pick a value and give a reason'}
                  onClick={() => void send({ decision: 'override', value: overrideValue, reason })}
                  data-decision="override"
                >
                  Override{choices.length && pick ? ` → ${pick}` : ''}
                </button>
              </>
            ) : (
              <>
                {options.map((o) => (
                  <button key={o.value} className={`btn${o.value === 'approve' ? ' primary' : o.value === 'reject' ? ' danger' : ''}`} disabled={sending} onClick={() => void send({ decision: o.value, reason })} data-decision={o.value}>
                    {o.label}
                  </button>
                ))}
                {request.allowOverride && (
                  <button className="btn" disabled={sending} onClick={() => setOverriding(true)} data-decision="override-open">
                    Override…
                  </button>
                )}
              </>
            )}
          </div>
        </>
      )}
    </div>
  );
}
