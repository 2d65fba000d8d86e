import { readFileSync } from 'node:fs';
import path from 'node:path';
import { registerSecret } from '../../security/redact';
import { UsageError } from '../exit-codes';

/** The file a `coinlab serve` on a data folder writes its admin token for the local CLI into. */
export const CLI_TOKEN_FILE = 'cli-token';

/** A runtime the CLI works through over HTTP and socket.io. */
export interface RemoteTarget {
  /** The server's root URL (no trailing slash), as the user gave it. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer …` and in the socket.io handshake; never printed. */
  token?: string;
  /** Chosen with --server / COINLAB_SERVER, or found in the lock of the data folder. */
  origin: 'option' | 'data-folder';
}

/** The command line without the global options, and what they (and the environment) say. */
export interface ParsedGlobals {
  argv: string[];
  /** The target given by --server or COINLAB_SERVER; undefined = decide from the data folder. */
  remote?: RemoteTarget;
  /** A token given without a server: sent to the server that holds the data folder. */
  token?: string;
  /** --server was on the command line (not only in the environment). */
  serverOption?: boolean;
}

const GLOBAL_FLAGS = new Set(['--server', '--token', '--token-file']);

/**
 * Takes `--server URL`, `--token T` and `--token-file PATH` (also `--flag=value`) out of the
 * command line wherever they stand — before or after the command — so that every command's own
 * option parser sees only its options. The environment (COINLAB_SERVER, COINLAB_TOKEN) fills in
 * what the command line leaves out; the command line wins.
 */
export function takeGlobalOptions(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): ParsedGlobals {
  const rest: string[] = [];
  const given: Partial<Record<'--server' | '--token' | '--token-file', string>> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (!GLOBAL_FLAGS.has(flag)) {
      rest.push(arg);
      continue;
    }
    let value: string | undefined;
    if (eq > 0) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value, e.g. ${example(flag)}`);
      i++;
    }
    given[flag as keyof typeof given] = value;
  }
  if (given['--token'] !== undefined && given['--token-file'] !== undefined) throw new UsageError('--token and --token-file both give the token: use one');

  const token = given['--token'] !== undefined ? checkToken(given['--token'], '--token') : given['--token-file'] !== undefined ? readTokenFile(given['--token-file']) : env.COINLAB_TOKEN ? checkToken(env.COINLAB_TOKEN, 'COINLAB_TOKEN') : undefined;
  // The redactor learns the token before anything can print it (an error, a stack, a log line).
  if (token) registerSecret(token);
  const server = given['--server'] ?? (env.COINLAB_SERVER || undefined);
  if (server === undefined) return { argv: rest, ...(token ? { token } : {}) };
  const from = given['--server'] !== undefined ? '--server' : 'COINLAB_SERVER';
  return { argv: rest, remote: { baseUrl: checkServerUrl(server, from), ...(token ? { token } : {}), origin: 'option' }, serverOption: from === '--server' };
}

const example = (flag: string) => (flag === '--server' ? '--server https://lab.example.com' : flag === '--token' ? '--token "$COINLAB_TOKEN"' : '--token-file ~/.coinlab-token');

/** An http(s) URL with no credentials, path kept (a server behind a reverse proxy under /coinlab). */
export function checkServerUrl(value: string, from: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new UsageError(`${from}: "${value}" is not a URL; give the server's address, e.g. --server https://lab.example.com`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`${from}: "${value}" is not an http(s) URL, e.g. --server https://lab.example.com`);
  if (url.username || url.password) throw new UsageError(`${from}: put no credentials in the URL; give the token with --token-file or COINLAB_TOKEN`);
  if (url.search || url.hash) throw new UsageError(`${from}: "${value}" has a query or fragment; give the server's address only`);
  return url.href.replace(/\/+$/, '');
}

function checkToken(value: string, from: string): string {
  const token = value.trim();
  if (!token) throw new UsageError(`${from} is empty`);
  // A header value cannot hold these; saying so beats fetch's "invalid header value".
  if (/[\s\u0000-\u001f\u007f]/.test(token)) throw new UsageError(`${from}: the token contains spaces or control characters; copy it again from the editor's API tokens page`);
  return token;
}

function readTokenFile(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`--token-file: cannot read ${file} (${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (code ?? 'error')})`);
  }
  return checkToken(text, `--token-file ${file}`);
}

/**
 * The admin token a `coinlab serve` on `dataDir` leaves for the CLI on the same machine
 * (`<dataDir>/cli-token`, readable by its user only); undefined when there is none (a server
 * that predates accounts, or one that needs no token).
 */
export function localServerToken(dataDir: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(path.join(dataDir, CLI_TOKEN_FILE), 'utf8');
  } catch {
    return undefined;
  }
  const token = text.trim();
  if (!token || /[\s\u0000-\u001f\u007f]/.test(token)) return undefined;
  registerSecret(token);
  return token;
}

let chosen: ParsedGlobals | undefined;

/** Set once by main.ts from the command line and environment. */
export function setGlobalOptions(globals: ParsedGlobals): void {
  chosen = globals;
}

/** The server given by --server / COINLAB_SERVER, if any. */
export const explicitRemote = (): RemoteTarget | undefined => chosen?.remote;

/** A token given without --server (for the server that holds the data folder). */
export const tokenWithoutServer = (): string | undefined => chosen?.token;
