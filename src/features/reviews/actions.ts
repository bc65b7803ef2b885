import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../../clock.js';
import { ChangedMeanwhileError, ForbiddenError, FormError, NotFoundError } from '../../errors.js';
import type { Jobs } from '../../jobs/jobs.js';
import type { Collection, Doc } from '../../store/collection.js';
import { addDays, isCalendarDate, londonDate, londonToUtc } from '../../time.js';
import { tooLong } from '../inputs.js';
import type { FanOuts } from '../fanout.js';
import type { Actor, Reply } from '../ports.js';
import { actionReminders, isOpen, isOverdue, REMIND_DAYS_BEFORE, type ActionStatus } from './cycle.js';
import { statementsFor } from './framework.js';
import { ACTION_STATUSES, ActionDoc, inReview, type ActionFields, type Review } from './model.js';
import type { ReviewService } from './service.js';

/** What the lead gives for one action (from the agreement card or the action form). */
export type ActionInput = ActionFields;

export const WHAT_MAX = 500;
export const OWNER_MAX = 200;
export const NOTE_MAX = 500;

/** Why an owner is written to, on the day it goes. */
export type ActionNotice = 'week-before' | 'due-day' | 'overdue';

export interface ActionCards {
  /** To the owner (or the lead, for an owner outside Teams): the action, its due date and buttons for its status. */
  due(review: Doc<Review>, action: Doc<ActionDoc>, kind: 'week-before' | 'due-day'): Reply;
  /** To the lead, once, the day after an action fell due and was still open. */
  overdue(review: Doc<Review>, action: Doc<ActionDoc>): Reply;
}

/** The day's reminders for a tenant: `date` is the London date the job runs for, at 09:00. */
const Payload = z.object({ date: z.string() });

/**
 * A review's action plan: actions with an owner, a due date, a status and a note, one document
 * each in the review's partition. The lead records them (at the agreement, or later from the
 * plan); the owner and the lead update their status. Its owner is reminded 7 days before and
 * on the day (09:00 London), and the lead is told once, the day after it fell due, if it is still
 * open. This is one daily job per tenant, on each day some action needs it: at 09:00 it finds the
 * open actions due in 7 days, today or yesterday, in every review of the tenant, and sends each
 * review's reminders as one durable fan-out (paced, each delivery once under its key). An action
 * whose due date moved or that was done or dropped meanwhile is simply not found.
 */
export class ActionPlan {
  constructor(private readonly deps: { reviews: ReviewService; actions: Collection<typeof ActionDoc>; jobs: Jobs; clock: Clock; fanOuts: FanOuts; cards: ActionCards }) {
    deps.jobs.register('reviews.actionsDaily', Payload, async ({ tenantId, payload, heartbeat }) => this.daily(tenantId, payload.date, heartbeat));
  }

  /** The review's actions, oldest first. */
  async list(tenantId: string, reviewId: string): Promise<Doc<ActionDoc>[]> {
    return this.deps.actions.all(inReview(tenantId, reviewId), { orderBy: [{ field: 'createdAt', direction: 'asc' }] });
  }

  async get(tenantId: string, reviewId: string, actionId: string): Promise<Doc<ActionDoc>> {
    const found = (await this.deps.actions.get(inReview(tenantId, reviewId), actionId))?.doc;
    if (!found) throw new NotFoundError('That action is no longer in the plan: it may have been removed.');
    return found;
  }

  /** The field problems of one action, by field (`what`, `owner`, `due`, `note`, `statement`); none when it can be saved. */
  problems(review: Review, input: ActionInput, before?: ActionDoc): Record<string, string> {
    const errors: Record<string, string> = {};
    const framework = this.deps.reviews.framework(review.frameworkId);
    const statement = framework.themes.flatMap((t) => statementsFor(t, review.variant)).find((s) => s.id === input.statementId);
    if (!statement) errors.statement = 'Choose the statement this action is for.';
    if (input.what.trim() === '') errors.what = 'Say what the action is.';
    else if (input.what.length > WHAT_MAX) errors.what = tooLong('the action', WHAT_MAX);
    if (input.ownerName.length > OWNER_MAX) errors.owner = tooLong('the owner’s name', OWNER_MAX);
    if (input.note.length > NOTE_MAX) errors.note = tooLong('the note', NOTE_MAX);
    if (input.due !== '') {
      if (!isCalendarDate(input.due)) errors.due = 'Choose the due date as a date.';
      // A date already passed may stay as it was (the action is overdue), but is never newly set.
      else if (input.due < londonDate(this.deps.clock.now()) && input.due !== before?.due) errors.due = 'The due date cannot be in the past.';
    }
    if (!ACTION_STATUSES.includes(input.status)) errors.status = 'Choose a status.';
    return errors;
  }

  /**
   * The lead saves an action: a new one (`actionId` undefined), or a change to one, made only from
   * the state the form was drawn from (`etag`), so two edits at once cannot overwrite each other.
   */
  async save(actor: Actor, review: Doc<Review>, actionId: string | undefined, input: ActionInput, updatedAt?: string): Promise<Doc<ActionDoc>> {
    this.deps.reviews.requireLead(actor, review);
    const scope = inReview(actor.tenantId, review.id);
    const before = actionId ? (await this.deps.actions.get(scope, actionId))?.doc : undefined;
    if (actionId && !before) throw new NotFoundError('That action is no longer in the plan: it may have been removed.');
    const errors = this.problems(review, input, before);
    if (Object.keys(errors).length > 0) throw new FormError(errors);
    const themeId = this.themeOf(review, input.statementId);
    const body = { ...clean(input), themeId };
    let saved: Doc<ActionDoc>;
    if (!actionId) saved = (await this.deps.actions.create(scope, `action:${randomUUID()}`, body)).doc;
    else {
      const updated = await this.deps.actions.update(scope, actionId, (current) => {
        if (!current) return undefined;
        if (updatedAt && current.updatedAt !== updatedAt) throw new ChangedMeanwhileError('this action');
        return body;
      });
      saved = updated!.doc;
    }
    await this.schedule(actor.tenantId, saved);
    return saved;
  }

  /**
   * The actions typed on the agreement card, one per statement (`action:<statementId>:agreed`):
   * agreeing again changes its words, owner and due date and keeps its status and note; a
   * statement agreed again with no action loses the one it had.
   */
  async fromAgreement(tenantId: string, review: Doc<Review>, rows: ActionInput[], statementIds: string[]): Promise<void> {
    const scope = inReview(tenantId, review.id);
    for (const statementId of statementIds) {
      const id = `action:${statementId}:agreed`;
      const row = rows.find((r) => r.statementId === statementId && r.what.trim() !== '');
      if (!row) {
        await this.deps.actions.delete(scope, id);
        continue;
      }
      const themeId = this.themeOf(review, statementId);
      const updated = await this.deps.actions.update(scope, id, (current) => ({ ...clean(row), themeId, status: current?.status ?? 'not-started', note: current?.note ?? '' }));
      await this.schedule(tenantId, updated!.doc);
    }
  }

  /** The field problems of the actions typed at an agreement, by statement; none when all can be saved. */
  agreementProblems(review: Doc<Review>, rows: ActionInput[]): string[] {
    return rows.flatMap((row) => {
      const { statement: _s, what: _w, ...rest } = this.problems(review, { ...row, what: row.what.trim() === '' ? 'x' : row.what });
      return Object.values(rest).map((message) => `${this.statementText(review, row.statementId)}: ${message}`);
    });
  }

  /**
   * The owner (from a reminder in their personal chat, or the channel) or the lead sets an
   * action's status and, optionally, its progress note. Setting the status it already has with
   * the same note changes nothing, so a repeated click is harmless.
   */
  async setStatus(actor: Actor, review: Doc<Review>, actionId: string, status: ActionStatus, note: string | undefined): Promise<{ action: Doc<ActionDoc>; changed: boolean }> {
    const action = await this.get(actor.tenantId, review.id, actionId);
    const owner = action.ownerId !== '' && action.ownerId === actor.userId;
    if (!owner) this.deps.reviews.requireLead(actor, review);
    if (note !== undefined && note.length > NOTE_MAX) throw new FormError({ note: tooLong('the note', NOTE_MAX) });
    let changed = false;
    const updated = await this.deps.actions.update(inReview(actor.tenantId, review.id), actionId, (current) => {
      changed = false;
      if (!current) return undefined;
      const nextNote = note === undefined ? current.note : note.trim();
      if (current.status === status && current.note === nextNote) return undefined;
      changed = true;
      return { ...current, status, note: nextNote };
    });
    const after = updated?.doc ?? action;
    if (changed) await this.schedule(actor.tenantId, after);
    return { action: after, changed };
  }

  /** Makes sure the daily job runs on each day this action needs: 7 days before and on its due date, and the day after. */
  private async schedule(tenantId: string, action: Doc<ActionDoc>): Promise<void> {
    if (action.due === '' || !isOpen(action.status)) return;
    const now = this.deps.clock.now();
    const days = [...actionReminders(action.due, action.status, now).map((r) => londonDate(r.at)), addDays(action.due, 1)];
    for (const date of days) {
      const at = londonToUtc(date, '09:00');
      if (at > now) await this.deps.jobs.schedule(tenantId, at, 'reviews.actionsDaily', { date }, `reviews.actionsDaily:${tenantId}:${date}`);
    }
  }

  /** Whether an action is overdue today (London). */
  overdue(action: ActionDoc): boolean {
    return isOverdue(action, londonDate(this.deps.clock.now()));
  }

  /**
   * One day's reminders in a tenant: for each review, its open actions due in 7 days or today go to
   * their owners (an owner outside Teams: to the lead), and those that fell due yesterday to the
   * lead. Each review's go as one fan-out.
   */
  private async daily(tenantId: string, date: string, heartbeat: () => Promise<void>): Promise<void> {
    const kinds = new Map<string, ActionNotice>([[addDays(date, REMIND_DAYS_BEFORE), 'week-before'], [date, 'due-day'], [addDays(date, -1), 'overdue']]);
    for (const review of await this.deps.reviews.all(tenantId)) {
      const due = await this.deps.actions.all(inReview(tenantId, review.id), { where: [{ field: 'due', op: 'in', value: [...kinds.keys()] }, { field: 'status', op: 'in', value: ['not-started', 'in-progress'] }] });
      const mailings = due.flatMap((action) => {
        const kind = kinds.get(action.due)!;
        const to = kind === 'overdue' || action.ownerId === '' ? review.leadUserId : action.ownerId;
        if (to === '') return []; // the lead deleted their data: nobody to tell
        const reply = kind === 'overdue' ? this.deps.cards.overdue(review, action) : this.deps.cards.due(review, action, kind);
        return [{ key: `reviews.actionDue:${action.id}:${kind}:${action.due}`, reply, people: [{ userId: to, name: '' }] }];
      });
      if (mailings.length > 0) await this.deps.fanOuts.enqueue(tenantId, mailings, 'action reminders', `reviews.actions:${review.id}:${date}`);
      await heartbeat();
    }
  }

  private themeOf(review: Review, statementId: string): string {
    const framework = this.deps.reviews.framework(review.frameworkId);
    const theme = framework.themes.find((t) => statementsFor(t, review.variant).some((s) => s.id === statementId));
    if (!theme) throw new ForbiddenError('That statement is not part of this review. Nothing was changed.');
    return theme.id;
  }

  private statementText(review: Review, statementId: string): string {
    const framework = this.deps.reviews.framework(review.frameworkId);
    const text = framework.themes.flatMap((t) => statementsFor(t, review.variant)).find((s) => s.id === statementId)?.text ?? statementId;
    return text.length > 60 ? `${text.slice(0, 57)}…` : text;
  }
}

const clean = (input: ActionInput) => ({ statementId: input.statementId, what: input.what.trim(), ownerId: input.ownerId, ownerName: input.ownerName.trim(), due: input.due, status: input.status, note: input.note.trim() });
