import type { Clock } from '../../clock.js';
import { Collection } from '../../store/collection.js';
import type { DocumentStore } from '../../store/port.js';
import { Attendance, Facilitator, Grouping, LeftTicket, Programme, QueueCounter, Registration, Rsvp, Seat, Session } from './model.js';

/** Every coaching document type, as typed collections on the shared store. */
export function coachingCollections(store: DocumentStore, clock: Clock) {
  return {
    programmes: new Collection(store, clock, 'coachingProgramme', Programme),
    registrations: new Collection(store, clock, 'coachingRegistration', Registration),
    facilitators: new Collection(store, clock, 'coachingFacilitator', Facilitator),
    groupings: new Collection(store, clock, 'coachingGrouping', Grouping),
    sessions: new Collection(store, clock, 'coachingSession', Session),
    rsvps: new Collection(store, clock, 'coachingRsvp', Rsvp),
    attendance: new Collection(store, clock, 'coachingAttendance', Attendance),
    seats: new Collection(store, clock, 'coachingSeat', Seat),
    counters: new Collection(store, clock, 'coachingQueue', QueueCounter),
    left: new Collection(store, clock, 'coachingLeftTicket', LeftTicket),
  };
}
export type CoachingCollections = ReturnType<typeof coachingCollections>;
