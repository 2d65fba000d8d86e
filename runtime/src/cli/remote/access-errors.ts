import { CliExit, EXIT } from '../exit-codes';
import type { RemoteTarget } from './remote-target';

/**
 * The one line a user reads when a server refuses the CLI: what to do about it, naming the
 * server — never the token (the redactor is a second net, not the first).
 */
export function accessRefused(target: RemoteTarget, status: 401 | 403, serverMessage: string | undefined): CliExit {
  const at = `the server at ${target.baseUrl}`;
  if (status === 403) {
    // The server says which scope or role is missing ("this token's scope is read; … needs run").
    const why = serverMessage ? `: ${withoutToken(serverMessage, target)}` : '';
    return new CliExit(EXIT.accessDenied, `${at} refused this request for the token's scope or your role${why}`);
  }
  if (!target.token) {
    const where = target.origin === 'data-folder' ? ' (no cli-token file in its data folder)' : '';
    return new CliExit(EXIT.accessDenied, `${at} needs an API token${where}: give --token-file PATH or COINLAB_TOKEN; create one in the editor under API tokens`);
  }
  return new CliExit(EXIT.accessDenied, `${at} refused the token (revoked, expired or mistyped); create one in the editor under API tokens`);
}

/** The server cannot be reached: names the URL and the cause, and what to check. */
export function unreachable(target: RemoteTarget, err: unknown): CliExit {
  const why = err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err);
  if (target.origin === 'data-folder') return new CliExit(EXIT.unavailable, `the coinlab server at ${target.baseUrl} holds the data folder but does not answer (${why}); stop it, or wait until it is up`);
  return new CliExit(EXIT.unavailable, `cannot reach the coinlab server at ${target.baseUrl} (${why}); check --server and that the server is running`);
}

const withoutToken = (text: string, target: RemoteTarget) => (target.token ? text.split(target.token).join('[redacted]') : text);
