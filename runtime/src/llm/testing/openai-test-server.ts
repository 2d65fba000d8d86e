import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real HTTP server speaking the OpenAI chat completions protocol (JSON and SSE
 * streaming with `stream_options.include_usage`), scripted reply by reply, for
 * integration tests of the real ChatOpenAI client. Listens on 127.0.0.1, random port.
 */

export interface ServerToolCall {
  id?: string;
  name: string;
  /** An object is serialized; a string is sent as is (so it can be invalid JSON). */
  arguments: string | Record<string, unknown>;
}

export type ServerReply =
  | {
      type?: 'completion';
      text?: string;
      toolCalls?: ServerToolCall[];
      /** Default derived from sizes; null sends no usage at all. */
      usage?: { prompt_tokens: number; completion_tokens: number } | null;
      /** Wait before the response starts. */
      delayMs?: number;
      /** Wait between streamed chunks. */
      chunkDelayMs?: number;
    }
  | { type: 'error'; status: number; retryAfter?: string | number; message?: string }
  /** Accept the request and never answer (until the client gives up). */
  | { type: 'hang' }
  /** HTTP 200 whose body is not valid JSON. */
  | { type: 'invalid-json' }
  /** HTTP 200 with this JSON body as is (e.g. an empty `choices` array). */
  | { type: 'raw-json'; body: unknown };

export interface RecordedRequest {
  index: number;
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: ChatCompletionRequestBody | null;
  /** performance.now() when the request arrived, to measure backoff between attempts. */
  receivedAt: number;
}

export interface ChatCompletionRequestBody {
  model?: string;
  messages?: { role: string; content?: unknown; tool_calls?: unknown; tool_call_id?: string }[];
  tools?: { type: string; function: { name: string; description?: string; parameters?: unknown } }[];
  tool_choice?: unknown;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  max_tokens?: number;
  max_completion_tokens?: number;
  [key: string]: unknown;
}

export interface OpenAiTestServer {
  /** Base URL for OPENAI_BASE_URL, ending in /v1. */
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
  /** Queues replies, served in order, one per chat completion request. */
  enqueue(...replies: ServerReply[]): void;
  readonly pendingReplies: number;
  close(): Promise<void>;
}

export async function startOpenAiTestServer(options: { replies?: ServerReply[]; model?: string } = {}): Promise<OpenAiTestServer> {
  const queue: ServerReply[] = [...(options.replies ?? [])];
  const requests: RecordedRequest[] = [];
  const serverTag = randomBytes(4).toString('hex');
  let completions = 0;
  const model = options.model ?? 'test-model';

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: String(error), type: 'server_error' } });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const receivedAt = performance.now();
    const raw = await readBody(req);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    let body: ChatCompletionRequestBody | null = null;
    try {
      body = raw ? (JSON.parse(raw) as ChatCompletionRequestBody) : null;
    } catch {
      body = null;
    }
    requests.push({ index: requests.length, method: req.method ?? '', path, headers: req.headers, body, receivedAt });

    if (req.method === 'GET' && path.endsWith('/models')) {
      return sendJson(res, 200, { object: 'list', data: [{ id: model, object: 'model', owned_by: 'test' }] });
    }
    if (req.method !== 'POST' || !path.endsWith('/chat/completions')) {
      return sendJson(res, 404, { error: { message: `no route ${req.method} ${path}`, type: 'invalid_request_error' } });
    }
    const reply = queue.shift();
    if (!reply) {
      // 400, not 5xx: a missing script line must fail the test, not be retried.
      return sendJson(res, 400, {
        error: { message: `openai-test-server: no scripted reply left for request #${requests.length}`, type: 'invalid_request_error' },
      });
    }
    switch (reply.type) {
      case 'error': {
        const headers: Record<string, string> = {};
        if (reply.retryAfter !== undefined) headers['retry-after'] = String(reply.retryAfter);
        return sendJson(res, reply.status, { error: { message: reply.message ?? `scripted HTTP ${reply.status}`, type: 'scripted' } }, headers);
      }
      case 'hang':
        return; // the socket stays open; close() destroys it
      case 'invalid-json':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"id": "chatcmpl-broken", "choices": [ {');
        return;
      case 'raw-json':
        return sendJson(res, 200, reply.body);
      default:
        break;
    }
    if (reply.delayMs) await sleep(reply.delayMs);
    if (res.destroyed) return;
    completions++;
    const id = `chatcmpl-${serverTag}-${completions}`;
    const created = Math.floor(Date.now() / 1000);
    const text = reply.text ?? '';
    const toolCalls = (reply.toolCalls ?? []).map((c, i) => ({
      id: c.id ?? `call_${serverTag}_${completions}_${i + 1}`,
      type: 'function' as const,
      function: { name: c.name, arguments: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments) },
    }));
    const finishReason = toolCalls.length > 0 ? 'tool_calls' : 'stop';
    const usage = reply.usage === null ? undefined : withTotal(reply.usage ?? defaultUsage(body, text, toolCalls));

    if (body?.stream) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
      const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
        `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices, ...extra })}\n\n`;
      const events: string[] = [chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }])];
      for (const piece of splitText(text)) events.push(chunk([{ index: 0, delta: { content: piece }, finish_reason: null }]));
      toolCalls.forEach((c, i) => {
        events.push(chunk([{ index: 0, delta: { tool_calls: [{ index: i, id: c.id, type: 'function', function: { name: c.function.name, arguments: '' } }] }, finish_reason: null }]));
        for (const part of halves(c.function.arguments)) {
          events.push(chunk([{ index: 0, delta: { tool_calls: [{ index: i, function: { arguments: part } }] }, finish_reason: null }]));
        }
      });
      events.push(chunk([{ index: 0, delta: {}, finish_reason: finishReason }]));
      if (usage && body.stream_options?.include_usage) events.push(chunk([], { usage }));
      events.push('data: [DONE]\n\n');
      for (const e of events) {
        if (res.destroyed) return;
        res.write(e);
        if (reply.chunkDelayMs) await sleep(reply.chunkDelayMs);
      }
      res.end();
      return;
    }
    sendJson(res, 200, {
      id,
      object: 'chat.completion',
      created,
      model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: text || (toolCalls.length > 0 ? null : ''), ...(toolCalls.length > 0 && { tool_calls: toolCalls }) },
          finish_reason: finishReason,
          logprobs: null,
        },
      ],
      ...(usage && { usage }),
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    enqueue: (...replies) => void queue.push(...replies),
    get pendingReplies() {
      return queue.length;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function defaultUsage(body: ChatCompletionRequestBody | null, text: string, toolCalls: { function: { arguments: string } }[]) {
  const promptChars = JSON.stringify(body?.messages ?? []).length;
  const outChars = text.length + toolCalls.reduce((n, c) => n + c.function.arguments.length, 0);
  return { prompt_tokens: Math.ceil(promptChars / 4), completion_tokens: Math.max(1, Math.ceil(outChars / 4)) };
}

const withTotal = (u: { prompt_tokens: number; completion_tokens: number }) => ({ ...u, total_tokens: u.prompt_tokens + u.completion_tokens });

/** Text in a few word-aligned pieces, so a stream really arrives in parts. */
function splitText(text: string): string[] {
  if (!text) return [];
  const words = text.split(/(?<=\s)/);
  const size = Math.max(1, Math.ceil(words.length / 3));
  const pieces: string[] = [];
  for (let i = 0; i < words.length; i += size) pieces.push(words.slice(i, i + size).join(''));
  return pieces;
}

function halves(s: string): string[] {
  if (s.length < 2) return [s];
  const mid = Math.floor(s.length / 2);
  return [s.slice(0, mid), s.slice(mid)];
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
