import type { Services } from '../../compose.js';
import { moveLegacyPlaces } from './legacy-places.js';
import { noticeCard } from '../core/view.js';
import type { FanOuts } from '../fanout.js';
import type { Outreach } from '../ports.js';
import { JoiningService } from './joining.js';
import { GroupService } from './groups.js';
import { coachingCollections } from './store.js';
import { reminderCard, resourcesCard, rollupCard, sessionInviteCard } from './session-view.js';
import { SessionService } from './sessions.js';
import { AttendanceService } from './attendance.js';
import { ProgrammeService } from './programme.js';
import { joinResultCard } from './view.js';

export interface Coaching {
  programmes: ProgrammeService;
  joining: JoiningService;
  groups: GroupService;
  sessions: SessionService;
  attendance: AttendanceService;
  /** The one-off migration of programmes set up before seats (see legacy-places.ts). */
  moveLegacyPlaces: () => Promise<number>;
}

export type LinkMaker = (tenantId: string, name: string, params: Record<string, string>) => Promise<string>;

export function createCoaching(services: Services, outreach: Outreach, fanOuts: FanOuts, link: LinkMaker): Coaching {
  const { store, clock } = services;
  const { programmes, registrations, facilitators, groupings, sessions, rsvps, attendance, seats, counters, left } = coachingCollections(store, clock);
  const sessionService = new SessionService(
    {
      programmes, registrations, groupings, sessions, rsvps, roles: services.roles, outreach, fanOuts, jobs: services.jobs, clock,
      calendarLink: (tenantId, programmeId, sessionId) => link(tenantId, 'coaching-session', { programmeId, sessionId }),
    },
    { invitation: sessionInviteCard, reminder: reminderCard, rollup: rollupCard },
  );
  return {
    moveLegacyPlaces: () => moveLegacyPlaces({ programmes, registrations, seats, counters }, clock, services.log.child({ component: 'migration' })),
    programmes: new ProgrammeService(programmes, services.roles, clock),
    groups: new GroupService({ programmes, registrations, facilitators, groupings, roles: services.roles, people: services.people, refs: services.refs, outreach, fanOuts }),
    sessions: sessionService,
    attendance: new AttendanceService({ sessions: sessionService, sessionDocs: sessions, attendance, outreach, clock, resources: resourcesCard }),
    joining: new JoiningService(
      {
        programmes, registrations, outreach, fanOuts, roles: services.roles, jobs: services.jobs, clock,
        seats,
        counters,
        left,
      },
      {
        placeOffered: (programme, registration) => joinResultCard({ kind: 'offered', registration, position: 0, programme }),
        offerLapsed: (programme) =>
          noticeCard('Your offered place has passed on', `You did not accept the place on ${programme.fields.name} in time, so it has been offered to the next person. Contact ${programme.fields.contactEmail} if you still want to take part.`),
      },
    ),
  };
}
