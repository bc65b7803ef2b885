import { progressLines, type FanOutProgress, type NextStep } from '../fanout.js';
import type { CommandSpec, FeatureName } from '../router.js';
import type { CardReply, Role, Scope } from '../ports.js';
import type { KnownPerson } from './people.js';
import type { RoleHolder } from './service.js';

const FEATURE_TITLES: Record<FeatureName, string> = {
  core: 'Getting started',
  hosting: 'Hosting mock interviews',
  coaching: 'Early Headship Coaching',
  reviews: 'Maturity reviews',
};

const JOBS = [
  { name: 'Hosting', description: 'Volunteer your school to host mock leadership interviews; coordinators track offers and allocate participants.' },
  { name: 'Coaching', description: 'Check eligibility for the Early Headship Coaching Offer, join a peer group and RSVP to sessions.' },
  { name: 'Reviews', description: 'Run a maturity review theme by theme with your senior leadership team and agree where you stand.' },
];

const WELCOME: Record<Scope, { intro: string; hint: string }> = {
  personal: {
    intro: 'Headway supports school-leadership networks in England. In this chat you answer invitations, check eligibility and keep track of your sessions.',
    hint: 'Type help at any time to see the commands you can use here.',
  },
  groupChat: {
    intro: 'Headway is now in this group chat. It supports school-leadership networks in England.',
    hint: 'Mention @Headway with help to see the commands you can use here.',
  },
  channel: {
    intro: 'Headway is now in this team. Senior leadership teams can run maturity reviews in a channel, theme by theme.',
    hint: 'Mention @Headway with help in a channel to see the commands you can use there.',
  },
};

export function welcomeCard(scope: Scope, name?: string): CardReply {
  return {
    card: 'core/welcome',
    data: {
      title: scope === 'personal' && name ? `Welcome to Headway, ${name}` : 'Welcome to Headway',
      intro: WELCOME[scope].intro,
      jobs: JOBS,
      hint: WELCOME[scope].hint,
    },
  };
}

const SCOPE_NAME: Record<Scope, string> = { personal: 'this chat', groupChat: 'this group chat', channel: 'this channel' };

export function helpCard(commands: readonly CommandSpec<unknown>[], scope: Scope, roles: Set<Role>): CardReply {
  const order: FeatureName[] = ['core', 'hosting', 'coaching', 'reviews'];
  const groups = order
    .map((feature) => {
      const mine = commands.filter((c) => c.feature === feature);
      return {
        title: FEATURE_TITLES[feature],
        // A role's own actions before everyone's; rows of three, so none falls into Teams' "..." overflow (six actions a set).
        rows: inRows(
          [...mine.filter((c) => c.button !== undefined && c.audience !== 'everyone'), ...mine.filter((c) => c.button !== undefined && c.audience === 'everyone')].map((c) => ({ title: c.button, command: c.id })),
          3,
        ),
        commands: mine.map((c) => ({ usage: c.usage, summary: c.summary })),
      };
    })
    .filter((group) => group.commands.length > 0);
  const roleText = roles.size > 0 ? `You are a ${[...roles].sort().join(' and ')}.` : '';
  return {
    card: 'core/help',
    data: {
      intro: `Choose what you want to do in ${SCOPE_NAME[scope]}. ${roleText}`.trim(),
      groups: groups.filter((group) => group.rows.length > 0),
      typed: groups,
      // Reviews cannot be started here: say where they are (`review start` works in channels only).
      elsewhere: scope === 'personal' ? 'Maturity reviews run in your senior leadership team\'s channel: add Headway to the team, then type @Headway review start in the channel.' : '',
      footer: scope === 'personal' ? 'You can also type any command as shown.' : 'Mention @Headway before the command, e.g. @Headway help.',
    },
  };
}

/** Buttons in rows of `size`, each row one ActionSet: none falls into Teams' "..." overflow, and each fits a narrow pane. */
export function inRows<T>(items: T[], size: number): { buttons: T[] }[] {
  return chunk(items, size).map((buttons) => ({ buttons }));
}

function chunk<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

export type Tone = 'good' | 'attention' | 'default';

/** A step a notice offers as a button: a command that takes no arguments, run as if typed (see help). */
export interface NextCommand {
  title: string;
  command: string;
}

export function noticeCard(title: string, message: string, tone: Tone = 'default', next: NextCommand[] = []): CardReply {
  return { card: 'core/notice', data: { title, message, color: tone === 'default' ? 'Default' : tone === 'good' ? 'Good' : 'Attention', next } };
}

/** What a people picker shows: the matches for what was typed in its Find box (see `findNote`). */
export interface PeopleFound {
  find: string;
  people: KnownPerson[];
}

/** Under a picker's Find box: how many matched, or that nobody did. */
export function findNote(found: PeopleFound, limit = 20): string {
  if (found.find.trim() === '') return 'Teams suggests names as you type; you can also type part of a name above and choose Find.';
  if (found.people.length === 0) return `Nobody called "${found.find.trim()}" is known to Headway yet: they need to have chatted with it or be in a team where it is installed.`;
  return found.people.length >= limit ? `The first ${limit} matches for "${found.find.trim()}": type more of the name to narrow them.` : `${found.people.length} ${found.people.length === 1 ? 'match' : 'matches'} for "${found.find.trim()}": choose below.`;
}

export function rolesCard(holders: RoleHolder[], found: PeopleFound = { find: '', people: [] }, message = '', tone: Tone = 'good'): CardReply {
  const section = (role: Role, title: string, empty: string) => ({
    title,
    empty,
    holders: holders
      .filter((h) => h.role === role)
      .map((h) => ({
        ...h,
        label: h.fromConfig ? `${h.name} (from configuration)` : h.name,
        canRevoke: !h.fromConfig,
      })),
  });
  return {
    card: 'core/roles',
    data: {
      message,
      messageColor: tone === 'good' ? 'Good' : tone === 'attention' ? 'Attention' : 'Default',
      sections: [
        section('coordinator', 'Coordinators', 'No coordinators yet.'),
        section('facilitator', 'Facilitators', 'No facilitators yet.'),
      ],
      people: found.people,
      find: found.find,
      findNote: findNote(found),
    },
  };
}

/** Most people a progress card names as not reached; the rest are counted. */
const UNREACHED_SHOWN = 50;

/** A fan-out's progress and, at the end, its report (see fanout.ts). */
export function progressCard(progress: FanOutProgress, next?: NextStep, note = ''): CardReply {
  const { headline, detail, unreached } = progressLines(progress);
  const shown = unreached.slice(0, UNREACHED_SHOWN).map((text) => ({ text }));
  if (unreached.length > UNREACHED_SHOWN) shown.push({ text: `… and ${unreached.length - UNREACHED_SHOWN} more.` });
  return {
    card: 'core/progress',
    data: { headline, detail, note, unreached: shown, finished: progress.finished, next: next?.to ?? '', nextId: next?.id ?? '', nextGroupId: next?.groupId ?? '', colour: progress.finished && progress.unreached.length === 0 ? 'Good' : progress.finished ? 'Warning' : 'Default' },
  };
}

/**
 * The privacy notice in plain words: what is kept and why, who sees it, how long, and what a
 * person can do. It says only what the code does (see the README's personal data map).
 */
export function privacyCard(scope: Scope, coordinator = false, retentionMonths = 12): CardReply {
  const after = retentionMonths === 12 ? 'a year after' : `${retentionMonths} months after`;
  const sections = [
    {
      heading: 'What is kept, and why',
      text: 'Your name and Teams ids, so Headway can message you and coordinators can find you. For hosting: the invitations you were sent and your answer, your school’s offer (school, dates, panel names and roles) and, as a host, feedback you write on candidates. For coaching: your eligibility answers, school, local authority, work e-mail, place or waiting-list position, group, RSVPs and attendance. For reviews: your answers and comments, what the team agreed, and actions you own in its plan (with their due dates, status and progress notes).',
    },
    {
      heading: 'What is never asked or kept',
      text: 'Ethnicity, race, religion, health or any other special-category information: no card asks for it and no record has room for it.',
    },
    {
      heading: 'Who can see it',
      text: 'Your network’s coordinators run hosting and coaching, so they see offers, participants, registrations and groups. A coaching group is seen by its members, its facilitator and coordinators. A host sees the candidates placed with them; feedback on a candidate is seen only by them and the host who wrote it. Review answers stay private until the lead reveals a theme; the channel then sees the spread and comments, with names only in named reviews. In anonymous reviews nobody in the team is shown who answered what, and the answers are stored under a code that even someone holding Headway’s database cannot link to a person. A review’s lead may share the team’s agreed levels (never a name or an answer) with the network’s coordinators, who see them only counted with at least four other schools’. Nobody outside your organisation sees anything.',
    },
    {
      heading: 'How long',
      text: `${after[0]!.toUpperCase()}${after.slice(1)} a programme ends, its personal data is deleted: a hosting campaign (offers, participants, feedback) ${after} its interviews; a coaching cohort (registrations, groups, replies, attendance) ${after} its last session; a review’s individual answers and comments ${after} it is completed (what the team agreed stays: it describes the school, not a person). Records of what was sent to whom are deleted after 400 days, and timed tasks 30 days after they finish.`,
    },
    {
      heading: 'Seeing or deleting what is kept about you',
      text: 'Type my data in your personal chat with Headway to see everything it holds about you and download a copy; type delete my data to have it deleted (you confirm first). Where a record must stay for others it stays without your name: a school’s offer to host stays as the school’s, and the team’s agreed review responses stay. A coaching place you held goes to the next person waiting. Under UK GDPR you have the right to see your data and to have it deleted.',
    },
  ];
  return {
    card: 'core/privacy',
    data: {
      intro: scope === 'personal' ? 'Headway is your network’s app for hosting, coaching and reviews. Here is what it keeps about you.' : 'Headway is your network’s app for hosting, coaching and reviews. Here is what it keeps about the people who use it.',
      sections,
      personal: scope === 'personal',
      coordinator,
    },
  };
}
