import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatOn, openPlayground } from './stack.js';

const shots = 'test-results';

describe('Headway in the Agents Playground', () => {
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
  const cards = () => page.locator('.ac-adaptiveCard');

  it('shows the welcome card in personal chat', async () => {
    const welcome = cards().filter({ hasText: 'Welcome to Headway' }).first();
    await welcome.waitFor({ timeout: 30_000 });
    expect(await welcome.innerText()).toContain('In this chat you answer invitations');
    await page.screenshot({ path: `${shots}/1-personal-welcome.png` });
    // The card's Help button is an Action.Execute: the help card replaces the welcome in place.
    await welcome.getByRole('button', { name: 'Help' }).click();
    await cards().filter({ hasText: 'What you can do here' }).first().waitFor({ timeout: 30_000 });
  });

  it("answers help with a menu of the coordinator's main actions, and the typed commands behind a toggle", async () => {
    await say('help');
    const help = cards().filter({ hasText: 'What you can do here' }).last();
    await help.waitFor({ timeout: 30_000 });
    const text = await help.innerText();
    expect(text).toContain('You are a coordinator.');
    expect(text).toContain('type @Headway review start in the channel');
    for (const name of ['Start a hosting campaign', 'Set up coaching', 'Manage roles']) await help.getByRole('button', { name }).waitFor();
    expect(await help.innerText()).not.toContain('roles grant [coordinator|facilitator] [name]');
    await help.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${shots}/2-personal-help.png`, fullPage: true });
    await help.getByRole('button', { name: 'Commands to type' }).click();
    await help.getByText('roles grant [coordinator|facilitator] [name]').waitFor({ timeout: 30_000 });
    await page.screenshot({ path: `${shots}/2-personal-help-typed.png`, fullPage: true });
    // A button does what typing the command does: the card it answers with replaces the help card.
    await help.getByRole('button', { name: 'Campaigns' }).click();
    await cards().filter({ hasText: 'No campaigns yet.' }).last().waitFor({ timeout: 30_000 });
  });

  it('opens the roles card and grants a role with Action.Execute', async () => {
    await say('roles');
    const roles = cards().filter({ hasText: 'Grant a role' }).last();
    await roles.waitFor({ timeout: 30_000 });
    expect(await roles.innerText()).toContain('Grace Adeyemi (from configuration)');
    // Nobody is listed until searched for (the Playground has no type-ahead: the Find box).
    await roles.getByLabel('Find a person').fill('grace');
    await roles.getByRole('button', { name: 'Find' }).click();
    const found = cards().filter({ hasText: '1 match for "grace"' }).last();
    await found.waitFor({ timeout: 30_000 });
    await found.getByRole('combobox').click();
    await page.getByRole('option', { name: 'Grace Adeyemi' }).click();
    await found.getByRole('radio', { name: 'Facilitator' }).check();
    await found.getByRole('button', { name: 'Grant role' }).click();
    // Action.Execute: the answer replaces the card in place.
    await page.getByText('Grace Adeyemi is now a facilitator.').waitFor({ timeout: 30_000 });
    await page.screenshot({ path: `${shots}/3-roles-granted.png` });
    // Revoke ignores the grant form's required inputs (associatedInputs: none).
    await page.getByRole('button', { name: 'Revoke Grace Adeyemi' }).click();
    await page.getByText('Grace Adeyemi is no longer a facilitator.').waitFor({ timeout: 30_000 });
  });

  it('shows the privacy notice, then my data from its button', async () => {
    await say('privacy');
    const notice = cards().filter({ hasText: 'Privacy: what Headway keeps about you' }).last();
    await notice.waitFor({ timeout: 30_000 });
    await notice.getByRole('button', { name: 'My data' }).click();
    const mine = cards().filter({ hasText: 'Your data in Headway' }).last();
    await mine.waitFor({ timeout: 30_000 });
    expect(await mine.innerText()).toContain('Roles: coordinator');
    await page.screenshot({ path: `${shots}/3b-my-data.png` });
    // The Playground shows Action.OpenUrl as a link that opens a new window on the signed URL; the
    // window is gone once the file is saved, so the bot's answer is read as it passes (and passed on).
    const exported = new Promise<{ status: number; disposition: string; body: string }>((resolve) => {
      void page.context().route('**/files/my-data?**', async (route) => {
        const response = await route.fetch();
        resolve({ status: response.status(), disposition: response.headers()['content-disposition'] ?? '', body: await response.text() });
        await route.fulfill({ response });
      });
    });
    await mine.getByRole('link', { name: 'Download my data (JSON)' }).click();
    const download = await exported;
    expect(download.status).toBe(200);
    expect(download.disposition).toContain('headway-my-data.json');
    const data = JSON.parse(download.body) as { person: { name: string }; roles: string[] };
    expect(data.person.name).toBe('Grace Adeyemi');
    expect(data.roles).toEqual(['coordinator']);
  });

  it('deletes my data after a confirmation that says what will happen, and says when it is done', async () => {
    const mine = cards().filter({ hasText: 'Your data in Headway' }).last();
    await mine.getByRole('button', { name: 'Delete my data' }).click();
    const ask = cards().filter({ hasText: 'Delete your data?' }).last();
    await ask.waitFor({ timeout: 30_000 });
    expect(await ask.innerText()).toContain('This cannot be undone.');
    expect(await ask.innerText()).toContain('You stay a coordinator: that comes from the app’s settings (COORDINATORS).');
    await page.screenshot({ path: `${shots}/3c-delete-confirm.png` });
    await ask.getByRole('button', { name: 'Delete my data' }).click();
    // The job updates the clicked card when it has finished.
    const done = cards().filter({ hasText: 'Your data has been deleted' }).last();
    await done.waitFor({ timeout: 30_000 });
    expect(await done.innerText()).toContain('Headway no longer holds your name or Teams ids.');
    expect(await done.innerText()).toMatch(/[1-9]\d* records? deleted/); // her person record and her chat, at least
    await page.screenshot({ path: `${shots}/3d-data-deleted.png` });
  });

  it('answers an @mention in the SLT channel', async () => {
    await page.getByText('SLT', { exact: true }).click();
    await chatOn(page).post('help');
    const help = cards().filter({ hasText: 'Choose what you want to do in this channel' }).last();
    await help.waitFor({ timeout: 30_000 });
    await help.getByRole('button', { name: 'Start a review' }).waitFor();
    expect(await help.innerText()).not.toContain('Manage roles');
    await page.screenshot({ path: `${shots}/4-channel-help.png` });
  });
});
