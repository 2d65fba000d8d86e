import { useEffect, useState } from 'react';

/**
 * Time left until `expiresAt` (epoch ms), ticking every second; says what happens then, in
 * the words of the matching option ("then reject (stop this branch)"), not its bare value.
 */
export function Countdown({ expiresAt, defaultAction, options = [] }: { expiresAt: number; defaultAction: string | null; options?: readonly { value: string; label: string }[] }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  const left = Math.max(0, Math.round((expiresAt - now) / 1000));
  const text = left >= 3600 ? `${Math.floor(left / 3600)} h ${Math.floor((left % 3600) / 60)} min` : left >= 60 ? `${Math.floor(left / 60)} min ${String(left % 60).padStart(2, '0')} s` : `${left} s`;
  return (
    <span className={`approval-countdown${left <= 30 ? ' urgent' : ''}`} data-seconds-left={left} title={new Date(expiresAt).toLocaleString()}>
      {left > 0 ? `${text} left` : 'time is up'}
      {defaultAction ? `, then ${thenText(defaultAction, options)}` : ''}
    </span>
  );
}

function thenText(action: string, options: readonly { value: string; label: string }[]): string {
  const label = options.find((o) => o.value === action)?.label;
  return label ? label.charAt(0).toLowerCase() + label.slice(1) : action;
}
