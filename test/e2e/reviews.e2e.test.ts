import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatOn, openPlayground, pickDate } from './stack.js';

const shots = 'test-results';

describe('a maturity review in the SLT channel of the Agents Playground', () => {
  let page: Page;
  let close: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    ({ page, close } = await openPlayground());
    await page.locator('.ac-adaptiveCard').filter({ hasText: 'Welcome to Headway' }).first().waitFor({ timeout: 30_000 });
    await page.getByText('SLT', { exact: true }).click();
  });
  afterAll(async () => {
    await close();
  });

  it('starts a review by @mention', async () => {
    await chatOn(page).post('review start');
    const start = chatOn(page).card('Start a maturity review');
    await start.waitFor({ timeout: 30_000 });
    await page.screenshot({ path: `${shots}/reviews-1-start.png` });
    await start.getByRole('combobox').first().click();
    await page.getByRole('option', { name: 'ELP race equality leadership ambitions 2022-2026' }).click();
    await start.getByRole('button', { name: 'Start review' }).click();
    const shareOut = chatOn(page).card('Review started');
    await shareOut.waitFor({ timeout: 30_000 });
    expect(await shareOut.innerText()).toContain('Give the themes and nudge'); // one person at a time, not a list per theme
    await shareOut.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${shots}/reviews-1b-share-out.png` });
    const poll = page.locator('.ac-adaptiveCard').filter({ hasText: 'Save my answers' }).filter({ hasText: 'Theme 1 of 5' }).last();
    await poll.waitFor({ timeout: 30_000 });
    await poll.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${shots}/reviews-2-theme.png` });
    expect(await poll.innerText()).toContain('0 of 6 have answered');
  });

  const poll = () => page.locator('.ac-adaptiveCard').filter({ hasText: 'Theme 1 of 5' }).last();

  it('answers the theme on its card and sees the answers kept', async () => {
    const boxes = poll().getByRole('combobox');
    const statements = await boxes.count();
    expect(statements).toBe(3); // the three leadership statements of seed 002
    for (const [i, level] of ['Developing', 'Embedding', 'Query'].entries()) {
      await boxes.nth(i).click();
      await page.getByRole('option', { name: new RegExp(`^${level}`) }).click();
    }
    await poll().getByPlaceholder('Comment (optional)').first().fill('Policy written, not yet shared with families');
    await poll().getByRole('button', { name: 'Save my answers' }).click();
    await page.getByText('Your answers are saved.').waitFor({ timeout: 30_000 });
    // The card that came back is this person's own view: their answers are in it.
    expect(await poll().getByRole('combobox').first().inputValue()).toBe('Developing'); // the level's name: what it means is shown once above
    expect(await poll().getByRole('combobox').nth(2).inputValue()).toMatch(/^Query/);
    await poll().scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${shots}/reviews-3-answered.png` });
  });

  it('reveals the spread with flags and comments, then records what the team agrees', async () => {
    await poll().getByRole('button', { name: 'Reveal answers' }).click();
    const revealed = page.locator('.ac-adaptiveCard').filter({ hasText: 'Save agreed responses' }).last();
    await revealed.waitFor({ timeout: 30_000 });
    const text = await revealed.innerText();
    expect(text).toContain('Developing: 1');
    expect(text).toContain('For discussion: 1 query');
    expect(text).toContain('“Policy written, not yet shared with families” (Grace Adeyemi)');
    await revealed.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${shots}/reviews-4-revealed.png` });
    // The third statement had only a query: the lead chooses its agreed level.
    const boxes = revealed.getByRole('combobox');
    await boxes.nth(4).click(); // each statement has its level, then its action's due date (a calendar)
    await page.getByRole('option', { name: /^Emerging/ }).click();
    await revealed.getByPlaceholder('Action (optional)').first().fill('Share the policy with families by Easter');
    await revealed.getByPlaceholder('Owner (optional)').first().fill('Deputy head');
    await pickDate(page, revealed.getByPlaceholder('Select a date...').first(), '26, March, 2027');
    await revealed.getByPlaceholder('Links, e.g. the policy on SharePoint').first().fill('https://school.sharepoint.com/sites/slt/policy.docx');
    await revealed.getByRole('button', { name: 'Save agreed responses' }).click();
    const agreed = page.locator('.ac-adaptiveCard').filter({ hasText: 'Agreed and saved.' }).last();
    await agreed.waitFor({ timeout: 30_000 });
    expect(await agreed.innerText()).toContain('Agreed: Developing · action: Share the policy with families by Easter (Deputy head), due Friday 26 March 2027');
    expect(await agreed.innerText()).toContain('Evidence: https://school.sharepoint.com/sites/slt/policy.docx');
    await agreed.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${shots}/reviews-5-agreed.png` });
  });

  it('shows the summary so far with its chart, and opens the next theme', async () => {
    const agreed = page.locator('.ac-adaptiveCard').filter({ hasText: 'Agreed and saved.' }).last();
    await agreed.getByRole('button', { name: 'Summary so far' }).click();
    const summary = page.locator('.ac-adaptiveCard').filter({ hasText: 'ELP race equality leadership ambitions 2022-2026: summary' }).last();
    await summary.waitFor({ timeout: 30_000 });
    const text = await summary.innerText();
    expect(text).toContain('2.0 of 4 (3 of 3 statements agreed)');
    expect(text).toContain('Share the policy with families by Easter (Deputy head, due Friday 26 March 2027, not started)');
    expect(text).toContain('Support for governing boards and senior leadership teams');
    expect(await summary.locator('svg, canvas').count()).toBeGreaterThan(0); // the Playground draws Chart.VerticalBar
    await summary.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${shots}/reviews-6-summary.png` });
    const choose = page.locator('.ac-adaptiveCard').filter({ hasText: 'Open a theme next' }).last();
    expect(await choose.innerText()).toContain('The summary so far is the latest message in the channel.');
    await choose.getByRole('button', { name: 'Open theme' }).click();
    const next = page.locator('.ac-adaptiveCard').filter({ hasText: 'Theme 2 of 5' }).filter({ hasText: 'Save my answers' }).last();
    await next.waitFor({ timeout: 30_000 });
    await next.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${shots}/reviews-7-next-theme.png` });
  });

  it('opens the action plan with review actions, and updates an action’s status', async () => {
    await chatOn(page).post('review actions');
    const plan = chatOn(page).card('Action plan: ELP race equality leadership ambitions 2022-2026');
    await plan.waitFor({ timeout: 30_000 });
    expect(await plan.innerText()).toContain('Owner: Deputy head (not in Teams) · due Friday 26 March 2027 · Not started');
    await plan.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${shots}/reviews-8-action-plan.png` });
    await plan.getByRole('combobox').first().click();
    await page.getByRole('option', { name: 'Share the policy with families by Easter' }).click();
    await plan.getByRole('button', { name: 'Update', exact: true }).click();
    const form = chatOn(page).card('Change an action');
    await form.waitFor({ timeout: 30_000 });
    await form.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${shots}/reviews-9-action-form.png` });
    await form.getByRole('combobox', { name: 'Status', exact: true }).click();
    await page.getByRole('option', { name: 'In progress' }).click();
    await form.getByLabel('Progress note (optional)').fill('Draft shared with the parents’ forum');
    await form.getByRole('button', { name: 'Save action' }).click();
    const saved = chatOn(page).card('Saved: “Share the policy with families by Easter”');
    await saved.waitFor({ timeout: 30_000 });
    const text = await saved.innerText();
    expect(text).toContain('Owner: Deputy head (not in Teams) · due Friday 26 March 2027 · In progress');
    expect(text).toContain('Progress: Draft shared with the parents’ forum');
    await saved.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${shots}/reviews-10-action-updated.png` });
  });
});
