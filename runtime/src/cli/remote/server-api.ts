import type { Socket } from 'socket.io-client';
import { z } from 'zod';
import { errorBodySchema, type ErrorBody, type RunEvent } from '@coinlab/shared';
import type { InteractionResponse } from '@coinlab/nodes';
import type { ClientToServerEvents, ServerToClientEvents } from '../../realtime/protocol';
import type { AnswerResult } from '../../services/interactions';
import { CliExit, EXIT } from '../exit-codes';
import { cliHeaders } from '../cli-headers';
import { accessRefused, unreachable } from './access-errors';
import type { RemoteTarget } from './remote-target';

/** The error of an error answer (the shared contract's error body). */
export type ApiProblem = ErrorBody['error'];

/** An error answer of the server (4xx/5xx), with the API's code, message and problems. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: ApiProblem,
  ) {
    super(problem.message);
  }
}

const FINAL = new Set<RunEvent['kind']>(['run.finished', 'run.failed', 'run.cancelled', 'run.interrupted']);

/**
 * The API of a coinlab server — the one given by --server, or the `coinlab serve` that holds
 * the data folder — as the CLI uses it: the operations the CLI otherwise does in-process, over
 * HTTP, and a run's live events over socket.io, with the target's token on both. An answer that
 * refuses the token (401) or its rights (403) ends the command with EXIT.accessDenied.
 */
export class ServerApi {
  readonly base: string;
  readonly url: string;
  constructor(readonly target: RemoteTarget) {
    this.url = target.baseUrl.replace(/\/$/, '');
    this.base = `${this.url}/api/v1`;
  }

  /** Any answer but a refused token or right, as status and JSON body (null when not JSON). */
  async raw(method: string, path: string, json?: unknown): Promise<{ status: number; body: unknown }> {
    const res = await this.fetch(path, { method, ...(json !== undefined ? { body: JSON.stringify(json), contentType: 'application/json' } : {}) });
    return { status: res.status, body: res.status === 204 ? null : safeJson(await res.text()) };
  }

  /** The parsed JSON body of a 2xx answer; ApiError for an error answer; exit 3 when the server cannot be reached. */
  async request<T>(path: string, schema: z.ZodType<T>, init: RequestOptions = {}): Promise<T> {
    const res = await this.fetch(path, init);
    const text = await res.text();
    if (!res.ok) throw toError(res.status, text);
    const parsed = schema.safeParse(safeJson(text));
    if (!parsed.success) throw new CliExit(EXIT.unavailable, `the server at ${this.url} answered ${path} with an unexpected body: ${parsed.error.issues[0]?.message ?? ''}`);
    return parsed.data;
  }

  /** The body of a 2xx answer as text, as stored (node outputs are NaN-safe JSON not to be re-encoded). */
  async text(path: string): Promise<string> {
    const res = await this.fetch(path, {});
    const text = await res.text();
    if (!res.ok) throw toError(res.status, text);
    return text;
  }

  async bytes(path: string): Promise<Uint8Array | undefined> {
    const res = await this.fetch(path, {});
    if (res.status === 404) return undefined;
    if (!res.ok) throw toError(res.status, await res.text());
    return new Uint8Array(await res.arrayBuffer());
  }

  async answer(runId: string, interactionId: string, response: InteractionResponse): Promise<AnswerResult> {
    try {
      await this.request(`/runs/${runId}/interactions/${interactionId}`, z.unknown(), { method: 'POST', body: JSON.stringify(response), contentType: 'application/json' });
      return { ok: true };
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.status === 400) return { ok: false, reason: 'invalid', message: err.message };
      return { ok: false, reason: err.problem.code === 'already_decided' ? 'already_decided' : 'not_found' };
    }
  }

  /** Follows a run from its first event, rejoining after a dropped connection; resolves with the final event. */
  async follow(runId: string, onEvent: (e: RunEvent) => void): Promise<RunEvent> {
    // Loaded here: every `coinlab run` imports this module, few of them talk to a server.
    const { io } = await import('socket.io-client');
    const token = this.target.token;
    // The token goes in the handshake's auth payload, and as the upgrade request's header for
    // servers (or proxies) that check headers; the URL stays free of it (proxies log URLs).
    // The origin, not the URL: socket.io reads a URL's path as a namespace.
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(new URL(this.url).origin, {
      transports: ['websocket'],
      forceNew: true,
      path: this.socketPath,
      ...(token ? { auth: { token }, extraHeaders: { authorization: `Bearer ${token}` } } : {}),
    });
    let lastSeq = 0;
    try {
      return await new Promise<RunEvent>((resolve, reject) => {
        socket.on('run:event', (e) => {
          if (e.runId !== runId || e.seq <= lastSeq) return; // a rejoin may resend what was seen
          lastSeq = e.seq;
          onEvent(e);
          if (FINAL.has(e.kind)) resolve(e);
        });
        socket.on('connect', () =>
          socket.emit('run:join', { runId, afterSeq: lastSeq }, (ack) => {
            if (!ack.ok) reject(new CliExit(EXIT.unavailable, `cannot follow run ${runId} on ${this.url}: ${ack.error}`));
          }),
        );
        // The server ends a socket whose token was revoked (or whose user lost the role);
        // socket.io does not reconnect on its own after that. One new handshake tells a revoked
        // token (refused: exit 4 below) from a server that merely dropped us (we rejoin).
        socket.on('disconnect', (reason) => {
          if (reason === 'io server disconnect') socket.connect();
        });
        socket.on('connect_error', (err) => {
          if (socket.active) return; // a dropped connection: socket.io reconnects and we rejoin
          const status = refusalStatus(err);
          // A refused handshake says why in its data ("unauthorized" is only the kind).
          const why = (err as Error & { data?: { message?: unknown } }).data?.message;
          reject(status ? accessRefused(this.target, status, typeof why === 'string' ? why : err.message) : new CliExit(EXIT.unavailable, `lost the server at ${this.url}: ${err.message}`));
        });
      });
    } finally {
      socket.close();
    }
  }

  /** socket.io's path on a server under a sub-path (https://host/coinlab → /coinlab/socket.io). */
  private get socketPath(): string {
    return `${new URL(this.url).pathname.replace(/\/+$/, '')}/socket.io`;
  }

  private async fetch(path: string, init: RequestOptions): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(`${this.base}${path}`, {
        method: init.method ?? 'GET',
        ...(init.body !== undefined ? { body: init.body } : {}),
        headers: {
          ...cliHeaders(false),
          ...(init.contentType ? { 'content-type': init.contentType } : {}),
          ...(this.target.token ? { authorization: `Bearer ${this.target.token}` } : {}),
        },
      });
    } catch (err) {
      throw unreachable(this.target, err);
    }
    if (res.status === 401 || res.status === 403) {
      const text = await res.text().catch(() => '');
      const parsed = errorBodySchema.safeParse(safeJson(text));
      throw accessRefused(this.target, res.status, parsed.success ? parsed.data.error.message : undefined);
    }
    return res;
  }
}

/** 401/403 when a socket.io handshake was refused for its token or rights, else undefined. */
function refusalStatus(err: Error): 401 | 403 | undefined {
  const data = (err as Error & { data?: { status?: unknown; code?: unknown } }).data;
  const status = data?.status ?? data?.code;
  if (status === 401 || status === 403) return status;
  if (/forbidden|scope|not allowed|permission/i.test(err.message)) return 403;
  if (/unauthori[sz]ed|token|authenticat|sign in|signed in/i.test(err.message)) return 401;
  return undefined;
}

interface RequestOptions {
  method?: string;
  body?: string;
  contentType?: string;
}

function toError(status: number, text: string): ApiError {
  const parsed = errorBodySchema.safeParse(safeJson(text));
  return new ApiError(status, parsed.success ? parsed.data.error : { code: `http_${status}`, message: `the server answered HTTP ${status}` });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
