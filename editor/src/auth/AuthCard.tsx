import type { FormEvent, ReactNode } from 'react';
import './auth.css';

/** The frame of the pages shown before the editor: set-up, sign-in, invitation. */
export function AuthCard({ title, intro, children, onSubmit }: { title: string; intro?: ReactNode; children?: ReactNode; onSubmit?: () => void }) {
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit?.();
  };
  return (
    <div className="auth-page">
      <div className="auth-brand">
        <span className="brand-mark" />
        coinlab
      </div>
      <form className="auth-card" aria-label={title} onSubmit={submit} noValidate>
        <h1>{title}</h1>
        {intro && <p className="muted">{intro}</p>}
        {children}
      </form>
    </div>
  );
}
