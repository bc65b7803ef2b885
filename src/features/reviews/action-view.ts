import type { Doc } from '../../store/collection.js';
import { formatDate, formatShortDate } from '../../time.js';
import { fieldMessages } from '../inputs.js';
import type { CardReply } from '../ports.js';
import type { ActionStatus } from './cycle.js';
import { statementsFor, type Framework } from './framework.js';
import type { ActionDoc, ActionFields, Review } from './model.js';
import { splitBySize } from '../../size.js';
import type { ShareOutRoster } from './view.js';

/** The action plan's cards: the plan (in the channel), the lead's form, and the owner's reminder with its status buttons. */

export const STATUS_LABEL: Record<ActionStatus, string> = { 'not-started': 'Not started', 'in-progress': 'In progress', done: 'Done', dropped: 'Dropped' };
const statusChoices = Object.entries(STATUS_LABEL).map(([value, title]) => ({ title, value }));

export type PlanView = 'all' | 'mine' | 'overdue';

/** "Owner: Ben Carter · due Thursday 4 March 2027 · In progress" (overdue said so). */
export function actionFacts(action: ActionDoc, overdue: boolean): string {
  const owner = action.ownerName !== '' ? `Owner: ${action.ownerName}${action.ownerId === '' ? ' (not in Teams)' : ''}` : 'No owner yet';
  const due = action.due === '' ? 'no due date' : `${overdue ? 'overdue: was due' : 'due'} ${formatDate(action.due)}`;
  return `${owner} · ${due} · ${STATUS_LABEL[action.status]}`;
}

/** How much of a plan card its sections may take; the CSV has everything. */
const PLAN_BUDGET_BYTES = 36 * 1024;

/**
 * The plan, theme by theme, in one of three views: every action, the viewer's own, or the
 * overdue ones. Everyone in the channel sees the same shared card; Mine and Overdue are drawn for
 * whoever clicks (the card that comes back to them has no refresh, so nobody else's view changes).
 */
export function planCard(review: Doc<Review>, framework: Framework, actions: Doc<ActionDoc>[], options: { view: PlanView; viewerId?: string; overdue: (a: ActionDoc) => boolean; csvUrl: string; message?: string; tone?: 'good' | 'attention' }): CardReply {
  const shown = actions.filter((a) => (options.view === 'mine' ? a.ownerId !== '' && a.ownerId === options.viewerId : options.view === 'overdue' ? options.overdue(a) : true));
  const sections = framework.themes
    .map((theme) => ({
      title: theme.title,
      actions: shown.filter((a) => a.themeId === theme.id).map((a) => ({ what: a.what, facts: actionFacts(a, options.overdue(a)), late: options.overdue(a), note: a.note === '' ? '' : `Progress: ${a.note}` })),
    }))
    .filter((s) => s.actions.length > 0);
  const fitted = splitBySize(sections, PLAN_BUDGET_BYTES)[0] ?? [];
  const done = actions.filter((a) => a.status === 'done').length;
  const late = actions.filter((a) => options.overdue(a)).length;
  const heading = { all: 'Every action, theme by theme', mine: 'Your actions', overdue: 'Overdue actions' }[options.view];
  const empty = {
    all: 'No actions yet. The lead records them when the team agrees each theme, or with Add an action.',
    mine: 'You own none of this review’s actions.',
    overdue: 'Nothing is overdue.',
  }[options.view];
  return {
    card: 'reviews/actions',
    data: {
      reviewId: review.id,
      title: `Action plan: ${framework.title}`,
      subtitle: `Led by ${review.leadName} · ${actions.length} ${actions.length === 1 ? 'action' : 'actions'}: ${done} done${late > 0 ? `, ${late} overdue` : ''}`,
      heading,
      message: options.message ?? '',
      messageColor: options.tone === 'attention' ? 'Attention' : 'Good',
      empty: shown.length === 0 ? empty : '',
      sections: fitted,
      more: fitted.length < sections.length ? `… and ${sections.length - fitted.length} more themes: the whole plan is in the CSV.` : '',
      choices: actions.map((a) => ({ title: a.what.length > 60 ? `${a.what.slice(0, 57)}…` : a.what, value: a.id })),
      hasActions: actions.length > 0,
      csvUrl: options.csvUrl,
    },
  };
}

/** What the lead's form shows: an action's fields as typed. */
export type ActionForm = ActionFields;

/** The lead's form for a new action or a change to one; the owner is found in the team, or typed for someone outside Teams. */
export function actionFormCard(review: Doc<Review>, framework: Framework, form: ActionForm, options: { actionId?: string; updatedAt?: string; roster: ShareOutRoster; errors?: Record<string, string>; message?: string }): CardReply {
  const errors = options.errors ?? {};
  const people = options.roster.shown.some((p) => p.userId === form.ownerId) || form.ownerId === '' ? options.roster.shown : [{ userId: form.ownerId, name: form.ownerName }, ...options.roster.shown];
  return {
    card: 'reviews/action-form',
    data: {
      reviewId: review.id,
      actionId: options.actionId ?? '',
      updatedAt: options.updatedAt ?? '',
      title: options.actionId ? 'Change an action' : 'Add an action',
      subtitle: `${framework.title} action plan`,
      message: options.message ?? (Object.keys(errors).length > 0 ? 'Nothing was saved: see the fields marked below.' : ''),
      messageColor: Object.keys(errors).length > 0 ? 'Attention' : 'Good',
      statements: framework.themes.flatMap((t, i) => statementsFor(t, review.variant).map((s) => ({ title: `Theme ${i + 1}: ${s.text.length > 70 ? `${s.text.slice(0, 67)}…` : s.text}`, value: s.id }))),
      ...form,
      ownerTyped: form.ownerId === '' ? form.ownerName : '',
      people,
      find: options.roster.find,
      findNote: options.roster.note,
      statusChoices,
      err: fieldMessages(['statement', 'what', 'owner', 'due', 'note'], errors),
    },
  };
}

/** An action on its own, with buttons for its status: the owner's reminder, the lead's overdue note, or a status update. */
export function actionStatusCard(review: Doc<Review>, framework: Framework, action: Doc<ActionDoc>, options: { title: string; intro: string; overdue: boolean; message?: string; noteError?: string }): CardReply {
  const theme = framework.themes.find((t) => t.id === action.themeId);
  const statement = theme ? statementsFor(theme, review.variant).find((s) => s.id === action.statementId) : undefined;
  return {
    card: 'reviews/action-status',
    data: {
      reviewId: review.id,
      actionId: action.id,
      title: options.title,
      intro: options.intro,
      what: action.what,
      facts: [
        { title: 'Review', value: `${framework.title}, led by ${review.leadName}` },
        { title: 'Theme', value: theme?.title ?? '' },
        { title: 'Statement', value: statement?.text ?? '' },
        { title: 'Owner', value: action.ownerName || 'No owner yet' },
        { title: 'Due', value: action.due === '' ? 'No due date' : `${formatDate(action.due)}${options.overdue ? ' (overdue)' : ''}` },
        { title: 'Status', value: STATUS_LABEL[action.status] },
      ],
      note: action.note,
      err: { note: options.noteError ?? '' },
      message: options.message ?? '',
      messageColor: options.noteError ? 'Attention' : 'Good',
      statuses: statusChoices.filter((s) => s.value !== action.status),
    },
  };
}

/** The plan as rows for the CSV: every action, with its theme, statement and dates as Excel reads them. */
export function planRows(review: Review, framework: Framework, actions: ActionDoc[], overdue: (a: ActionDoc) => boolean): string[][] {
  const header = ['Theme', 'Statement', 'Action', 'Owner', 'Due', 'Status', 'Overdue', 'Progress note'];
  const rows = framework.themes.flatMap((theme) =>
    actions
      .filter((a) => a.themeId === theme.id)
      .map((a) => [theme.title, statementsFor(theme, review.variant).find((s) => s.id === a.statementId)?.text ?? '', a.what, a.ownerName, a.due === '' ? '' : formatShortDate(a.due), STATUS_LABEL[a.status], overdue(a) ? 'Yes' : 'No', a.note]),
  );
  return [header, ...rows];
}
