import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { decodeValue, type GraphDocumentInput, type RunEvent } from '@coinlab/shared';
import type { Page } from 'playwright-core';
import { embeddedTarget } from '../support/db';
import { market5mFiles } from '../support/paths';
import { importMarketData, startTestServer, type TestServer } from '../support/server';
import { signInBrowser } from './sign-in';
import { shotOnFailure, startEditorEnv, stopEditorEnv, type EditorEnv } from './editor-env';
import { node, recordedStatuses, recordStatuses, shot, waitForNodeStatus } from './editor-helpers';

/**
 * Approval gates in the editor, in Debian's Chromium against the real runtime: a run pauses
 * at a gate, the person answers in the run view's tray or in the inspector (approve, reject),
 * or lets a short timeout take its default (continue, stop), and a pending approval survives
 * a restart of the runtime. Only the gated branch waits; the other branch always finishes.
 */
let env: EditorEnv;

beforeAll(async () => {
  env = await startEditorEnv({ coins: /ETH_BTC/ });
});
afterAll(() => stopEditorEnv(env ?? {}));
afterEach(shotOnFailure(() => env?.browser.page));

const ETH_FILES = () => market5mFiles().filter((f) => /ETH_BTC/.test(f));

/**
 * Three days of ETH/BTC: candles -> gate -> summary (the gated branch) and candles -> side
 * (independent). Report titles carry `label` so each test's reports really run (no cache hit
 * from an earlier test) and their statuses are exact.
 */
function gateDocument(label: string, gate: Record<string, unknown>): GraphDocumentInput {
  return {
    version: 2,
    name: `Approvals: ${label}`,
    nodes: [
      { id: 'candles', type: 'data.load_candles', typeVersion: 2, params: { coins: ['ETH_BTC'], from: '2018-01-27', to: '2018-01-29' }, position: { x: 0, y: 60 } },
      { id: 'gate', type: 'approval.gate', typeVersion: 1, params: { title: 'Publish the ETH/BTC summary?', ...gate }, position: { x: 340, y: 0 } },
      { id: 'summary', type: 'report.summary', typeVersion: 1, params: { title: `Gated summary (${label})` }, position: { x: 680, y: 0 } },
      { id: 'side', type: 'report.summary', typeVersion: 1, params: { title: `Side summary (${label})` }, position: { x: 680, y: 260 } },
    ],
    edges: [
      { source: { node: 'candles', port: 'candles' }, target: { node: 'gate', port: 'value' } },
      { source: { node: 'gate', port: 'value' }, target: { node: 'summary', port: 'items' } },
      { source: { node: 'candles', port: 'candles' }, target: { node: 'side', port: 'items' } },
    ],
  };
}

async function createGraph(server: TestServer, document: GraphDocumentInput): Promise<string> {
  const res = await server.api('/graphs', { method: 'POST', json: { document } });
  if (res.status !== 201) throw new Error(`POST /graphs: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { graph: { id: string } }).graph.id;
}

/** Opens a saved graph by its address (as a shared link would) and runs it with the Run button. */
async function openAndRun(page: Page, server: TestServer, graphId: string, opts: { recordCountdowns?: boolean } = {}): Promise<string> {
  await page.goto(`${server.url}/?graph=${graphId}`);
  await page.locator(node('gate')).waitFor();
  await recordStatuses(page);
  if (opts.recordCountdowns) await recordCountdowns(page);
  await page.getByRole('button', { name: '▶ Run' }).click();
  await expect.poll(() => new URL(page.url()).searchParams.get('run')).toBeTruthy();
  return new URL(page.url()).searchParams.get('run')!;
}

const runStatus = (page: Page) => page.locator('[data-run-status]').getAttribute('data-run-status');
const trayCard = (page: Page) => page.locator('.approval-tray .approval-card[data-approval-node="gate"]');
const cardMessage = (page: Page, id: string) => page.locator(`.node-card[data-node-id="${id}"] .node-run-msg`).textContent();

async function runEvents(server: TestServer, runId: string): Promise<RunEvent[]> {
  return ((await (await server.api(`/runs/${runId}/events?limit=5000`)).json()) as { events: RunEvent[] }).events;
}

async function gateDecision(server: TestServer, runId: string): Promise<unknown> {
  const res = await server.api(`/runs/${runId}/nodes/gate/outputs`);
  const text = await res.text();
  if (res.status !== 200) throw new Error(`outputs of gate: ${res.status} ${text}`);
  return (decodeValue(text) as { outputs: { decision: unknown } }).outputs.decision;
}

const gateLogs = (events: RunEvent[]) => events.flatMap((e) => (e.kind === 'node.log' && e.nodeId === 'gate' ? [e.message] : []));
const count = (events: RunEvent[], kind: RunEvent['kind'], nodeId?: string) => events.filter((e) => e.kind === kind && (nodeId === undefined || ('nodeId' in e && e.nodeId === nodeId))).length;

/** Every countdown text the page shows (tray, node card, inspector), recorded from inside the page. */
async function recordCountdowns(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: string[] = [];
    const note = () =>
      document.querySelectorAll('.approval-countdown').forEach((el) => {
        const where = el.closest('.approval-tray') ? 'tray' : el.closest('.node-approval') ? 'node' : 'other';
        const text = `${where}|${el.getAttribute('data-seconds-left')}|${el.textContent ?? ''}`;
        if (!seen.includes(text)) seen.push(text);
      });
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    (window as unknown as { __countdowns: string[] }).__countdowns = seen;
  });
}
const recordedCountdowns = (page: Page) => page.evaluate(() => (window as unknown as { __countdowns: string[] }).__countdowns);

describe('approval gates in the editor', () => {
  test('approve: the run waits at the gate, the tray card approves it, the gated branch finishes', async () => {
    const { server, browser, errors } = env;
    const page = browser.page;
    const graphId = await createGraph(server, gateDocument('approve', { mode: 'required', message: 'Check the three days of candles before the summary is written.' }));
    const runId = await openAndRun(page, server, graphId);

    await waitForNodeStatus(page, 'gate', ['awaiting']);
    await expect.poll(() => runStatus(page)).toBe('awaiting');
    // Only the gate's branch waits: the side report finishes meanwhile, the gated one is queued.
    await waitForNodeStatus(page, 'side', ['succeeded']);
    expect(await page.locator('.node-card[data-node-id="summary"]').getAttribute('data-status')).toBe('queued');

    // The question is on the node card and, with its answers, in the run view's tray.
    const strip = page.locator('[data-node-approval="gate"]');
    await strip.waitFor();
    expect(await strip.textContent()).toMatch(/Publish the ETH\/BTC summary\?.*waiting for you/);
    const card = trayCard(page);
    await card.waitFor();
    expect(await page.locator('.approval-tray-head').textContent()).toMatch(/1 decision waiting for you/);
    expect(await card.locator('.approval-title').textContent()).toBe('Publish the ETH/BTC summary?');
    expect(await card.locator('.approval-message').textContent()).toBe('Check the three days of candles before the summary is written.');
    expect(await card.locator('.approval-head').textContent()).toMatch(/waits until answered/);
    expect(await card.locator('[data-decision="approve"]').textContent()).toBe('Approve (continue)');
    expect(await card.locator('[data-decision="override-open"]').count()).toBe(0); // allowOverride is off
    await shot(page, 'approvals-01-awaiting-tray');

    // The context lists what waits (the candles are too large to send as a value: no empty row).
    expect(await card.locator('.approval-kv dt').allTextContents()).toEqual(['summary']);
    expect(await card.locator('.approval-kv dd').textContent()).toMatch(/^candles: \d+ rows, 1 coin/);
    await card.getByLabel('Reason').fill('numbers look right');
    await card.locator('[data-decision="approve"]').click();

    for (const id of ['gate', 'summary']) await waitForNodeStatus(page, id, ['succeeded']);
    await expect.poll(() => runStatus(page)).toBe('succeeded');
    expect(await page.locator('.approval-tray').count()).toBe(0);
    expect(await page.locator('[data-node-approval]').count()).toBe(0);
    expect((await recordedStatuses(page)).gate).toEqual(expect.arrayContaining(['awaiting', 'running', 'succeeded']));
    await shot(page, 'approvals-02-approved');

    // The decision reached the runtime once, with the reason, and flowed downstream.
    const events = await runEvents(server, runId);
    // By the signed-in user's name (the fixture's owner is "Owner"), not by the client that sent it.
    expect(gateLogs(events).join('\n')).toMatch(/approved by Owner: numbers look right/);
    expect(count(events, 'node.awaiting', 'gate')).toBe(1);
    expect(count(events, 'node.resumed', 'gate')).toBe(1);
    expect(count(events, 'node.succeeded', 'gate')).toBe(1);
    expect(count(events, 'run.finished')).toBe(1);
    expect(await gateDecision(server, runId)).toMatchObject({ decision: 'approve', reason: 'numbers look right', mode: 'required' });
    expect(errors).toEqual([]);
  });

  test('reject in the inspector: only the gated branch stops, the other finishes, the run succeeds', async () => {
    const { server, browser, errors } = env;
    const page = browser.page;
    const graphId = await createGraph(server, gateDocument('reject', { mode: 'required' }));
    const runId = await openAndRun(page, server, graphId);

    await waitForNodeStatus(page, 'gate', ['awaiting']);
    await trayCard(page).waitFor();
    // The tray floats over the canvas: folded, it leaves the gate's card free.
    await page.locator('.approval-tray-head').click();
    await expect.poll(() => trayCard(page).count()).toBe(0);
    expect(await page.locator('.approval-tray-head').textContent()).toMatch(/1 decision waiting for you/);
    await shot(page, 'approvals-03-tray-folded-node-strip');
    // "Review" on the node card selects it: the full card is in the inspector.
    await page.locator('[data-node-approval="gate"]').getByRole('button', { name: 'Review' }).click();
    const card = page.locator('.inspector .approval-card[data-approval-node="gate"]');
    await card.waitFor();
    await card.getByLabel('Reason').fill('too risky');
    await shot(page, 'approvals-04-reject-in-inspector');
    await card.locator('[data-decision="reject"]').click();

    await waitForNodeStatus(page, 'gate', ['stopped']);
    await waitForNodeStatus(page, 'summary', ['skipped']);
    await waitForNodeStatus(page, 'side', ['succeeded']);
    // A rejection stops a branch on purpose: not a failure, the run succeeds.
    await expect.poll(() => runStatus(page)).toBe('succeeded');
    expect(await page.locator('.approval-tray').count()).toBe(0);
    await expect.poll(() => cardMessage(page, 'gate')).toMatch(/^rejected by Owner: too risky$/);
    await expect.poll(() => cardMessage(page, 'summary')).toMatch(/upstream node "gate" stopped the branch: rejected by Owner: too risky/);
    await expect.poll(() => page.locator('.inspector [data-run-node="gate"]').textContent()).toMatch(/Stopped: rejected by Owner: too risky/);
    await shot(page, 'approvals-05-rejected');

    const events = await runEvents(server, runId);
    expect(count(events, 'node.stopped', 'gate')).toBe(1);
    expect(count(events, 'node.succeeded', 'gate')).toBe(0);
    expect(gateLogs(events)).toContain('rejected by Owner: too risky'); // the log tells the stop too
    expect(count(events, 'node.started', 'summary')).toBe(0);
    expect(count(events, 'node.succeeded', 'side')).toBe(1);
    const run = (await (await server.api(`/runs/${runId}`)).json()) as { run: { status: string } };
    expect(run.run.status).toBe('succeeded');
    expect(errors).toEqual([]);
  });

  test.each([
    { defaultAction: 'continue', gate: 'succeeded', summary: 'succeeded', then: 'approve \\(continue\\)' },
    { defaultAction: 'stop', gate: 'stopped', summary: 'skipped', then: 'reject \\(stop this branch\\)' },
  ])('timeout with default $defaultAction: the countdown runs out and the gate is $gate', async ({ defaultAction, gate, summary, then }) => {
    const { server, browser, errors } = env;
    const page = browser.page;
    const graphId = await createGraph(server, gateDocument(`timeout ${defaultAction}`, { mode: 'required', timeoutSeconds: 5, defaultAction }));
    const runId = await openAndRun(page, server, graphId, { recordCountdowns: true });

    // The gate waits five seconds with its countdown on screen (time for a busy machine's page to
    // show it); the recorders keep what was shown, so the checks below hold however late this
    // test gets to look.
    if ((await waitForNodeStatus(page, 'gate', ['awaiting', gate])) === 'awaiting') await shot(page, `approvals-06-countdown-${defaultAction}`);

    await waitForNodeStatus(page, 'gate', [gate]);
    await waitForNodeStatus(page, 'summary', [summary]);
    await waitForNodeStatus(page, 'side', ['succeeded']);
    await expect.poll(() => runStatus(page)).toBe('succeeded');
    expect(await page.locator('.approval-tray').count()).toBe(0);
    expect((await recordedStatuses(page)).gate).toContain('awaiting');
    // The countdown said how long was left and what happens then, on the tray card and on the node.
    const countdowns = await recordedCountdowns(page);
    const says = new RegExp(`^[1-5] s left, then ${then}$`);
    for (const where of ['tray', 'node']) expect(countdowns.filter((c) => c.startsWith(`${where}|`)).map((c) => c.split('|')[2])).toContainEqual(expect.stringMatching(says));
    if (defaultAction === 'stop') await expect.poll(() => cardMessage(page, 'gate')).toBe('no answer within 5 s; the default action is stop');
    await shot(page, `approvals-07-timed-out-${defaultAction}`);

    const events = await runEvents(server, runId);
    expect(count(events, 'node.awaiting', 'gate')).toBe(1);
    expect(count(events, defaultAction === 'continue' ? 'node.succeeded' : 'node.stopped', 'gate')).toBe(1);
    if (defaultAction === 'continue') expect(await gateDecision(server, runId)).toMatchObject({ decision: 'approve', by: 'timeout' });
    expect(errors).toEqual([]);
  });

  test('restart of the runtime while an approval is pending: the reloaded page asks again; one approval finishes the run once', async () => {
    const { browser, editorDir, errors } = env;
    const page = browser.page;
    const first = await startTestServer(embeddedTarget, { editorDir });
    await signInBrowser(browser.context, first);
    let second: TestServer | undefined;
    let firstStopped = false;
    try {
      await importMarketData(first, ETH_FILES());
      const graphId = await createGraph(first, gateDocument('restart', { mode: 'required' }));
      const runId = await openAndRun(page, first, graphId);
      await waitForNodeStatus(page, 'gate', ['awaiting']);
      await waitForNodeStatus(page, 'side', ['succeeded']);
      await trayCard(page).waitFor();
      const asked = (await runEvents(first, runId)).find((e): e is Extract<RunEvent, { kind: 'node.awaiting' }> => e.kind === 'node.awaiting');
      expect(asked).toBeDefined();
      expect(await trayCard(page).getAttribute('data-interaction')).toBe(asked!.request.interactionId);

      // The runtime stops with the run waiting; a new one starts on the same database (new port).
      const errorsBefore = errors.length;
      await first.stop();
      firstStopped = true;
      // The page notices the runtime is gone and keeps the question on screen.
      await expect.poll(() => page.locator('[data-run-status]').textContent()).toMatch(/awaiting · reconnecting/);
      await shot(page, 'approvals-08-runtime-down');
      // The same database: the same owner, and the browser's session is still good.
      second = await startTestServer(embeddedTarget, { editorDir, provisioned: first.provisioned });
      const url = new URL(page.url());
      expect(url.searchParams.get('graph')).toBe(graphId);
      expect(url.searchParams.get('run')).toBe(runId);
      await page.goto(`${second.url}${url.pathname}${url.search}`);

      // The new runtime resumes the run and asks again under the same interaction id; the page
      // follows it (its event cursor passes the new question) and shows the question again.
      let reAsked: Extract<RunEvent, { kind: 'node.awaiting' }> | undefined;
      await expect
        .poll(async () => (reAsked = (await runEvents(second!, runId)).find((e): e is Extract<RunEvent, { kind: 'node.awaiting' }> => e.kind === 'node.awaiting' && e.seq > asked!.seq)))
        .toBeDefined();
      expect(reAsked!.request.interactionId).toBe(asked!.request.interactionId);
      await expect.poll(() => page.evaluate(() => window.__coinlab!.runState().cursor)).toBeGreaterThanOrEqual(reAsked!.seq);
      await waitForNodeStatus(page, 'gate', ['awaiting']);
      await expect.poll(() => runStatus(page)).toBe('awaiting');
      const card = trayCard(page);
      await card.waitFor();
      expect(await card.getAttribute('data-interaction')).toBe(asked!.request.interactionId);
      expect(await card.locator('.approval-title').textContent()).toBe('Publish the ETH/BTC summary?');
      await shot(page, 'approvals-09-pending-after-restart');
      await card.locator('[data-decision="approve"]').click();

      await waitForNodeStatus(page, 'gate', ['succeeded']);
      await waitForNodeStatus(page, 'summary', ['succeeded']);
      await expect.poll(() => runStatus(page)).toBe('succeeded');
      expect(await page.locator('.approval-tray').count()).toBe(0);
      await shot(page, 'approvals-10-approved-after-restart');

      // Exactly once: one resume, one success of the gate, one end of the run.
      const events = await runEvents(second, runId);
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      expect(count(events, 'node.awaiting', 'gate')).toBe(2);
      expect(count(events, 'node.resumed', 'gate')).toBe(1);
      expect(count(events, 'node.succeeded', 'gate')).toBe(1);
      expect(count(events, 'node.succeeded', 'summary')).toBe(1);
      expect(count(events, 'run.finished')).toBe(1);
      expect(events.filter((e) => ['run.failed', 'run.cancelled', 'run.interrupted'].includes(e.kind))).toEqual([]);
      expect(gateLogs(events).filter((m) => /^approved by /.test(m))).toHaveLength(1);
      // While the runtime was down the page may have failed to reach it; nothing else went wrong.
      expect(errors.slice(0, errorsBefore)).toEqual([]);
      expect(errors.slice(errorsBefore).filter((e) => !/ERR_CONNECTION_REFUSED/.test(e))).toEqual([]);
    } finally {
      await second?.stop();
      if (!firstStopped) await first.stop();
      await first.provisioned.dispose();
    }
  });
});
