import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import type { AlertsChanged, ClientToServerEvents, ServerToClientEvents } from '@coinlab/shared';
import { testDatabases } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { socketAuth } from '../support/auth';

type LabSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * Every watch is acknowledged once the socket is in its room. A client reads the current state
 * after the ack; before, an alert raised between the editor's read and its joining was lost and
 * the bell stayed at zero (seen in CI under load).
 */
describe.each(testDatabases())('socket watches acknowledge once joined ($name database)', (target) => {
  let s: TestServer;
  let socket: LabSocket;
  beforeAll(async () => {
    s = await startTestServer(target);
    socket = io(s.url, { ...socketAuth(s.url), transports: ['websocket'], reconnection: false, forceNew: true });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
  });
  afterAll(async () => {
    socket?.close();
    await s?.stop();
  });

  const acked = (emit: (done: () => void) => void) =>
    new Promise<'acked'>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the watch was never acknowledged')), 5_000);
      emit(() => {
        clearTimeout(timer);
        resolve('acked');
      });
    });

  it('an alert raised the moment alerts:watch is acknowledged reaches the socket', async () => {
    const changes: AlertsChanged[] = [];
    socket.on('alerts:changed', (c) => changes.push(c));
    expect(await acked((done) => socket.emit('alerts:watch', done))).toBe('acked');
    const alert = await s.runtime.alerts.raise({ kind: 'budget_exhausted', severity: 'warning', message: 'raised right after the watch began' });
    await expect.poll(() => changes.some((c) => c.reason === 'raised' && c.alertIds.includes(alert!.id)), { timeout: 10_000 }).toBe(true);
  });

  it('runs:watch, automations:watch and experiment:watch acknowledge too (an unknown experiment as well)', async () => {
    expect(await acked((done) => socket.emit('runs:watch', done))).toBe('acked');
    expect(await acked((done) => socket.emit('automations:watch', done))).toBe('acked');
    expect(await acked((done) => socket.emit('experiment:watch', { experimentId: '00000000-0000-4000-8000-000000000000' }, done))).toBe('acked');
    expect(await acked((done) => socket.emit('experiment:watch', { experimentId: 'not-an-id' }, done))).toBe('acked');
  });
});
