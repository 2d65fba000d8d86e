import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { LaunchedBrowser } from '../support/browser';
import type { TestServer } from '../support/server';
import { openFreshEditor, shotOnFailure, startEditorEnv, stopEditorEnv } from './editor-env';
import { documentNodeIds, shot, showDock, waitForNodeStatus } from './editor-helpers';

/**
 * Plan from goal and the person in the loop, in Debian's Chromium against the real runtime
 * (offline planner: no LLM configured): a goal becomes a graph on the canvas, the run stops
 * at the model choice with its comparison table, an override with a reason picks the other
 * model, and the run ends with its report. An ambiguous goal asks first.
 */
let server: TestServer;
let browser: LaunchedBrowser;
let editorDir: string;
let errors: string[];

beforeAll(async () => {
  ({ server, browser, editorDir, errors } = await startEditorEnv({ coins: /ETH_BTC|LTC_BTC/ }));
});
afterAll(() => stopEditorEnv({ server, browser, editorDir }));
afterEach(shotOnFailure(() => browser?.page));

const freshEditor = () => openFreshEditor({ server, browser });

async function typeGoal(goal: string): Promise<void> {
  const page = browser.page;
  await page.locator('.topbar [data-testid="plan-from-goal"]').click();
  const box = page.locator('#plan-goal');
  await box.fill(goal);
  await expect.poll(() => page.locator('[data-testid="goal-counter"]').textContent()).toBe(`${goal.length} / 1000`);
}

describe('plan from goal and approve in the editor', () => {
  test('a goal becomes a graph; the run waits at the model choice; an override with a reason finishes it with a report', async () => {
    const page = browser.page;
    await freshEditor();
    // The empty canvas offers the goal box too.
    await expect.poll(() => page.locator('.empty-canvas [data-testid="plan-from-goal"]').count()).toBe(1);
    // The goal asks to approve: the plan's model choice then waits for a person (automatic otherwise).
    await typeGoal('predict when ETH/BTC rises 1% within an hour, let me approve the model');
    await shot(page, 'plan-01-goal-box');
    await page.locator('[data-testid="plan-submit"]').click();

    // The planned graph is on the canvas with the plan's notes, dry run and LLM estimate.
    const summary = page.locator('.plan-summary');
    await summary.waitFor({ timeout: 90_000 });
    expect(await page.locator('.plan-dialog').count()).toBe(0);
    const ids = await documentNodeIds(page);
    expect(ids).toEqual(expect.arrayContaining(['candles', 'train_lr', 'train_rf', 'compare', 'approve_model', 'report']));
    expect(await summary.locator('[data-dry-run]').getAttribute('data-dry-run')).toBe('ok');
    expect(await summary.locator('[data-testid="plan-estimate"]').textContent()).toMatch(/no LLM nodes: 0 tokens/);
    expect(await summary.textContent()).toMatch(/ETH[_/]BTC/);
    expect(await summary.locator('.plan-notes li').count()).toBeGreaterThan(0);
    // Laid out: the cards do not sit on one spot.
    const xs = await page.locator('.react-flow__node').evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().x)));
    expect(new Set(xs).size).toBeGreaterThan(3);
    await shot(page, 'plan-02-planned-graph');

    await page.getByRole('button', { name: '▶ Run' }).click();
    await waitForNodeStatus(page, 'approve_model', ['awaiting'], 150_000);
    await expect.poll(() => page.locator('[data-run-status]').getAttribute('data-run-status')).toBe('awaiting');

    // The run view's tray shows the comparison table and the answers.
    const trayCard = page.locator('.approval-tray .approval-card[data-approval-node="approve_model"]');
    await trayCard.waitFor();
    expect(await page.locator('.plan-summary').count()).toBe(0);
    let card = trayCard;
    const rows = card.locator('.approval-table tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await card.locator('.approval-table thead').textContent()).toMatch(/auc/);
    const recommended = await card.locator('[data-recommended]').getAttribute('data-recommended');
    const models = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-row') ?? ''));
    const other = models.find((m) => m !== recommended)!;
    expect(other).toBeTruthy();
    await shot(page, 'plan-03-approval-awaiting');

    // "show on canvas" zooms to the node: its card says what waits, and the inspector holds the answers.
    await page.locator('[data-show-node="approve_model"]').click();
    await expect.poll(() => page.locator('[data-node-approval="approve_model"]').count()).toBe(1);
    await expect.poll(() => page.locator('.approval-tray .approval-card').count()).toBe(0);
    card = page.locator('.inspector .approval-card[data-approval-node="approve_model"]');
    await card.waitFor();
    // The 352 px inspector is narrower than the table: it scrolls sideways inside the card
    // (the card stays within the inspector), the numbers compact, and every column reachable.
    const wrap = card.locator('.approval-table-wrap');
    const box = async (sel: string) => (await card.locator(sel).first().boundingBox())!;
    const inspector = (await page.locator('aside.inspector').boundingBox())!;
    const cardBox = (await card.boundingBox())!;
    expect(cardBox.x + cardBox.width).toBeLessThanOrEqual(inspector.x + inspector.width);
    expect(await wrap.evaluate((e) => [getComputedStyle(e).overflowX, e.scrollWidth > e.clientWidth])).toEqual(['auto', true]);
    await expect.poll(() => card.locator('[data-scroll-more]').getAttribute('data-scroll-more')).toBe('right');
    // Fractions in three significant digits (0.680, 0.0345, 1.00), the exact value on hover.
    const digitsShown = (text: string) => text.replace(/^-?0\.0*/, '').replace(/[-.]/g, '').length;
    for (const td of await card.locator('.approval-table td.num').all()) {
      const exact = Number(await td.getAttribute('title'));
      if (!Number.isInteger(exact)) expect(digitsShown((await td.textContent())!)).toBeLessThanOrEqual(3);
    }
    await shot(page, 'plan-03b-approval-on-node-and-inspector');
    await wrap.evaluate((e) => e.scrollTo({ left: e.scrollWidth }));
    await expect.poll(() => card.locator('[data-scroll-more]').getAttribute('data-scroll-more')).toBe('left');
    const [lastHead, wrapBox, nameBox] = [await box('.approval-table thead th:last-child'), await box('.approval-table-wrap'), await box('.approval-table thead th.row-name')];
    expect(lastHead.x + lastHead.width).toBeLessThanOrEqual(wrapBox.x + wrapBox.width + 1);
    expect(nameBox.x).toBeGreaterThanOrEqual(wrapBox.x - 1); // the model column stays in view
    await shot(page, 'plan-03c-approval-table-scrolled');

    await card.locator('[data-decision="override-open"]').click();
    const submit = card.locator('[data-decision="override"]');
    expect(await submit.isDisabled()).toBe(true); // no reason yet
    await card.getByLabel('Override choice').selectOption(other);
    await card.getByLabel('Reason').fill('simpler to explain to the desk');
    await shot(page, 'plan-04-override-form');
    await submit.click();

    for (const id of ['approve_model', 'report']) await waitForNodeStatus(page, id, ['succeeded'], 150_000);
    await expect.poll(() => page.locator('[data-run-status]').getAttribute('data-run-status'), { timeout: 60_000 }).toBe('succeeded');
    expect(await page.locator('.approval-tray').count()).toBe(0);

    // The override reached the runtime with the model and the reason.
    const runId = new URL(page.url()).searchParams.get('run');
    expect(runId).toBeTruthy();
    const events = (await (await server.api(`/runs/${runId}/events?limit=5000`)).json()) as { events: { kind: string; nodeId?: string; message?: string }[] };
    const logs = events.events.filter((e) => e.kind === 'node.log' && e.nodeId === 'approve_model').map((e) => e.message ?? '');
    expect(logs.join('\n')).toMatch(new RegExp(`override by .*: ${other} instead of ${recommended} \\(simpler to explain to the desk\\)`));

    // The report is an artifact of the run.
    await showDock(page, 'artifacts');
    await expect.poll(() => page.locator('.dock .artifact-list li', { hasText: /report/i }).count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await shot(page, 'plan-05-finished-with-report');
    expect(errors).toEqual([]);
  });

  test('an ambiguous goal asks a question first; the answer continues the planning', async () => {
    const page = browser.page;
    await freshEditor();
    await typeGoal('predict when the price rises 1% within an hour');
    await page.locator('[data-testid="plan-submit"]').click();
    const ask = page.locator('.plan-clarify');
    await ask.waitFor({ timeout: 60_000 });
    expect(await ask.getAttribute('data-clarification')).toBe('coins');
    expect(await ask.locator('.plan-clarify-question').textContent()).toBeTruthy();
    // The default option is chosen and marked; the options list the imported coins.
    expect(await ask.locator('.plan-option.chosen .plan-default').count()).toBe(1);
    const ltc = ask.locator('.plan-option', { hasText: 'LTC/BTC' }).first();
    await ltc.waitFor();
    await shot(page, 'plan-06-clarification');
    await ltc.click();
    await ask.locator('[data-testid="clarify-answer"]').click();

    const summary = page.locator('.plan-summary');
    await summary.waitFor({ timeout: 90_000 });
    expect(await summary.locator('.plan-intent').textContent()).toMatch(/LTC_BTC/);
    expect(await documentNodeIds(page)).toContain('approve_model');
    await shot(page, 'plan-07-planned-after-answer');
    expect(errors).toEqual([]);
  });

  test('the goal box counts characters and refuses more than 1000', async () => {
    const page = browser.page;
    await freshEditor();
    await page.locator('.topbar [data-testid="plan-from-goal"]').click();
    await page.locator('#plan-goal').fill('x'.repeat(1200));
    expect(await page.locator('[data-testid="goal-counter"]').textContent()).toBe('1000 / 1000');
    await page.locator('#plan-goal').fill('   ');
    expect(await page.locator('[data-testid="plan-submit"]').isDisabled()).toBe(true);
  });
});
