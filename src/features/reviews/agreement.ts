import type { Clock } from '../../clock.js';
import { InvalidInputError } from '../../errors.js';
import type { Collection, Doc } from '../../store/collection.js';
import type { Actor } from '../ports.js';
import { agreementProblems, linksOf } from './checks.js';
import { statementsFor, type Framework } from './framework.js';
import { AlreadyExistsError } from '../../store/port.js';
import { ActionDoc, AgreedDoc, AnswerDoc, inReview, PARTITION, placeOfReview, RevealedAnswers, Review } from './model.js';
import type { ReviewService } from './service.js';
import { toAnswer } from './answers.js';
import { actionProgress, isOpen, type ActionProgress } from './cycle.js';
import { formatDate } from '../../time.js';
import { labelOf } from './view.js';
import { compare, spread, summarise, type Agreed, type StatementSpread, type Summary, type ThemeChange } from './tally.js';

export interface Comment {
  statementId: string;
  who: string;
  comment: string;
}

export interface Revealed {
  spread: StatementSpread[];
  comments: Comment[];
  agreed: Doc<AgreedDoc>[];
  /** The actions typed at the agreement (`action:<statementId>:agreed`), for their due dates. */
  actions: Doc<ActionDoc>[];
}

/**
 * The lead's side of a review: revealing a theme's spread, recording the agreed best fit (with
 * actions and owners), and the summary compared with the channel's previous review.
 */
export class AgreementService {
  constructor(
    private readonly reviews: ReviewService,
    private readonly deps: {
      reviews: Collection<typeof Review>;
      answers: Collection<typeof AnswerDoc>;
      agreed: Collection<typeof AgreedDoc>;
      actions: Collection<typeof ActionDoc>;
      snapshots: Collection<typeof RevealedAnswers>;
      clock: Clock;
    },
  ) {}

  /**
   * The cut: the theme's answers as they are now, kept once (a second reveal at the same moment
   * keeps the first). Taken after the theme is marked revealed, so any answer checked before that
   * and written after this read is left out.
   */
  private async cut(tenantId: string, reviewId: string, themeId: string): Promise<RevealedAnswers> {
    const scope = inReview(tenantId, reviewId);
    const found = await this.deps.snapshots.get(scope, `revealed:${themeId}`);
    if (found) return found.doc;
    const answers = await this.deps.answers.all(scope, { where: [{ field: 'themeId', op: '=', value: themeId }] });
    const snapshot = { themeId, answers: answers.map(({ statementId, themeId: theme, responder, name, value, comment }) => ({ statementId, themeId: theme, responder, name, value, comment })) };
    try {
      return (await this.deps.snapshots.create(scope, `revealed:${themeId}`, snapshot)).doc;
    } catch (error) {
      if (!(error instanceof AlreadyExistsError)) throw error;
      return (await this.deps.snapshots.get(scope, `revealed:${themeId}`))!.doc;
    }
  }

  /** What was revealed of a theme: the cut, or for themes revealed before cuts existed, the answers now. */
  private async revealedAnswers(tenantId: string, reviewId: string, themeId: string): Promise<RevealedAnswers['answers']> {
    const scope = inReview(tenantId, reviewId);
    const snapshot = await this.deps.snapshots.get(scope, `revealed:${themeId}`);
    if (snapshot) return snapshot.doc.answers;
    return this.deps.answers.all(scope, { where: [{ field: 'themeId', op: '=', value: themeId }] });
  }

  async reveal(actor: Actor, reviewId: string, themeId: string): Promise<{ review: Doc<Review> } & Revealed> {
    const review = await this.reviews.inChannel(actor, reviewId);
    this.reviews.requireLead(actor, review);
    const framework = this.reviews.framework(review.frameworkId);
    if (!framework.themes.some((t) => t.id === themeId)) throw new InvalidInputError('That theme is not part of this review.');
    const updated = await this.deps.reviews.update({ tenantId: actor.tenantId, partition: PARTITION }, reviewId, (current) =>
      current && current.themeStatus[themeId] === 'open' ? { ...current, themeStatus: { ...current.themeStatus, [themeId]: 'revealed' } } : undefined,
    );
    if (updated!.doc.themeStatus[themeId] !== 'open') await this.cut(actor.tenantId, reviewId, themeId);
    return { review: updated!.doc, ...(await this.revealed(actor.tenantId, updated!.doc, themeId)) };
  }

  /** A revealed theme's spread, flags, comments (anonymous when the review is) and what was agreed. */
  async revealed(tenantId: string, review: Doc<Review>, themeId: string): Promise<Revealed> {
    const framework = this.reviews.framework(review.frameworkId);
    const theme = framework.themes.find((t) => t.id === themeId);
    if (!theme) throw new InvalidInputError('That theme is not part of this review.');
    if (review.themeStatus[themeId] === 'open') throw new InvalidInputError('The answers to this theme have not been revealed yet.');
    const scope = inReview(tenantId, review.id);
    const [answers, agreed, actions] = await Promise.all([
      this.revealedAnswers(tenantId, review.id, themeId),
      this.deps.agreed.all(scope, { where: [{ field: 'themeId', op: '=', value: themeId }] }),
      this.deps.actions.all(scope, { where: [{ field: 'themeId', op: '=', value: themeId }] }),
    ]);
    const statementIds = statementsFor(theme, review.variant).map((s) => s.id);
    return {
      spread: spread(framework, statementIds, answers.map(toAnswer)),
      comments: commentsOf(review, answers),
      agreed,
      actions: actions.filter((a) => a.id === `action:${a.statementId}:agreed`),
    };
  }

  /** Every comment on the themes revealed so far (never on a theme still open), without names when anonymous. */
  async comments(tenantId: string, review: Doc<Review>): Promise<Comment[]> {
    const shown = Object.entries(review.themeStatus).filter(([, status]) => status !== 'open').map(([themeId]) => themeId);
    const framework = this.reviews.framework(review.frameworkId);
    const order = framework.themes.map((t) => t.id).filter((id) => shown.includes(id));
    const answers = (await Promise.all(order.map((themeId) => this.revealedAnswers(tenantId, review.id, themeId)))).flat();
    return commentsOf(review, answers);
  }

  /** The lead records the agreed best fit per statement (with optional action and owner). */
  async agree(actor: Actor, reviewId: string, themeId: string, agreed: { statementId: string; value: string; action?: string; owner?: string; evidenceLinks?: string; evidenceNote?: string }[]): Promise<Doc<Review>> {
    const review = await this.reviews.inChannel(actor, reviewId);
    this.reviews.requireLead(actor, review);
    const framework = this.reviews.framework(review.frameworkId);
    const theme = framework.themes.find((t) => t.id === themeId);
    if (!theme) throw new InvalidInputError('That theme is not part of this review.');
    if (review.themeStatus[themeId] === 'agreed') throw new InvalidInputError('That theme is already agreed. Nothing was changed.');
    if (review.themeStatus[themeId] !== 'revealed') throw new InvalidInputError('Reveal the answers before agreeing.');
    const statements = statementsFor(theme, review.variant);
    const problems = agreementProblems(framework, statements, agreed);
    if (problems.length > 0) throw new InvalidInputError('Nothing was saved:', problems);
    const scope = inReview(actor.tenantId, reviewId);
    for (const s of statements) {
      const a = agreed.find((x) => x.statementId === s.id)!;
      await this.deps.agreed.upsert(scope, `agreed:${s.id}`, {
        statementId: s.id,
        themeId,
        value: a.value,
        action: (a.action ?? '').trim(),
        owner: (a.owner ?? '').trim(),
        evidenceLinks: linksOf(a.evidenceLinks ?? ''),
        evidenceNote: (a.evidenceNote ?? '').trim(),
      });
    }
    const updated = await this.deps.reviews.update({ tenantId: actor.tenantId, partition: PARTITION }, reviewId, (current) => {
      if (!current) return undefined;
      const themeStatus = { ...current.themeStatus, [themeId]: 'agreed' as const };
      const done = framework.themes.every((t) => themeStatus[t.id] === 'agreed');
      return { ...current, themeStatus, status: done ? 'complete' : 'active', ...(done ? { completedAt: this.deps.clock.now().toISOString() } : {}) };
    });
    const after = updated!.doc;
    if (after.status === 'complete') await this.reviews.active.release(actor.tenantId, placeOfReview(after), after.frameworkId, after.id);
    return after;
  }

  /**
   * The lead changes a theme already agreed: it goes back to "revealed" with what was agreed
   * filled in, and a finished review is active again until it is agreed once more.
   */
  async reopen(actor: Actor, reviewId: string, themeId: string): Promise<Doc<Review>> {
    const review = await this.reviews.inChannel(actor, reviewId);
    this.reviews.requireLead(actor, review);
    const framework = this.reviews.framework(review.frameworkId);
    const theme = framework.themes.find((t) => t.id === themeId);
    if (!theme) throw new InvalidInputError('That theme is not part of this review.');
    if (review.themeStatus[themeId] !== 'agreed') throw new InvalidInputError(`${theme.title} is not agreed yet: record what the team agrees on its card.`);
    // A finished review becomes active again only if it can take the channel's lock for its framework.
    if (review.status === 'complete') await this.reviews.active.take(actor.tenantId, placeOfReview(review), review.frameworkId, framework.title, { reviewId: review.id, leadName: review.leadName });
    const updated = await this.deps.reviews.update({ tenantId: actor.tenantId, partition: PARTITION }, reviewId, (current) => {
      if (!current || current.themeStatus[themeId] !== 'agreed') return undefined;
      const { completedAt: _done, ...rest } = current;
      return { ...rest, themeStatus: { ...current.themeStatus, [themeId]: 'revealed' as const }, status: 'active' as const };
    });
    return updated!.doc;
  }

  /** Where the team stands, and the change since its previous review of the same framework and variant. */
  async summary(tenantId: string, reviewId: string): Promise<{ review: Doc<Review>; framework: Framework; summary: Summary; changes: ThemeChange[]; agreed: Doc<AgreedDoc>[]; actions: Doc<ActionDoc>[]; progress: ActionProgress[] | undefined }> {
    const review = await this.reviews.get(tenantId, reviewId);
    const framework = this.reviews.framework(review.frameworkId);
    const [agreed, actions] = await Promise.all([this.deps.agreed.all(inReview(tenantId, reviewId)), this.deps.actions.all(inReview(tenantId, reviewId), { orderBy: [{ field: 'createdAt', direction: 'asc' }] })]);
    const summary = summarise(framework, review.variant, agreed.map(toAgreed));
    // Compared with the previous review in the review's own channel, whoever asks.
    const previous = await this.previous(tenantId, review);
    const before = previous ? summarise(framework, previous.variant, (await this.deps.agreed.all(inReview(tenantId, previous.id))).map(toAgreed)) : undefined;
    // What became of the actions agreed last time, as they stand now.
    const progress = previous ? actionProgress(framework, await this.deps.actions.all(inReview(tenantId, previous.id))) : undefined;
    return { review, framework, summary, changes: compare(summary, before), agreed, actions, progress };
  }

  /**
   * Where the channel's last completed review of a framework and variant left each statement: the
   * level agreed and the actions still open, for a new review to show while the team answers.
   */
  async lastTime(tenantId: string, place: string, frameworkId: string, variant: string): Promise<{ previousReviewId?: string; lastTime: Review['lastTime'] }> {
    const previous = (await this.reviews.historyOf(tenantId, place)).find((r) => r.status === 'complete' && r.frameworkId === frameworkId && r.variant === variant);
    if (!previous) return { lastTime: {} };
    const framework = this.reviews.framework(frameworkId);
    const scope = inReview(tenantId, previous.id);
    const [agreed, actions] = await Promise.all([this.deps.agreed.all(scope), this.deps.actions.all(scope, { orderBy: [{ field: 'createdAt', direction: 'asc' }] })]);
    const open = (statementId: string) =>
      actions.filter((a) => a.statementId === statementId && isOpen(a.status)).map((a) => `${a.what}${a.ownerName || a.due ? ` (${[a.ownerName, a.due ? `due ${formatDate(a.due)}` : ''].filter((p) => p !== '').join(', ')})` : ''}`);
    return { previousReviewId: previous.id, lastTime: Object.fromEntries(agreed.map((a) => [a.statementId, { level: labelOf(framework, a.value), open: open(a.statementId) }])) };
  }

  /** The channel's review of the same framework and variant completed before this one, if any. */
  async previous(tenantId: string, review: Doc<Review>): Promise<Doc<Review> | undefined> {
    return (await this.reviews.historyOf(tenantId, placeOfReview(review))).find((r) => r.id !== review.id && r.status === 'complete' && r.frameworkId === review.frameworkId && r.variant === review.variant && r.createdAt <= review.createdAt);
  }
}

const toAgreed = (a: AgreedDoc): Agreed => ({ statementId: a.statementId, value: a.value, ...(a.action ? { action: a.action } : {}), ...(a.owner ? { owner: a.owner } : {}) });

const commentsOf = (review: Review, answers: AnswerDoc[]): Comment[] =>
  answers.filter((a) => a.comment !== '').map((a) => ({ statementId: a.statementId, who: review.anonymous ? 'Anonymous' : a.name, comment: a.comment }));
