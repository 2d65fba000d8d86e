/** What a just-saved automation answered: its name, and what will keep its fires from running unattended. */
export interface UnattendedNotice {
  name: string;
  lines: string[];
}

/**
 * The warnings a schedule or a data trigger answers when saved (an approval gate that waits for a
 * person at every fire, a graph that no longer validates), shown beside its form. Not a toast: it
 * stays until dismissed, since what it says must be acted on in the graph.
 */
export function UnattendedWarnings({ notice, onDismiss, testId }: { notice: UnattendedNotice; onDismiss: () => void; testId: string }) {
  return (
    <div className="unattended-warnings" role="alert" data-testid={testId}>
      <strong>“{notice.name}” will not run unattended:</strong>
      <ul>
        {notice.lines.map((w) => (
          <li key={w}>{w}</li>
        ))}
      </ul>
      <button type="button" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
