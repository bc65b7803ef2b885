import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Services } from '../../compose.js';
import { Collection } from '../../store/collection.js';
import { loadFrameworks } from './framework.js';
import { reviewCollections } from './store.js';
import { AgreementService } from './agreement.js';
import { ReviewService } from './service.js';
import { ReviewAnswers } from './answers.js';
import { rekeyAnonymousReviews } from './rekey.js';
import { ReviewReminders } from './reminders.js';
import { deadlinePassedText, nudgeText, reminderText } from './view.js';
import type { Outreach } from '../ports.js';
import type { FanOuts } from '../fanout.js';
import { SharedCard, SharedCards } from '../shared-cards.js';
import { formatDate, londonDate } from '../../time.js';
import { noticeCard } from '../core/view.js';
import { NextReviews } from './next.js';
import { NetworkShares } from './network.js';
import { ActionPlan } from './actions.js';
import { actionStatusCard } from './action-view.js';
import { isOverdue } from './cycle.js';
import type { ActionDoc } from './model.js';

export interface Reviews {
  service: ReviewService;
  answers: ReviewAnswers;
  agreement: AgreementService;
  reminders: ReviewReminders;
  plan: ActionPlan;
  next: NextReviews;
  network: NetworkShares;
  /** The themes' channel cards, kept from going back to an older state. */
  cards: SharedCards;
  /** The one-off migration of anonymous reviews from a stored salt to ANONYMITY_KEY (see rekey.ts). */
  rekeyAnonymous: () => Promise<number>;
}

/** frameworks/ at the project root, from src/ (tests) or dist/src/ (build). */
function frameworksDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'frameworks'))) return join(dir, 'frameworks');
    dir = dirname(dir);
  }
  throw new Error('frameworks/ folder not found');
}

export function createReviews(services: Services, outreach: Outreach, fanOuts: FanOuts): Reviews {
  const { store, clock, log, jobs } = services;
  const loaded = loadFrameworks(frameworksDir());
  for (const rejected of loaded.rejected) log.error({ file: rejected.file, problems: rejected.problems.length }, 'framework file not loaded: run npm run framework:check on it');
  const collections = reviewCollections(store, clock);

  const service = new ReviewService({ ...collections, frameworks: loaded.frameworks, clock });
  const answers = new ReviewAnswers(service, { answers: collections.answers, responders: services.responders });
  const frameworkOf = (id: string) => service.framework(id);
  const reminders = new ReviewReminders(
    { reviews: service, answers, outreach, fanOuts, jobs, clock },
    {
      reminder: (review, themeIds) => reminderText(review, frameworkOf(review.frameworkId), themeIds),
      deadlinePassed: (review, counts) => deadlinePassedText(review, frameworkOf(review.frameworkId), counts),
      nudge: (review, themeIds) => nudgeText(review, frameworkOf(review.frameworkId), themeIds),
    },
  );
  const overdue = (a: ActionDoc) => isOverdue(a, londonDate(clock.now()));
  const plan = new ActionPlan({
    reviews: service,
    actions: collections.actions,
    jobs,
    clock,
    fanOuts,
    cards: {
      due: (review, action, kind) =>
        actionStatusCard(review, frameworkOf(review.frameworkId), action, {
          title: kind === 'due-day' ? 'An action is due today' : 'An action is due in 7 days',
          intro: action.ownerId === '' ? `${action.ownerName || 'Nobody'} owns this action but is not in Teams, so Headway reminds you as the review’s lead. Update its status here when you hear.` : 'You own this action in your team’s review. Update its status here: the team’s action plan in the channel changes too.',
          overdue: false,
        }),
      overdue: (review, action) => actionStatusCard(review, frameworkOf(review.frameworkId), action, { title: 'An action is overdue', intro: `This action was due yesterday and is still ${action.status === 'in-progress' ? 'in progress' : 'not started'}. You are told once, as the review’s lead.`, overdue: overdue(action) }),
    },
  });
  const agreement = new AgreementService(service, { ...collections, clock });
  const cards = new SharedCards({ cards: new Collection(store, clock, 'sharedCard', SharedCard), outreach, clock, log: log.child({ component: 'shared-cards' }) });
  return {
    service,
    answers,
    agreement,
    network: new NetworkShares({ shares: collections.shares, reviews: service, agreement, roles: services.roles, clock }),
    reminders,
    plan,
    next: new NextReviews({
      reviews: service,
      docs: collections.reviews,
      jobs,
      clock,
      outreach,
      reminder: (review) =>
        noticeCard(
          'Your next review is due in two weeks',
          `The ${frameworkOf(review.frameworkId).title} review your team completed ${review.completedAt ? `on ${formatDate(londonDate(new Date(review.completedAt)))} ` : ''}is next due on ${formatDate(review.nextDue!)}. To repeat it, mention @Headway with review start in your team's channel and choose Repeat the last review: the same framework, variant, anonymity and theme owners, with last time's levels and open actions under each statement.`,
        ),
    }),
    cards,
    rekeyAnonymous: () => rekeyAnonymousReviews(collections, services.responders, log.child({ component: 'migration' })),
  };
}

