import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ManualClock } from '../src/clock.js';
import { startWorld, testStore, type StoreKind } from './harness/headway.js';
import { runReview } from './harness/seeds.js';
import { cardText, makeUser, type Conversation, type User } from './harness/teams.js';

const kinds: StoreKind[] = ['sqlite', 'cosmos'];
const LEVELS = ['emerging', 'developing', 'developing', 'embedding', 'sustaining', 'embedding'];

describe.each(kinds)('the network view for coordinators (%s store)', (kind) => {
  const clock = new ManualClock('2026-12-01T10:00:00Z');
  const coordinator = makeUser('net-coord', 'Grace Adeyemi');
  const schools = LEVELS.map((_, i) => ({ name: `School ${String.fromCharCode(65 + i)}`, lead: makeUser(`net-lead${i}`, `Lead Person ${i}`), member: makeUser(`net-member${i}`, `Member Person ${i}`) }));
  let world: Awaited<ReturnType<typeof startWorld>>;
  const channels: Conversation[] = [];
  const view = async (user: User = coordinator) => {
    const chat = world.teams.personal(user);
    await world.teams.say(user, chat, 'network reviews');
    return cardText(world.teams.latestCard(user, chat).card).replace(/\u00a0/g, ' ');
  };
  const summaryOf = (channel: Conversation) => world.teams.cards(channel).filter((c) => cardText(c.card).includes(': summary')).at(-1)!;

  beforeAll(async () => {
    world = await startWorld(testStore(kind, inject('cosmosEndpoint')), { clock, coordinators: [coordinator.aadObjectId] });
    await world.teams.install(coordinator, world.teams.personal(coordinator));
    for (const [i, school] of schools.entries()) {
      const channel = world.teams.channel(`school-${i}`, `slt-${i}`);
      channels.push(channel);
      world.connector.setMembers(channel.teamId!, [school.lead, school.member].map((u) => ({ id: u.id, aadObjectId: u.aadObjectId, name: u.name })));
      await world.teams.install(school.lead, channel);
      await world.teams.install(school.lead, world.teams.personal(school.lead));
      // Schools A to D share when starting; E and F do not (yet).
      if (i < 4) await runReview(world.teams, channel, school.lead, [school.lead, school.member], { level: () => LEVELS[i]!, share: true });
    }
  });
  afterAll(async () => {
    await world.stop();
  });

  it('with 4 schools sharing shows no theme, only that fewer than 5 have shared; only coordinators may look', async () => {
    const text = await view();
    expect(text).toContain('ELP race equality leadership ambitions 2022-2026 · 4 schools have shared');
    expect(text.match(/Fewer than 5 schools have shared this theme: nothing is shown yet\./g)).toHaveLength(5);
    expect(text).not.toMatch(/\d schools?\n|: \d schools?/);
    const refused = await view(schools[0]!.lead);
    expect(refused).not.toContain('schools have shared');
  });

  it('with 6 shows per theme how many schools stand at each level, naming none; a school that stops sharing leaves it', async () => {
    for (const i of [4, 5]) await runReview(world.teams, channels[i]!, schools[i]!.lead, [schools[i]!.lead, schools[i]!.member], { level: () => LEVELS[i]! });
    expect(await view()).toContain('4 schools have shared'); // completing without choosing to share shares nothing
    for (const i of [4, 5]) {
      const shared = await world.teams.click(schools[i]!.lead, channels[i]!, 'Share with the network', {}, { card: summaryOf(channels[i]!) });
      expect(cardText((shared.body as { value: unknown }).value)).toContain('Shared: the network’s coordinators see this team’s agreed levels');
    }
    const text = await view();
    expect(text).toContain('6 schools have shared');
    expect(text).toContain('1. Leadership\n6 schools\nNot in place: 0 schools\nEmerging: 1 school\nDeveloping: 2 schools\nEmbedding: 2 schools\nSustaining: 1 school');
    expect(text).not.toContain('Fewer than 5');
    for (const school of schools) {
      for (const secret of [school.name, school.lead.name, school.member.name]) expect(text).not.toContain(secret);
    }
    const card = JSON.stringify(world.teams.latestCard(coordinator, world.teams.personal(coordinator)).card);
    expect(card).toContain('"type":"Chart.HorizontalBar.Stacked"');
    for (const channel of channels) expect(card).not.toContain(channel.teamId!);
    const csvUrl = card.match(/"url":"([^"]+)"/)![1]!;
    const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await (await fetch(csvUrl)).arrayBuffer());
    expect(csv).toContain('"1. Leadership","Developing","2"');

    // A school that stops sharing is taken out at once; someone other than its lead cannot stop it.
    const notLead = await world.teams.click(schools[5]!.member, channels[5]!, 'Share with the network', {}, { card: summaryOf(channels[5]!) });
    expect(JSON.stringify(notLead.body)).toContain('Only the review’s lead');
    const stopped = await world.teams.click(schools[5]!.lead, channels[5]!, 'Stop sharing', {}, { card: world.teams.latestCard(schools[5]!.lead, channels[5]!) });
    expect(cardText((stopped.body as { value: unknown }).value)).toContain('Not shared: the network’s coordinators no longer see this team’s levels.');
    expect(await view()).toContain('5 schools have shared');
  });

  it('counts a school once: its next review replaces the levels it shared before', async () => {
    const i = 0;
    await runReview(world.teams, channels[i]!, schools[i]!.lead, [schools[i]!.lead], { level: () => 'sustaining', repeat: true });
    const text = await view();
    expect(text).toContain('5 schools have shared');
    expect(text).toContain('1. Leadership\n5 schools\nNot in place: 0 schools\nEmerging: 0 schools\nDeveloping: 2 schools\nEmbedding: 1 school\nSustaining: 2 schools');
  });
});
