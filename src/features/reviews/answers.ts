import type { Collection, Doc } from '../../store/collection.js';
import { InvalidInputError } from '../../errors.js';
import type { Actor } from '../ports.js';
import { answerProblems } from './checks.js';
import { statementsFor, type Framework } from './framework.js';
import { AnswerDoc, inReview, type Review } from './model.js';
import type { Responders } from './responder.js';
import type { ReviewService } from './service.js';
import { answeredCount, type Answer } from './tally.js';

export interface AnswerInput {
  statementId: string;
  value: string;
  comment?: string;
}

/**
 * Everyone's answers to the current theme: one document per person and statement, so concurrent
 * answers never collide and a repeated click changes nothing; checked against the review, the
 * theme and the scale. Also the live count and who has not answered yet (for reminders).
 */
export class ReviewAnswers {
  constructor(
    private readonly reviews: ReviewService,
    private readonly deps: { answers: Collection<typeof AnswerDoc>; responders: Responders },
  ) {}

  /** How a person appears in stored answers (see responder.ts). */
  responderKey(review: Doc<Review>, userId: string): string {
    return this.deps.responders.of(review, userId);
  }

  /** Saves (or changes) a person's answers on one theme; refused once the theme is revealed. Answers the review as checked. */
  async answer(actor: Actor, reviewId: string, themeId: string, answers: AnswerInput[]): Promise<{ saved: number; review: Doc<Review> }> {
    const review = await this.reviews.inChannel(actor, reviewId);
    const framework = this.reviews.framework(review.frameworkId);
    const theme = this.answerableTheme(review, framework, themeId);
    const problems = answerProblems(framework, statementsFor(theme, review.variant), answers);
    if (problems.length > 0) throw new InvalidInputError('Nothing was saved:', problems);
    const responder = this.responderKey(review, actor.userId);
    const scope = inReview(actor.tenantId, reviewId);
    await Promise.all(
      answers.map((a) => this.deps.answers.upsert(scope, `answer:${a.statementId}:${responder}`, { statementId: a.statementId, themeId, responder, name: review.anonymous ? '' : actor.name, value: a.value, comment: (a.comment ?? '').trim() })),
    );
    return { saved: answers.length, review };
  }

  /** A person's own answers on a theme (for their view of the card). */
  async mine(actor: Actor, review: Doc<Review>, themeId: string): Promise<Doc<AnswerDoc>[]> {
    return this.deps.answers.all(inReview(actor.tenantId, review.id), {
      where: [{ field: 'themeId', op: '=', value: themeId }, { field: 'responder', op: '=', value: this.responderKey(review, actor.userId) }],
    });
  }

  /** How many people have answered the theme so far: the live count, never who or what. */
  async answered(tenantId: string, review: Doc<Review>, themeId: string): Promise<number> {
    const answers = await this.deps.answers.all(inReview(tenantId, review.id), { where: [{ field: 'themeId', op: '=', value: themeId }] });
    return answeredCount([...new Set(answers.map((a) => a.statementId))], answers.map(toAnswer));
  }

  /**
   * Which of the given themes each person has not answered yet (no answer to any statement).
   * In anonymous reviews the bot matches people by the same keyed hash; nobody is shown who answered.
   */
  async unanswered(tenantId: string, review: Doc<Review>, themeIds: string[], userIds: string[]): Promise<Map<string, string[]>> {
    if (themeIds.length === 0) return new Map();
    const answers = await this.deps.answers.all(inReview(tenantId, review.id), { where: [{ field: 'themeId', op: 'in', value: themeIds }] });
    const answered = new Set(answers.map((a) => `${a.themeId}|${a.responder}`));
    return new Map(userIds.map((userId) => [userId, themeIds.filter((themeId) => !answered.has(`${themeId}|${this.responderKey(review, userId)}`))]));
  }

  private answerableTheme(review: Review, framework: Framework, themeId: string) {
    const theme = framework.themes.find((t) => t.id === themeId);
    if (!theme) throw new InvalidInputError('That theme is not part of this review. Nothing was saved.');
    if (review.status !== 'active') throw new InvalidInputError('This review is finished. Nothing was saved.');
    const status = review.themeStatus[themeId];
    if (status === 'revealed' || status === 'agreed') throw new InvalidInputError('The answers to this theme have been revealed, so they can no longer be changed. Nothing was saved.');
    return theme;
  }
}

export const toAnswer = (a: AnswerDoc): Answer => ({ statementId: a.statementId, responder: a.responder, value: a.value, comment: a.comment });
