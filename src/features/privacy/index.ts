import type { Services } from '../../compose.js';
import type { Coaching } from '../coaching/index.js';
import type { Outreach } from '../ports.js';
import { Erasure } from './erasure.js';
import { PersonalData } from './holdings.js';
import { ParticipantRequests } from './requests.js';
import { ProgrammeRetention } from './retention.js';
import { erasedCard, erasingCard, offerKeptCard } from './view.js';

/** What people and coordinators do with personal data, and what the system deletes on its own. */
export interface Privacy {
  /** `my data`: what is held about a person, and its export. */
  data: PersonalData;
  /** `delete my data`. */
  erasure: Erasure;
  /** `privacy find`: coordinators' requests for people not in Teams. */
  requests: ParticipantRequests;
  /** RETENTION_MONTHS: the daily clearing of finished programmes. */
  retention: ProgrammeRetention;
}

export function createPrivacy(services: Services, outreach: Outreach, coaching: Pick<Coaching, 'joining' | 'groups'>, retentionMonths: number): Privacy {
  return {
    data: new PersonalData(services),
    erasure: new Erasure({ ...services, outreach, coaching }, { erasing: erasingCard, erased: erasedCard, offerKept: offerKeptCard }),
    requests: new ParticipantRequests(services),
    retention: new ProgrammeRetention({ ...services, months: retentionMonths }),
  };
}
