import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { GraphDocumentInput, RunEvent } from '@coinlab/shared';
import { io, type Socket } from 'socket.io-client';
import { socketAuth } from './auth';
import type { ClientToServerEvents, ServerToClientEvents } from '../../runtime/src/realtime/protocol';
import type { SessionView } from '../../runtime/src/sessions';
import { market5mFiles, REPO_ROOT } from './paths';
import type { TestServer } from './server';

/** The two pairs most lab tests need (importing all seven takes longer and adds nothing). */
export const LAB_FILES = () => market5mFiles().filter((f) => /ETH_BTC|LTC_BTC/.test(f));

export const template = (name: string): GraphDocumentInput => JSON.parse(readFileSync(path.join(REPO_ROOT, 'templates', `${name}.graph.json`), 'utf8')) as GraphDocumentInput;

/**
 * Two branches from one loader: sma -> approval gate -> summary (waits for a person) and
 * ema -> summary2 (must finish while the gate waits).
 */
export function gateGraph(gate: Record<string, unknown>): GraphDocumentInput {
  return {
    version: 2,
    name: 'gate',
    nodes: [
      { id: 'load', type: 'data.load_candles', typeVersion: 1, params: { coins: ['ETH_BTC'], from: '2018-01-25' } },
      { id: 'sma', type: 'indicator.sma', typeVersion: 1, params: { period: 20 } },
      { id: 'gate', type: 'approval.gate', typeVersion: 1, params: gate },
      { id: 'summary', type: 'report.summary', typeVersion: 1, params: { title: 'Approved branch' } },
      { id: 'ema', type: 'indicator.ema', typeVersion: 1, params: { period: 20 } },
      { id: 'summary2', type: 'report.summary', typeVersion: 1, params: { title: 'Other branch' } },
    ],
    edges: [
      { source: { node: 'load', port: 'candles' }, target: { node: 'sma', port: 'candles' } },
      { source: { node: 'sma', port: 'series' }, target: { node: 'gate', port: 'value' } },
      { source: { node: 'gate', port: 'value' }, target: { node: 'summary', port: 'items' } },
      { source: { node: 'load', port: 'candles' }, target: { node: 'ema', port: 'candles' } },
      { source: { node: 'ema', port: 'series' }, target: { node: 'summary2', port: 'items' } },
    ],
  };
}

/** The planner's template on the last days of ETH_BTC (fast), with the gate's params. */
export function modelChoiceGraph(gate: Record<string, unknown>): GraphDocumentInput {
  const doc = template('planned-prediction');
  return {
    ...doc,
    nodes: doc.nodes.map((n) =>
      n.id === 'candles' ? { ...n, params: { coins: ['ETH_BTC'], from: '2018-01-20' } } : n.id === 'approve_model' ? { ...n, params: gate } : n.id === 'train_rf' ? { ...n, params: { nTrees: 30, maxDepth: 8 } } : n,
    ),
  };
}

export async function startRun(s: TestServer, body: unknown): Promise<string> {
  const res = await s.api('/runs', { method: 'POST', json: body });
  if (res.status !== 202) throw new Error(`POST /runs: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { runId: string }).runId;
}

export const answer = (s: TestServer, runId: string, interactionId: string, body: unknown) => s.api(`/runs/${runId}/interactions/${interactionId}`, { method: 'POST', json: body });

export type Awaiting = Extract<RunEvent, { kind: 'node.awaiting' }>;
export const isAwaiting = (e: RunEvent): e is Awaiting => e.kind === 'node.awaiting';

/** A socket.io client in a session's room, collecting its updates. */
export async function watchSession(url: string, sessionId: string) {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, { ...socketAuth(url), transports: ['websocket'], reconnection: false, forceNew: true });
  const updates: SessionView[] = [];
  const waiters: { pred: (v: SessionView) => boolean; resolve: (v: SessionView) => void }[] = [];
  socket.on('session:update', (v) => {
    updates.push(v);
    for (const w of [...waiters]) if (w.pred(v)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(v);
    }
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const ack = await new Promise<Parameters<Parameters<ClientToServerEvents['session:join']>[1]>[0]>((resolve) => socket.emit('session:join', { sessionId }, resolve));
  if (!ack.ok) throw new Error(`session:join failed: ${ack.error}`);
  return {
    initial: ack.session,
    updates,
    until(pred: (v: SessionView) => boolean, timeoutMs = 90_000): Promise<SessionView> {
      const hit = [ack.session, ...updates].find(pred);
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`timed out waiting for a session update; got ${updates.map((u) => `${u.status}/${u.pending?.kind ?? '-'}`).join(', ')}`)), timeoutMs);
        waiters.push({ pred, resolve: (v) => (clearTimeout(t), resolve(v)) });
      });
    },
    close: () => void socket.close(),
  };
}
