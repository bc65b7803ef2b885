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
    .map((feature) => ({
      title: FEATURE_TITLES[feature],
      commands: commands.filter((c) => c.feature === feature).map((c) => ({ usage: c.usage, summary: c.summary })),
    }))
    .filter((group) => group.commands.length > 0);
  const roleText = roles.size > 0 ? `You are a ${[...roles].sort().join(' and ')}.` : '';
  return {
    card: 'core/help',
    data: {
      intro: `Commands you can use in ${SCOPE_NAME[scope]}. ${roleText}`.trim(),
      groups,
      footer: scope === 'personal' ? 'Type a command as shown.' : 'Mention @Headway before the command, e.g. @Headway help.',
    },
  };
}

export type Tone = 'good' | 'attention' | 'default';

export function noticeCard(title: string, message: string, tone: Tone = 'default'): CardReply {
  return { card: 'core/notice', data: { title, message, color: tone === 'default' ? 'Default' : tone === 'good' ? 'Good' : 'Attention' } };
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
