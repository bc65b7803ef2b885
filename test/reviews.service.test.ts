import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ManualClock } from '../src/clock.js';
import { loadFrameworks, type Framework } from '../src/features/reviews/framework.js';
import { AnswerDoc } from '../src/features/reviews/model.js';
import { reviewCollections } from '../src/features/reviews/store.js';
import { AgreementService } from '../src/features/reviews/agreement.js';
import { Responders } from '../src/features/reviews/responder.js';
import { ReviewService } from '../src/features/reviews/service.js';
import { ReviewAnswers } from '../src/features/reviews/answers.js';
import { Collection } from '../src/store/collection.js';
import type { DocumentStore } from '../src/store/port.js';
import { testStore, type StoreKind } from './harness/headway.js';

const kinds: StoreKind[] = ['sqlite', 'cosmos'];
const TENANT = 'tenant-reviews';
const channel = 'channel-slt';

/** A framework with one ten-statement theme, for the answer storm. */
const storm: Framework = {
  id: 'storm', title: 'Storm', version: '1', source: 'test',
  variants: [{ id: 'school', title: 'School' }],
  scale: { levels: ['one', 'two', 'three', 'four'].map((id) => ({ id, label: id, description: id })), notInPlace: { label: 'Not in place' }, query: { label: 'Query' } },
  themes: [{ id: 'all', title: 'All', statements: Array.from({ length: 10 }, (_, i) => ({ id: `s${i}`, text: `Statement ${i}` })), signposting: [] }],
};

describe.each(kinds)('review service (%s store)', (kind) => {
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  let store: DocumentStore;
  let service: ReviewService;
  let answering: ReviewAnswers;
  let agreement: AgreementService;
  let answers: Collection<typeof AnswerDoc>;
  const person = (i: number, scope: 'channel' | 'personal' = 'channel') => ({ tenantId: TENANT, userId: `user-${i}`, name: `Person ${i}`, scope, conversationId: channel, teamId: 'team' });
  const lead = person(0);

  beforeAll(async () => {
    store = await testStore(kind, inject('cosmosEndpoint')).open();
    const frameworks = loadFrameworks('frameworks').frameworks;
    frameworks.set('storm', storm);
    answers = new Collection(store, clock, 'reviewAnswer', AnswerDoc);
    const collections = { ...reviewCollections(store, clock), answers };
    service = new ReviewService({ ...collections, frameworks, clock });
    answering = new ReviewAnswers(service, { answers, responders: new Responders('a-test-key-of-at-least-32-characters') });
    agreement = new AgreementService(service, { ...collections, clock });
  });
  afterAll(async () => {
    await store.close();
  });

  it('starts in a channel only, once per framework per channel', async () => {
    await expect(service.start(person(0, 'personal'), { frameworkId: 'storm', variant: 'school', anonymous: false })).rejects.toThrow(/channel/);
    await expect(service.start(lead, { frameworkId: 'storm', variant: 'college', anonymous: false })).rejects.toThrow(/not a variant/);
    await service.start(lead, { frameworkId: 'storm', variant: 'school', anonymous: false });
    await expect(service.start(person(1), { frameworkId: 'storm', variant: 'school', anonymous: false })).rejects.toThrow(/already has an active Storm review, led by Person 0/);
  });

  it('two people starting the same review in one channel at the same moment: one review, the other is told who leads it', async () => {
    const elsewhere = (i: number) => ({ ...person(i), conversationId: 'channel-two' });
    const results = await Promise.allSettled([1, 2, 3, 4].map((i) => service.start(elsewhere(i), { frameworkId: 'storm', variant: 'school', anonymous: false })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(String(r.reason)).toMatch(/already has an active Storm review, led by Person [1-4]|at the same moment/);
    const started = (await service.history(elsewhere(1))).filter((r) => r.frameworkId === 'storm' && r.status === 'active');
    expect(started).toHaveLength(1);
  });

  it('keeps every answer when 60 people answer 10 statements at once, and a repeated click counts once', async () => {
    const review = (await service.history(lead)).find((r) => r.frameworkId === 'storm')!;
    const all = Array.from({ length: 10 }, (_, s) => ({ statementId: `s${s}`, value: ['one', 'two', 'three', 'four'][s % 4]! }));
    await Promise.all(Array.from({ length: 60 }, (_, i) => answering.answer(person(i), review.id, 'all', all)));
    await answering.answer(person(3), review.id, 'all', all); // a repeated submit
    const stored = await answers.all({ tenantId: TENANT, partition: `review:${review.id}` });
    expect(stored).toHaveLength(600);
    expect(await answering.answered(TENANT, review, 'all')).toBe(60);
  });

  it('refuses forged or stale payloads and changes nothing', async () => {
    const review = (await service.history(lead)).find((r) => r.frameworkId === 'storm')!;
    const before = (await answering.mine(person(1), review, 'all')).map((a) => a.value);
    await expect(answering.answer(person(1), review.id, 'all', [{ statementId: 's0', value: 'five' }])).rejects.toThrow(/"five" is not on the scale/);
    await expect(answering.answer(person(1), review.id, 'all', [{ statementId: 'x9', value: 'one' }, { statementId: 's0', value: 'two' }])).rejects.toThrow(/not a statement of this theme/);
    await expect(answering.answer(person(1), review.id, 'elsewhere', [{ statementId: 's0', value: 'one' }])).rejects.toThrow(/not part of this review/);
    await expect(answering.answer({ ...person(1), conversationId: 'other-channel' }, review.id, 'all', [{ statementId: 's0', value: 'one' }])).rejects.toThrow(/another channel/);
    expect((await answering.mine(person(1), review, 'all')).map((a) => a.value)).toEqual(before);
  });

  it('reveals the spread to the lead only, then refuses late answers; agrees and completes', async () => {
    const review = (await service.history(lead)).find((r) => r.frameworkId === 'storm')!;
    await answering.answer(person(1), review.id, 'all', [{ statementId: 's0', value: 'query', comment: 'What is meant here?' }]);
    await expect(agreement.reveal(person(1), review.id, 'all')).rejects.toThrow(/Only the review’s lead, Person 0/);
    const revealed = await agreement.reveal(lead, review.id, 'all');
    expect(revealed.spread[0]).toMatchObject({ statementId: 's0', flagged: true, reasons: ['1 query'] });
    expect(revealed.spread[0]!.counts).toMatchObject({ one: 59, query: 1 });
    expect(revealed.comments).toEqual([{ statementId: 's0', who: 'Person 1', comment: 'What is meant here?' }]);
    await expect(answering.answer(person(2), review.id, 'all', [{ statementId: 's0', value: 'two' }])).rejects.toThrow(/revealed/);
    // An answer checked just before the reveal and written just after it (in flight on another
    // instance) is stored, but never changes what was revealed: the reveal is a cut.
    const late = { statementId: 's0', themeId: 'all', responder: 'user-7', name: 'Person 7', value: 'four', comment: 'Too late to count' };
    await answers.upsert({ tenantId: TENANT, partition: `review:${review.id}` }, 'answer:s0:user-7', late);
    const again = await agreement.revealed(TENANT, (await service.get(TENANT, review.id)), 'all');
    expect(again.spread).toEqual(revealed.spread);
    expect(again.comments).toEqual(revealed.comments);
    expect((await agreement.comments(TENANT, await service.get(TENANT, review.id))).map((c) => c.comment)).not.toContain('Too late to count');
    await expect(agreement.agree(lead, review.id, 'all', [{ statementId: 's0', value: 'two' }])).rejects.toThrow(/choose the agreed level/);
    const done = await agreement.agree(lead, review.id, 'all', storm.themes[0]!.statements.map((s, i) => ({ statementId: s.id, value: i < 5 ? 'three' : 'one', ...(i === 9 ? { action: 'Plan it', owner: 'Deputy' } : {}) })));
    expect(done.status).toBe('complete');
    await expect(agreement.agree(lead, review.id, 'all', [])).rejects.toThrow(/already agreed/);
  });

  it('keeps anonymous answers keyed by a keyed hash only (no salt in the review), and compares with the previous review', async () => {
    clock.advance(30 * 24 * 3600_000); // the next review, a month later
    const second = await service.start(lead, { frameworkId: 'storm', variant: 'school', anonymous: true });
    await answering.answer(person(7), second.id, 'all', [{ statementId: 's0', value: 'four', comment: 'Much better' }]);
    const stored = await answers.all({ tenantId: TENANT, partition: `review:${second.id}` });
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain('user-7');
    expect(JSON.stringify(stored)).not.toContain('Person 7');
    expect(second.salt).toBeUndefined();
    const revealed = await agreement.reveal(lead, second.id, 'all');
    expect(revealed.comments).toEqual([{ statementId: 's0', who: 'Anonymous', comment: 'Much better' }]);
    await agreement.agree(lead, second.id, 'all', storm.themes[0]!.statements.map((s) => ({ statementId: s.id, value: 'four' })));
    const { summary, changes } = await agreement.summary(TENANT, second.id);
    expect(summary.themes[0]!.score).toBe(4);
    expect(changes).toEqual([{ themeId: 'all', title: 'All', before: 2, now: 4, change: 2 }]);
  });
});
