import { CopyButton } from './CopyButton';
import { cliUsageSteps } from './cli-usage';

/** The ways to use a new API token from the command line, each command with its copy button. */
export function CliUsage({ origin }: { origin: string }) {
  return (
    <div className="cli-usage" aria-label="Use the token from the command line">
      <div className="muted small">
        Use it from the command line (in your coinlab checkout) without typing it into a command: shell history and the process list would keep it.
      </div>
      <ol className="cli-steps">
        {cliUsageSteps(origin).map((step) => (
          <li key={step.say}>
            <div className="small">{step.say}</div>
            {step.commands.map((c) => (
              <div key={c.text} className="row gap cli-command">
                <code className="example-command">{c.text}</code>
                <CopyButton text={c.text} label={c.copyLabel} />
              </div>
            ))}
          </li>
        ))}
      </ol>
    </div>
  );
}
