import { useId, type InputHTMLAttributes, type ReactNode } from 'react';
import { ApiError } from '../api/http';

/** A labelled input with an optional hint under it (the label is its accessible name). */
export function Field({ label, hint, ...input }: { label: string; hint?: ReactNode } & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className="auth-field">
      <label htmlFor={id}>{label}</label>
      <input id={id} className="full" {...(hint ? { 'aria-describedby': hintId } : {})} {...input} />
      {hint && (
        <div id={hintId} className="muted small">
          {hint}
        </div>
      )}
    </div>
  );
}

/** What went wrong, in words: the server's message and each problem with where it is (as a sentence). */
export function errorText(err: unknown): string {
  const text = describe(err);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function describe(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 429) {
      const minutes = Math.max(1, Math.ceil((err.retryAfter ?? 60) / 60));
      return `Too many attempts, try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
    }
    const problems = err.problems.map((p) => `${p.path ? `${p.path}: ` : ''}${p.message}`);
    return problems.length ? `${err.message} (${problems.join('; ')})` : err.message;
  }
  return err instanceof Error ? err.message : String(err);
}

export function FormError({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <div className="auth-error" role="alert">
      {error}
    </div>
  );
}
