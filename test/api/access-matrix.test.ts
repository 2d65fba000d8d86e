import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents } from '@coinlab/shared';
import { testDatabases } from '../support/db';
import { waitChain } from '../support/graphs';
import { failingGraph } from '../support/alerts';
import { startRun } from '../support/lab';
import { experimentSpec, FIXTURES, MARKER, ownerIds, PRINCIPALS, RUN_NODE, SHARED, SHARED_MARKER, SIGNED_IN, startMatrixLab, UNKNOWN_OF, type Fixture, type MatrixLab, type Principal } from '../support/access-matrix';

// Issue 11: every HTTP route of the OpenAPI document and every socket.io event, for every kind
// of caller, on real objects of the owner's. A route added without an entry in ROUTES, or an
// event without one in SOCKET_EVENTS, fails. What a caller may not see does not exist for it:
// the answer is the very answer an unknown id gets, no marker name of the owner's objects is in
// any answer it gets, and no id of any of the owner's objects either.

/**
 * What a route works on: `public` (no sign-in), `account` (one's own account, tokens; team
 * management is capped by role), `lab` (collections and lab-wide actions: each caller sees its
 * own), `template` (the lab's ready graphs, every member reads them), or one of the owner's
 * objects (a Fixture): named by the path's {id}, or for a collection route by its body (starting
 * a run of the owner's graph, scheduling it, acknowledging the owner's alert…).
 */
type Kind = 'public' | 'account' | 'teamAdmin' | 'lab' | 'template' | Fixture;
/** A request body, or one made from the ids of the fixtures the cell works on. */
type Body = unknown;
type BodyOf = (id: (f: Fixture) => string) => Body;
/**
 * `owner`: what the owner gets for a change of its object (checked after every other cell, in an
 * order that keeps the objects: deletions last) — the refusals are worth something only if the
 * route does find the object for its owner.
 */
type Entry = { kind: Kind; body?: Body | BodyOf; owner?: number };

const ROUTES: Record<string, Entry> = {
  'GET /catalog': { kind: 'lab' },
  'GET /templates': { kind: 'lab' },
  'GET /templates/{name}': { kind: 'template' },
  'POST /graphs/validate': { kind: 'lab', body: { document: waitChain(1, 0) } },
  'POST /graphs': { kind: 'lab', body: { document: waitChain(1, 0) } },
  'GET /graphs': { kind: 'lab' },
  'GET /graphs/{id}': { kind: 'graph' },
  'PUT /graphs/{id}': { kind: 'graph', body: { document: { ...waitChain(1, 0), name: SHARED_MARKER } }, owner: 200 },
  'DELETE /graphs/{id}': { kind: 'graph', owner: 204 },
  'GET /graphs/{id}/versions': { kind: 'graph' },
  'GET /graphs/{id}/shares': { kind: 'graph' },
  'PUT /graphs/{id}/shares': { kind: 'graph', body: { userId: null, level: 'editor' }, owner: 200 },
  'DELETE /graphs/{id}/shares/{grantee}': { kind: 'graph', owner: 204 },
  'POST /runs': { kind: 'model', body: ((id) => ({ graphId: id('model') })) satisfies BodyOf, owner: 202 },
  'GET /runs': { kind: 'lab' },
  'GET /runs/{id}': { kind: 'run' },
  'POST /runs/{id}/cancel': { kind: 'run', owner: 409 },
  'GET /runs/{id}/events': { kind: 'run' },
  'GET /runs/{id}/nodes/{nodeId}/outputs': { kind: 'run' },
  'GET /runs/{id}/artifacts': { kind: 'run' },
  'POST /runs/{id}/interactions/{interactionId}': { kind: 'approval', body: { decision: 'approve' }, owner: 200 },
  'GET /artifacts/{id}': { kind: 'artifact' },
  'GET /artifacts/{id}/meta': { kind: 'artifact' },
  'GET /coins': { kind: 'lab' },
  'POST /candles/import': { kind: 'lab' },
  // Market data is the lab's: deleting a coin is the owner's and admins' (404 here: no such coin).
  'DELETE /coins/{coin}': { kind: 'teamAdmin' },
  'POST /plan': { kind: 'lab' },
  'GET /llm': { kind: 'lab' },
  'GET /llm/credentials': { kind: 'account' },
  // {scope} is 'team' here: only the owner and admins may set the team's provider.
  'PUT /llm/credentials/{scope}': { kind: 'teamAdmin', body: { baseUrl: 'http://127.0.0.1:9/v1', model: 'm', apiKey: 'sk-matrix-0123456789' } },
  'DELETE /llm/credentials/{scope}': { kind: 'teamAdmin' },
  'GET /runs/{id}/llm-usage': { kind: 'run' },
  'POST /runs/{id}/restart': { kind: 'run', body: { fromNode: 'w0' }, owner: 202 },
  'POST /lab/agent/sessions': { kind: 'lab' },
  'GET /lab/agent/sessions': { kind: 'lab' },
  'GET /lab/agent/sessions/{id}': { kind: 'session' },
  // The session has completed: nothing is left to answer, continue or override (409).
  'DELETE /lab/agent/sessions/{id}': { kind: 'session', owner: 200 },
  'POST /lab/agent/sessions/{id}/respond': { kind: 'session', body: { answer: 'yes' }, owner: 409 },
  'POST /lab/agent/sessions/{id}/continue': { kind: 'session', body: {}, owner: 409 },
  'POST /lab/agent/sessions/{id}/override': { kind: 'session', body: { model_name: 'random_forest', reason: 'matrix' }, owner: 409 },
  'POST /lab/agent/sessions/{id}/restart': { kind: 'session', body: {}, owner: 200 },
  'GET /lab/agent/sessions/{id}/results': { kind: 'session' },
  'GET /schedules': { kind: 'lab' },
  'POST /schedules': { kind: 'model', body: ((id) => ({ name: MARKER, graphId: id('model'), cron: '0 3 * * *' })) satisfies BodyOf, owner: 201 },
  'GET /schedules/{id}': { kind: 'schedule' },
  'PATCH /schedules/{id}': { kind: 'schedule', body: { name: `${MARKER} renamed` }, owner: 200 },
  'DELETE /schedules/{id}': { kind: 'schedule', owner: 204 },
  'POST /schedules/{id}/pause': { kind: 'schedule', owner: 200 },
  'POST /schedules/{id}/resume': { kind: 'schedule', owner: 200 },
  'GET /alerts': { kind: 'lab' },
  'POST /alerts/acknowledge': { kind: 'alert', body: ((id) => ({ ids: [id('alert')] })) satisfies BodyOf, owner: 200 },
  'GET /alerts/{id}': { kind: 'alert' },
  'POST /alerts/{id}/acknowledge': { kind: 'alert', body: {}, owner: 200 },
  'GET /webhooks': { kind: 'lab' },
  'POST /webhooks': { kind: 'lab' },
  'GET /webhooks/{id}': { kind: 'webhook' },
  'PATCH /webhooks/{id}': { kind: 'webhook', body: { enabled: false }, owner: 200 },
  'DELETE /webhooks/{id}': { kind: 'webhook', owner: 204 },
  'GET /webhooks/{id}/deliveries': { kind: 'webhook' },
  'POST /data/fetch': { kind: 'lab' },
  'GET /data-triggers': { kind: 'lab' },
  'POST /data-triggers': { kind: 'model', body: ((id) => ({ name: MARKER, graphId: id('model') })) satisfies BodyOf, owner: 201 },
  'GET /data-triggers/{id}': { kind: 'trigger' },
  'DELETE /data-triggers/{id}': { kind: 'trigger', owner: 204 },
  'POST /data-triggers/{id}/pause': { kind: 'trigger', owner: 200 },
  'POST /data-triggers/{id}/resume': { kind: 'trigger', owner: 200 },
  'GET /experiments': { kind: 'lab' },
  'POST /experiments': { kind: 'model', body: ((id) => experimentSpec(id('model'))) satisfies BodyOf, owner: 201 },
  'GET /experiments/{id}': { kind: 'experiment' },
  'POST /experiments/{id}/stop': { kind: 'experiment', owner: 200 },
  'POST /experiments/{id}/pause': { kind: 'experiment', owner: 200 },
  'POST /experiments/{id}/resume': { kind: 'experiment', owner: 200 },
  'GET /paper': { kind: 'lab' },
  'POST /paper': { kind: 'model', body: ((id) => ({ name: MARKER, graphId: id('model'), nodeId: 'bt1' })) satisfies BodyOf, owner: 201 },
  'GET /paper/{id}': { kind: 'paper' },
  'DELETE /paper/{id}': { kind: 'paper', owner: 204 },
  'POST /paper/{id}/pause': { kind: 'paper', owner: 200 },
  'POST /paper/{id}/resume': { kind: 'paper', owner: 200 },
  'POST /paper/{id}/stop': { kind: 'paper', owner: 200 },
  'POST /paper/{id}/step': { kind: 'paper', owner: 200 },
  'GET /audit': { kind: 'lab' },
  'GET /auth/state': { kind: 'public' },
  'POST /auth/setup': { kind: 'public' },
  'POST /auth/login': { kind: 'public' },
  'POST /auth/logout': { kind: 'account' },
  'POST /auth/password': { kind: 'account' },
  'POST /auth/accept-invitation': { kind: 'public' },
  'GET /users': { kind: 'account' },
  'PATCH /users/{id}': { kind: 'teamAdmin', body: { role: 'member' } },
  'DELETE /users/{id}': { kind: 'teamAdmin' },
  'GET /invitations': { kind: 'teamAdmin' },
  'POST /invitations': { kind: 'teamAdmin' },
  'DELETE /invitations/{id}': { kind: 'teamAdmin' },
  'GET /invitations/lookup': { kind: 'public' },
  'GET /tokens': { kind: 'account' },
  'POST /tokens': { kind: 'account' },
  'DELETE /tokens/{id}': { kind: 'account' },
};

/**
 * Every socket.io event a client may send, and its cells. A new event needs an entry here (the
 * type says so) and is then required to be exercised by the socket test.
 */
const SOCKET_EVENTS: Record<keyof ClientToServerEvents, string> = {
  'run:join': 'the shared run: owner and shareViewer join; the private run waiting for approval: the owner only; anyone else gets the answer of an unknown id',
  'run:leave': "the owner hears no more of a live run it left",
  'runs:watch': "the owner hears of its runs, shareViewer of the shared graph's, no one else of either",
  'runs:unwatch': 'the owner hears of no run after it',
  'session:join': "the owner joins its session and hears its updates; anyone else gets the answer of an unknown id and hears nothing",
  'session:leave': "the owner hears no more of its session",
  'alerts:watch': "the owner hears of its alerts, no one else",
  'alerts:unwatch': 'the owner hears of no alert after it',
  'automations:watch': "the owner hears of its schedule's changes, no one else",
  'automations:unwatch': 'the owner hears of no change after it',
  'experiment:watch': "the owner hears its experiment's updates, no one else (watching it is silently not joined)",
  'experiment:unwatch': "the owner hears no more of its experiment",
};

const READ = new Set(['GET', 'HEAD']);
const FIXTURE_KINDS = new Set<Kind>(FIXTURES);
const isFixture = (k: Kind): k is Fixture => FIXTURE_KINDS.has(k);
/** Object routes a viewer share may use (reads; everything else of the graph is its owner's or an editor's). */
const SHARE_READS = (key: string) => key.startsWith('GET /graphs/{id}') || key.startsWith('GET /runs/{id}') || key.startsWith('GET /artifacts/{id}');
/** The {id} of account and team routes (a token, a user, an invitation): nobody has it. */
const NO_SUCH_ID = '00000000-0000-4000-8000-0000000000ee';

describe.each(testDatabases())('access matrix ($name database)', (target) => {
  let lab: MatrixLab;
  let s: MatrixLab['s'];
  let tokens: MatrixLab['tokens'];
  let users: MatrixLab['users'];
  let ids: MatrixLab['ids'];
  let routes: string[] = [];

  beforeAll(async () => {
    lab = await startMatrixLab(target);
    ({ s, tokens, users, ids } = lab);
    const doc31 = (await (await fetch(`${s.url}/api/v1/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    routes = Object.entries(doc31.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
  }, 180_000);
  afterAll(async () => s?.close());

  /** What leaked into an answer `p` got: the private marker, the shared one, or ids of the owner's objects it may not see. */
  const leaks = (text: string, p: Principal, owned: { all: string[]; shared: Set<string> }, key = '', sent = ''): string[] => {
    if (p === 'owner') return [];
    const found: string[] = [];
    if (text.includes(MARKER)) found.push('the marker of a private object');
    if (p !== 'shareViewer' && text.includes(SHARED_MARKER)) found.push('the marker of the shared graph');
    // Admins read the whole lab's audit log (ids of everyone's objects are its content).
    if (!(p === 'admin' && key === 'GET /audit')) {
      // A refusal may name the id the request gave (exactly as it names an unknown one).
      const seen = owned.all.filter((id) => text.includes(id) && !sent.includes(id) && !(p === 'shareViewer' && owned.shared.has(id)));
      if (seen.length) found.push(`ids of the owner's objects (${seen.join(', ')})`);
    }
    return found;
  };

  it('has an entry for every route of the OpenAPI document (a new route needs one), and every change of an object says what its owner gets', () => {
    expect(routes.length).toBeGreaterThan(50);
    expect(routes.filter((r) => !(r in ROUTES))).toEqual([]);
    expect(Object.entries(ROUTES).filter(([key, e]) => isFixture(e.kind) && !READ.has(key.split(' ')[0]!) && e.owner === undefined).map(([key]) => key)).toEqual([]);
  });

  const pathFor = (key: string, kind: Kind, id: (f: Fixture) => string): string => {
    const path = key.slice(key.indexOf(' ') + 1);
    const object = isFixture(kind) ? id(kind) : NO_SUCH_ID;
    return path.replace('{id}', object).replace('{grantee}', users.shareViewer.id).replace('{nodeId}', RUN_NODE).replace('{interactionId}', id('interaction')).replace('{name}', lab.template).replace('{coin}', 'NOSUCHCOIN').replace('{scope}', 'team');
  };

  /** The JSON body a cell sends (none for GET and DELETE unless the route has one). */
  const bodyFor = (key: string, id: (f: Fixture) => string): unknown => {
    const entry = ROUTES[key]!;
    const body = typeof entry.body === 'function' ? (entry.body as BodyOf)(id) : entry.body;
    const method = key.split(' ')[0]!;
    return body !== undefined ? body : method === 'GET' || method === 'DELETE' ? undefined : {};
  };
  /** What a cell's request says: its path and body. */
  const request = (key: string, id: (f: Fixture) => string) => `${pathFor(key, ROUTES[key]!.kind, id)} ${JSON.stringify(bodyFor(key, id)) ?? ''}`;

  const call = (key: string, p: Principal, id: (f: Fixture) => string) => {
    const entry = ROUTES[key]!;
    const method = key.split(' ')[0]!;
    const token = tokens[p];
    const json = bodyFor(key, id);
    return fetch(`${s.url}/api/v1${pathFor(key, entry.kind, id)}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(json !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
    });
  };
  const real = (f: Fixture) => ids[f];
  const unknown = (f: Fixture) => UNKNOWN_OF[f];

  /**
   * The statuses a cell may have (undefined: only "no 5xx and no leak" is asserted), and whether
   * its answer must be the very one an unknown id gets.
   */
  const expected = (key: string, p: Principal): { statuses?: number[]; likeUnknown?: boolean } => {
    const { kind } = ROUTES[key]!;
    const method = key.split(' ')[0]!;
    if (kind === 'public') return {};
    if (!SIGNED_IN.has(p)) return { statuses: [401] };
    if (p === 'viewerRole' && !READ.has(method) && kind !== 'account') return { statuses: [403] };
    if (kind === 'teamAdmin') return p === 'owner' || p === 'admin' ? {} : { statuses: [403] };
    if (kind === 'account' || kind === 'lab') return {};
    if (kind === 'template') return { statuses: [200] };
    if (p === 'owner') return { statuses: [200] };
    if (p === 'shareViewer' && SHARED.has(kind)) return { statuses: SHARE_READS(key) ? [200] : [403] };
    // Admins manage the team, not its members' objects: an admin is refused like anyone else.
    // An object named in the path is a 404; one named in a body the refusal the body's field gets.
    return { statuses: key.includes('{id}') ? [404] : [400, 404], likeUnknown: true };
  };

  it('answers every cell as expected; refusals are the answers unknown ids get; nothing of the owner leaks', async () => {
    const problems: string[] = [];
    const owned = await ownerIds(lab);
    for (const key of routes) {
      const entry = ROUTES[key];
      if (!entry) continue;
      const method = key.split(' ')[0]!;
      for (const p of PRINCIPALS) {
        // The owner's changes are checked after all others (they would spend the fixtures here).
        if (p === 'owner' && !READ.has(method)) continue;
        if (entry.kind === 'public' || (entry.kind === 'account' && !READ.has(method)) || (entry.kind === 'teamAdmin' && !READ.has(method) && (p === 'owner' || p === 'admin'))) continue;
        const want = expected(key, p);
        const res = await call(key, p, real);
        const text = await res.text();
        if (res.status >= 500) problems.push(`${key} as ${p}: ${res.status} ${text.slice(0, 200)}`);
        else if (want.statuses && !want.statuses.includes(res.status)) problems.push(`${key} as ${p}: ${res.status}, expected ${want.statuses.join('|')}: ${text.slice(0, 160)}`);
        if (res.status >= 400 && (text.includes(MARKER) || text.includes(SHARED_MARKER))) problems.push(`${key} as ${p}: the refused answer carries the object`);
        for (const leak of leaks(text, p, owned, key, request(key, real))) problems.push(`${key} as ${p}: ${leak} leaked into the answer`);
        if (want.likeUnknown) {
          const other = await call(key, p, unknown);
          const otherText = FIXTURES.reduce((t, f) => t.replaceAll(UNKNOWN_OF[f], ids[f]), await other.text());
          if (other.status !== res.status || otherText !== text) problems.push(`${key} as ${p}: ${res.status} ${text.slice(0, 160)} differs from the answer for an unknown id: ${other.status} ${otherText.slice(0, 160)}`);
        }
      }
    }
    expect(problems).toEqual([]);
    // Nobody answered the owner's approval nor acknowledged its alert.
    const approval = (await (await s.api(`/runs/${ids.approval}`)).json()) as { run: { status: string } };
    expect(approval.run.status).toBe('awaiting');
    expect(((await (await s.api(`/alerts/${ids.alert}`)).json()) as { alert: { acknowledgedAt: string | null } }).alert.acknowledgedAt).toBeNull();
  }, 180_000);

  it('socket.io: every event, for every principal', async () => {
    const exercised = new Set<string>();
    const connect = async (p: Principal): Promise<Socket | null> => {
      const token = tokens[p];
      const socket: Socket = io(s.url, { ...(token ? { auth: { token } } : {}), transports: ['websocket'], reconnection: false, forceNew: true });
      const ok = await new Promise<boolean>((resolve) => {
        socket.once('connect', () => resolve(true));
        socket.once('connect_error', () => resolve(false));
      });
      if (!ok) socket.close();
      return ok ? socket : null;
    };
    /** Sends an event and waits for its acknowledgement. */
    const ask = <T = void>(socket: Socket, event: keyof ClientToServerEvents, ...payload: unknown[]) => {
      exercised.add(event);
      return new Promise<T>((resolve) => socket.emit(event, ...payload, resolve));
    };
    const tell = (socket: Socket, event: keyof ClientToServerEvents, ...payload: unknown[]) => {
      exercised.add(event);
      socket.emit(event, ...payload);
    };
    /** Every event this socket hears, in order. */
    type Heard = { event: string; args: unknown[] }[];
    const sockets = {} as Record<Principal, Socket>;
    const heard = {} as Record<Principal, Heard>;
    const signedIn = PRINCIPALS.filter((p) => SIGNED_IN.has(p));
    for (const p of PRINCIPALS) {
      const socket = await connect(p);
      if (!SIGNED_IN.has(p)) {
        expect(socket, `${p} connects`).toBeNull();
        continue;
      }
      expect(socket, `${p} connects`).not.toBeNull();
      sockets[p] = socket!;
      heard[p] = [];
      socket!.onAny((event: string, ...args: unknown[]) => heard[p].push({ event, args }));
    }
    // The owner's control socket watches everything throughout: once it has heard of a change,
    // every other socket would have heard of it too.
    const control = (await connect('owner'))!;
    const controlHeard: Heard = [];
    control.onAny((event: string, ...args: unknown[]) => controlHeard.push({ event, args }));
    await ask(control, 'runs:watch');
    await ask(control, 'alerts:watch');
    await ask(control, 'automations:watch');
    await ask(control, 'experiment:watch', { experimentId: ids.experiment });
    expect((await ask<{ ok: boolean }>(control, 'session:join', { sessionId: ids.session })).ok).toBe(true);
    const heardOf = (h: Heard, event: string, pred: (arg: Record<string, unknown>) => boolean) => h.some((e) => e.event === event && pred(e.args[0] as Record<string, unknown>));

    // Joins: the answer to one that is refused is the answer to an unknown id.
    type Ack = { ok: boolean; error?: string };
    for (const p of signedIn) {
      const socket = sockets[p];
      const mayRead = p === 'owner' || p === 'shareViewer';
      for (const [fixture, readers] of [['run', mayRead], ['approval', p === 'owner']] as const) {
        const join = await ask<Ack>(socket, 'run:join', { runId: ids[fixture], afterSeq: 0 });
        expect(join.ok, `run:join ${fixture} as ${p}`).toBe(readers);
        if (!readers) expect(join.error, `run:join ${fixture} as ${p}`).toBe((await ask<Ack>(socket, 'run:join', { runId: UNKNOWN_OF[fixture], afterSeq: 0 })).error?.replace(UNKNOWN_OF[fixture], ids[fixture]));
      }
      const session = await ask<Ack & { session?: { session_id: string } }>(socket, 'session:join', { sessionId: ids.session });
      expect(session.ok, `session:join as ${p}`).toBe(p === 'owner');
      if (p === 'owner') expect(session.session?.session_id).toBe(ids.session);
      else expect(session.error, `session:join as ${p}`).toBe((await ask<Ack>(socket, 'session:join', { sessionId: UNKNOWN_OF.session })).error?.replace(UNKNOWN_OF.session, ids.session));
      await ask(socket, 'runs:watch');
      await ask(socket, 'alerts:watch');
      await ask(socket, 'automations:watch');
      await ask(socket, 'experiment:watch', { experimentId: ids.experiment });
    }

    // The owner's changes: a run of the shared graph, a failed run of its own (and its alert),
    // its schedule, experiment and session.
    const sharedRun = await startRun(s, { graphId: ids.graph });
    const failedRun = await startRun(s, { document: failingGraph(MARKER) });
    await Promise.all([s.runtime.manager.waitFor(sharedRun), s.runtime.manager.waitFor(failedRun)]);
    expect((await s.api(`/schedules/${ids.schedule}/pause`, { method: 'POST' })).status).toBe(200);
    expect((await s.api(`/experiments/${ids.experiment}/pause`, { method: 'POST' })).status).toBe(200);
    expect((await s.api(`/lab/agent/sessions/${ids.session}`, { method: 'DELETE' })).status).toBe(200);
    const changes: [string, (a: Record<string, unknown>) => boolean][] = [
      ['runs:changed', (a) => a.runId === sharedRun],
      ['runs:changed', (a) => a.runId === failedRun],
      ['alerts:changed', (a) => a.reason === 'raised'],
      ['automations:changed', (a) => a.id === ids.schedule],
      ['experiment:update', (a) => a.experimentId === ids.experiment],
      ['session:update', (a) => a.session_id === ids.session],
    ];
    await expect.poll(() => changes.every(([event, pred]) => heardOf(controlHeard, event, pred)), { timeout: 15_000 }).toBe(true);
    const owned = await ownerIds(lab);
    for (const p of signedIn) {
      const got = (event: string, pred: (a: Record<string, unknown>) => boolean) => heardOf(heard[p], event, pred);
      for (const [event, pred] of changes) {
        const should = p === 'owner' || (p === 'shareViewer' && event === 'runs:changed' && pred({ runId: sharedRun }));
        expect(got(event, pred), `${event} heard by ${p}`).toBe(should);
      }
      // Nothing else reaches anyone but the owner and the share's holder: their own objects did not change.
      if (p !== 'owner' && p !== 'shareViewer') expect(heard[p].map((e) => e.event), `events heard by ${p}`).toEqual([]);
      if (p === 'shareViewer') expect([...new Set(heard[p].map((e) => e.event))].sort(), 'events heard by shareViewer').toEqual(['run:event', 'runs:changed']);
      for (const e of heard[p]) expect(leaks(JSON.stringify(e.args), p, owned), `${e.event} heard by ${p}`).toEqual([]);
    }

    // Unwatching: a live run left, every watch ended; the owner's next changes reach none of these sockets.
    // A run that goes on until the test cancels it, after every socket has left it.
    const live = await startRun(s, { document: waitChain(1, 600) });
    expect((await ask<Ack>(sockets.owner, 'run:join', { runId: live, afterSeq: 0 })).ok).toBe(true);
    const ofLive = () => heard.owner.filter((e) => e.event === 'run:event' && (e.args[0] as { runId: string }).runId === live).map((e) => (e.args[0] as { kind: string }).kind);
    await expect.poll(ofLive, { timeout: 10_000 }).toContain('node.started');
    for (const p of signedIn) {
      const socket = sockets[p];
      tell(socket, 'run:leave', { runId: live });
      tell(socket, 'run:leave', { runId: ids.run });
      tell(socket, 'runs:unwatch');
      tell(socket, 'alerts:unwatch');
      tell(socket, 'automations:unwatch');
      tell(socket, 'experiment:unwatch', { experimentId: ids.experiment });
      tell(socket, 'session:leave', { sessionId: ids.session });
      // Events of a socket are handled in order: once this is answered, the ones before it are done.
      await new Promise((resolve) => socket.emit('run:join', { runId: UNKNOWN_OF.run, afterSeq: 0 }, resolve));
    }
    const before = Object.fromEntries(signedIn.map((p) => [p, heard[p].length])) as Record<Principal, number>;
    const control0 = controlHeard.length;
    expect((await s.api(`/runs/${live}/cancel`, { method: 'POST' })).status).toBe(202);
    await s.runtime.manager.waitFor(live);
    const failedAgain = await startRun(s, { document: failingGraph(MARKER) });
    await s.runtime.manager.waitFor(failedAgain);
    expect((await s.api(`/schedules/${ids.schedule}/resume`, { method: 'POST' })).status).toBe(200);
    expect((await s.api(`/experiments/${ids.experiment}/resume`, { method: 'POST' })).status).toBe(200);
    expect((await s.api(`/lab/agent/sessions/${ids.session}`, { method: 'DELETE' })).status).toBe(200);
    const after: [string, (a: Record<string, unknown>) => boolean][] = [
      ['runs:changed', (a) => a.runId === live && a.status === 'cancelled'],
      ['runs:changed', (a) => a.runId === failedAgain],
      ['alerts:changed', (a) => (a.alertIds as string[]).length > 0 && a.reason === 'raised'],
      ['automations:changed', (a) => a.id === ids.schedule],
      ['experiment:update', (a) => a.experimentId === ids.experiment],
      ['session:update', (a) => a.session_id === ids.session],
    ];
    await expect.poll(() => after.every(([event, pred]) => controlHeard.slice(control0).some((e) => e.event === event && pred(e.args[0] as Record<string, unknown>))), { timeout: 15_000 }).toBe(true);
    for (const p of signedIn) expect(heard[p].slice(before[p]).map((e) => `${e.event} ${JSON.stringify(e.args).slice(0, 120)}`), `heard by ${p} after unwatching`).toEqual([]);
    // The owner heard the live run until it left it, not its end.
    expect(ofLive()).not.toContain('run.finished');

    for (const socket of [...Object.values(sockets), control]) socket.close();
    expect([...exercised].sort()).toEqual(Object.keys(SOCKET_EVENTS).sort());
  }, 60_000);

  it("a run of someone else's that does what a run of the owner's did names none of the owner's objects, and opens every artifact it lists", async () => {
    // The same work (same node, same params, same inputs) has the same content signature: a
    // cache shared across users would hand the owner's outputs, artifact ids and run to others.
    const sameWork = { version: 2, name: 'same work', nodes: [{ id: 'report', type: 'report.summary', typeVersion: 1, params: { title: 'same work' }, position: { x: 0, y: 0 } }], edges: [] };
    await s.runtime.manager.waitFor(await startRun(s, { document: sameWork }));
    const owned = await ownerIds(lab);
    const problems: string[] = [];
    for (const p of ['admin', 'member', 'stranger', 'shareViewer'] as const) {
      const as = (path: string, init: { method?: string; json?: unknown } = {}) =>
        fetch(`${s.url}/api/v1${path}`, { method: init.method ?? 'GET', headers: { authorization: `Bearer ${tokens[p]}`, ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}) });
      const started = await as('/runs', { method: 'POST', json: { document: sameWork } });
      expect(started.status, `POST /runs as ${p}`).toBe(202);
      const runId = ((await started.json()) as { runId: string }).runId;
      await s.runtime.manager.waitFor(runId);
      for (const path of [`/runs/${runId}`, `/runs/${runId}/events`, `/runs/${runId}/artifacts`, `/runs/${runId}/nodes/report/outputs`]) {
        const res = await as(path);
        const text = await res.text();
        if (res.status !== 200) problems.push(`${path} as ${p}: ${res.status} ${text.slice(0, 160)}`);
        for (const leak of leaks(text, p, owned)) problems.push(`${path} (its own run) as ${p}: ${leak} leaked into the answer`);
      }
      const listed = ((await (await as(`/runs/${runId}/artifacts`)).json()) as { artifacts: { id: string; name: string }[] }).artifacts;
      expect(listed.map((a) => a.name), `artifacts of the run of ${p}`).toEqual(['same work.md']);
      for (const a of listed) {
        const res = await as(`/artifacts/${a.id}`);
        if (res.status !== 200) problems.push(`the artifact ${a.name} its run lists, as ${p}: ${res.status} ${(await res.text()).slice(0, 160)}`);
      }
    }
    expect(problems).toEqual([]);
  }, 60_000);

  it("the owner's changes of each of its objects succeed (so the refusals above are not a route that finds nothing)", async () => {
    // Deletions last (deeper paths first), stops just before them: every change finds its object.
    const phase = (key: string) => (key.startsWith('DELETE ') ? 2 : key.endsWith('/stop') ? 1 : 0);
    const depth = (key: string) => key.split('/').length;
    const changes = routes.filter((key) => ROUTES[key]?.owner !== undefined).sort((a, b) => phase(a) - phase(b) || (phase(a) === 2 ? depth(b) - depth(a) : 0));
    const problems: string[] = [];
    for (const key of changes) {
      const res = await call(key, 'owner', real);
      const text = await res.text();
      if (res.status !== ROUTES[key]!.owner) problems.push(`${key} as owner: ${res.status}, expected ${ROUTES[key]!.owner}: ${text.slice(0, 200)}`);
    }
    expect(problems).toEqual([]);
  }, 120_000);
});
