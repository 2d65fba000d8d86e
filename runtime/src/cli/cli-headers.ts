import { CLIENT_HEADER } from '@coinlab/shared';

/** Every CLI request says it comes from the CLI (audit log, per-client limits); JSON bodies say so too. */
export function cliHeaders(json: boolean): Record<string, string> {
  return { [CLIENT_HEADER]: 'cli', ...(json ? { 'content-type': 'application/json' } : {}) };
}
