import { mkdirSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { createServices } from '../../src/compose.js';
import { silentLogger } from '../../src/log.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { buildApp } from '../../src/teams/app.js';
import { chatOn, pickDate as pickFromCalendar, GRACE, openPlayground } from './stack.js';

const shots = 'test-results';
const TENANT = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b'; // playground/.m365agentsplayground.yml
const OTHERS = [
  { userId: '0a1b2c3d-2222-4a4a-8b8b-000000000002', name: 'Amara Okafor', authority: 'Leeds' },
  { userId: '0a1b2c3d-3333-4a4a-8b8b-000000000003', name: 'Tom Whitfield', authority: 'Kent' },
  { userId: '0a1b2c3d-6666-4a4a-8b8b-000000000006', name: 'Lena Novak', authority: 'Devon' },
];

/** The programme and three other primary heads, so that Grace's joining makes a group of four. */
async function prepare(sqlitePath: string): Promise<void> {
  const store = new SqliteStore(sqlitePath);
  const services = createServices(store, systemClock, silentLogger, { COORDINATORS: [GRACE], TENANT_SEND_RATE: 30, PUBLIC_URL: undefined });
  const { coaching } = buildApp(services, { BOT_ID: undefined, BOT_PASSWORD: undefined, BOT_TYPE: 'MultiTenant', BOT_TENANT_ID: undefined });
  const actor = (userId: string, name: string) => ({ tenantId: TENANT, userId, name, scope: 'personal' as const, conversationId: `fixture-${userId}` });
  const grace = actor(GRACE, 'Grace Adeyemi');
  const form = await coaching.programmes.form(grace);
  const programme = await coaching.programmes.save(grace, { ...form, resourcesLink: 'https://extend.example.org/echo', contactEmail: 'echo@example.org' });
  for (const head of OTHERS) {
    await coaching.joining.submit(actor(head.userId, head.name), {
      programmeId: programme.id, firstHeadshipStart: '2024-09-01', setting: 'state-school', inEngland: 'yes', npqh: 'taking-now', withdrawnBefore: 'no',
      phase: 'primary', authority: head.authority, school: `${head.name.split(' ')[1]} Primary`, email: 'head@example.org',
    });
  }
  await store.close();
}

describe('Coaching in the Agents Playground', () => {
  let page: Page;
  let close: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    ({ page, close } = await openPlayground(prepare));
  });
  afterAll(async () => {
    await close();
  });

  const say = (text: string) => chatOn(page).say(text);
  const card = (text: string): Locator => chatOn(page).card(text);
  const pickDate = (input: Locator, label: string) => pickFromCalendar(page, input, label);

  it('a head joins and is found eligible at once', async () => {
    await card('Welcome to Headway').waitFor({ timeout: 30_000 });
    await say('coaching join');
    const join = card('When did your first headship begin?');
    await join.waitFor({ timeout: 30_000 });
    await pickDate(join.locator('input').first(), '1, September, 2025');
    await join.getByRole('radio', { name: 'A state-funded school' }).check();
    await join.getByRole('radio', { name: 'Yes' }).first().check();
    await join.getByRole('radio', { name: 'I am taking it now' }).check();
    await join.getByRole('radio', { name: 'No' }).last().check();
    await join.getByRole('radio', { name: 'Primary' }).check();
    await join.getByRole('combobox').last().click(); // the first is the date picker
    await page.getByRole('option', { name: 'Ealing', exact: true }).click();
    await join.getByLabel('School or organisation').fill('Ash Primary School');
    await join.getByLabel('Work e-mail').fill('grace.adeyemi@example.org');
    await page.screenshot({ path: `${shots}/coaching-1-questions.png` });
    await join.getByRole('button', { name: 'Check my eligibility' }).click();
    const result = card('You are eligible and registered');
    await result.waitFor({ timeout: 30_000 });
    expect(await result.innerText()).toContain('Ealing (London)');
    await page.screenshot({ path: `${shots}/coaching-2-eligible.png` });
  });

  it('groups are formed, sessions scheduled and the head accepts a session invitation', async () => {
    await say('coaching groups');
    await card('Coaching groups').getByRole('button', { name: 'Propose groups' }).click();
    await page.getByText('Everyone is in a group.').waitFor({ timeout: 30_000 });
    await card('Coaching groups').getByText('Move a head').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${shots}/coaching-2b-groups.png` });
    await card('Coaching groups').getByRole('button', { name: 'Confirm groups and tell everyone' }).click();
    await page.getByText('Finished sending the coaching groups to members and facilitators.').waitFor({ timeout: 30_000 });

    await say('coaching sessions');
    const sessions = card('Sessions: group G1');
    await sessions.waitFor({ timeout: 30_000 });
    await pickDate(sessions.locator('input').first(), '4, January, 2027');
    await sessions.getByRole('button', { name: 'Propose sessions' }).click();
    await page.getByText('Sessions proposed.').waitFor({ timeout: 30_000 });
    // Each session's date has the card's width, its buttons underneath: no word broken mid-way.
    const proposed = card('Sessions: group G1');
    const first = proposed.locator('.ac-textBlock').filter({ hasText: /^Session 1\b/ }).first();
    expect((await first.boundingBox())!.width).toBeGreaterThan(300);
    await proposed.getByRole('button', { name: 'Edit Session 2' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${shots}/coaching-2c-sessions.png` });
    await card('Sessions: group G1').getByRole('button', { name: 'Send invitations' }).click();
    await page.getByText(/Finished sending the session invitations for group G1/).waitFor({ timeout: 30_000 });

    const invitation = card('Session 1 of 6');
    await invitation.waitFor({ timeout: 30_000 });
    await invitation.getByRole('button', { name: 'Accept' }).click();
    await page.getByText('Thank you: your answer is saved.').waitFor({ timeout: 30_000 });
    expect(await card('Session 1 of 6').innerText()).toContain('Accepted');
    await page.screenshot({ path: `${shots}/coaching-3-accepted.png` });
  });

  it('the programme card offers Invite heads as its next step', async () => {
    await say('coaching setup');
    const form = card('Coaching programme');
    await form.waitFor({ timeout: 30_000 });
    await form.getByRole('button', { name: 'Invite heads' }).click();
    await card('Invite heads to Early Headship Coaching Offer').waitFor({ timeout: 30_000 });
  });

  it('leave coaching asks first, saying what is given up, and Keep my place keeps it', async () => {
    await say('leave coaching');
    const ask = card('Withdraw from Early Headship Coaching Offer?');
    await ask.waitFor({ timeout: 30_000 });
    expect(await ask.innerText()).toContain('You leave your coaching group');
    await page.screenshot({ path: `${shots}/coaching-4-withdraw-confirm.png` });
    await ask.getByRole('button', { name: 'Keep my place' }).click();
    await card('You are eligible and registered').waitFor({ timeout: 30_000 });
  });
});
