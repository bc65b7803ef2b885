import { mkdirSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatOn, openPlayground } from './stack.js';

const shots = 'test-results';

/** A head volunteers from the invitation to the submitted summary, in the Agents Playground. */
describe('Hosting in the Agents Playground', () => {
  let page: Page;
  let close: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    ({ page, close } = await openPlayground());
  });
  afterAll(async () => {
    await close();
  });

  const say = (text: string) => chatOn(page).say(text);
  const card = (text: string): Locator => chatOn(page).card(text);

  it('the coordinator (Grace, also a head here) creates a campaign and invites herself', async () => {
    await card('Welcome to Headway').waitFor({ timeout: 30_000 });
    await say('hosting new');
    const form = card('New hosting campaign');
    await form.waitFor({ timeout: 30_000 });
    await form.getByLabel('E-mail').fill('grace.adeyemi@example.org');
    await form.getByLabel('Phone').fill('020 8825 8542');
    await form.getByRole('button', { name: 'Create campaign' }).click();
    await page.getByText('Campaign created. Next, invite heads.').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Invite heads' }).last().click();
    const invite = card('Each person gets the invitation once');
    await invite.waitFor({ timeout: 30_000 });
    // Named people are found by name (the Playground has no type-ahead: the Find box).
    await invite.getByLabel('Find people by name').fill('adeyemi');
    await invite.getByRole('button', { name: 'Find' }).click();
    const found = card('1 match for "adeyemi"');
    await found.waitFor({ timeout: 30_000 });
    await found.getByRole('combobox').nth(1).click();
    await page.getByText('Grace Adeyemi', { exact: true }).last().click();
    await page.keyboard.press('Escape');
    await page.screenshot({ path: `${shots}/hosting-0-invite.png` });
    await found.getByRole('button', { name: 'Send invitations' }).click();
    await page.getByText('Sent to 1.').waitFor({ timeout: 30_000 }); // the sending job updates the clicked card
    await card('Sent to 1.').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${shots}/hosting-0b-sent.png` });
  });

  it('volunteers in five steps from the invitation and sees the submitted summary', async () => {
    const invitation = card('would your school host mock leadership interviews?');
    await invitation.waitFor({ timeout: 30_000 });
    await page.screenshot({ path: `${shots}/hosting-1-invitation.png` });
    await invitation.getByRole('button', { name: 'Volunteer to host' }).click();

    const step1 = card('Step 1 of 5');
    await step1.waitFor({ timeout: 30_000 });
    await step1.getByLabel('School name').fill('Ash Primary School');
    await step1.getByRole('radio', { name: 'Primary' }).check();
    await step1.getByRole('combobox').click();
    await page.getByRole('option', { name: '3' }).click();
    await step1.getByRole('button', { name: 'Next' }).click();

    const step2 = card('Step 2 of 5');
    await step2.waitFor({ timeout: 30_000 });
    // The window is 22 February to 31 March next year; the calendar opens on this month.
    await step2.locator('input').first().click();
    // Fluent's calendar: "Next month …" buttons by title, days by aria-label "1, March, 2027".
    const day = page.getByRole('button', { name: '1, March, 2027', exact: true });
    for (let i = 0; i < 14 && !(await day.isVisible()); i++) await page.getByTitle(/^Next month/).click();
    await day.click();
    await step2.getByRole('button', { name: 'Next' }).click();

    const step3 = card('Step 3 of 5');
    await step3.waitFor({ timeout: 30_000 });
    await step3.getByPlaceholder('Name').first().fill('Grace Adeyemi');
    await step3.getByPlaceholder('Role, e.g. Headteacher').first().fill('Headteacher');
    await step3.getByRole('button', { name: 'Next' }).click();

    const step4 = card('Step 4 of 5');
    await step4.waitFor({ timeout: 30_000 });
    for (const box of await step4.getByRole('checkbox').all()) await box.check();
    await page.screenshot({ path: `${shots}/hosting-2-duties.png` });
    await step4.getByRole('button', { name: 'Next' }).click();

    const review = card('Step 5 of 5');
    await review.waitFor({ timeout: 30_000 });
    expect(await review.innerText()).toContain('Monday 1 March 2027');
    await review.getByRole('button', { name: 'Submit offer' }).click();
    const summary = card('Your offer to host');
    await summary.waitFor({ timeout: 30_000 });
    expect(await summary.innerText()).toContain('Thank you: your offer is submitted');
    await page.screenshot({ path: `${shots}/hosting-3-submitted.png` });
  });

  it('the coordinator is told of the offer by a card whose button opens the campaign status', async () => {
    const notice = card('A new offer to host');
    await notice.waitFor({ timeout: 30_000 });
    expect(await notice.innerText()).toContain('Grace Adeyemi offered to host at Ash Primary School (primary, 3 places).');
    await notice.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${shots}/hosting-4-offer-notice.png` });
    await notice.getByRole('button', { name: 'Campaign status' }).click();
    const status = card('Hosts offered / wanted');
    await status.waitFor({ timeout: 30_000 });
    expect(await status.innerText()).toContain('Primary, 3 places, Grace Adeyemi');
  });

  it('four primary participants for three places: the one left is explained, and one more place is a confirmed click away', async () => {
    await say('hosting participants');
    const participants = card('Add pasted lines');
    await participants.waitFor({ timeout: 30_000 });
    const lines = ['Noor Rahman, primary, Oak Primary, noor@example.org', 'Ada Obi, primary, Elm Primary, ada@example.org', 'Ben Ray, primary, Fir Primary, ben@example.org', 'Cal Day, primary, Yew Primary, cal@example.org'];
    await participants.getByRole('textbox').last().fill(lines.join('\n'));
    await participants.getByRole('button', { name: 'Add pasted lines' }).click();
    await page.getByText('4 added.').waitFor({ timeout: 30_000 });
    await card('4 added.').getByRole('button', { name: 'Propose allocation' }).click();
    const proposal = card('1 could not be placed');
    await proposal.waitFor({ timeout: 30_000 });
    expect(await proposal.innerText()).toContain('All 3 places at the primary host are taken: 4 primary participants for 3 places, placed in the order they were entered.');
    await proposal.getByText('To place the primary participant left').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${shots}/hosting-5-allocation-fixes.png` });
    await proposal.getByRole('button', { name: 'One more place at Ash Primary School' }).click();
    const ask = card('One more place at Ash Primary School?');
    await ask.waitFor({ timeout: 30_000 });
    await ask.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${shots}/hosting-6-place-confirm.png` });
    await ask.getByRole('button', { name: 'Yes, 4 places' }).click();
    const placed = card('Ash Primary School now takes 4.');
    await placed.waitFor({ timeout: 30_000 });
    expect(await placed.innerText()).toContain('Proposed again: everyone is placed.');
  });
});
