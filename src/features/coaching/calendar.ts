import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { FileBody } from '../../csv.js';
import type { Session } from './model.js';

/**
 * An RFC 5545 calendar file for one session, published (METHOD:PUBLISH): an event to add to a
 * calendar, not a meeting request. A REQUEST or CANCEL needs an ORGANIZER whom answers would go
 * to, and Outlook shows one without as a broken invitation. The UID stays the same for the life
 * of the session and SEQUENCE rises with each change, so calendars update the entry they already
 * have instead of adding another; a cancelled session is the same event with STATUS:CANCELLED.
 * Times are written in UTC.
 */
export function sessionCalendar(session: Session & { id: string }, details: { programme: string; tenantId: string; stamp: Date }): FileBody {
  const cancelled = session.status === 'cancelled';
  const calendar = ical({ prodId: { company: 'Headway', product: 'Coaching', language: 'EN' }, method: ICalCalendarMethod.PUBLISH });
  calendar.createEvent({
    id: `${session.id.replace(/[^\w:-]/g, '-')}.${details.tenantId}@headway`,
    sequence: session.sequence,
    stamp: details.stamp,
    start: new Date(session.startsAt),
    end: new Date(session.endsAt),
    summary: `${details.programme}: session ${session.index + 1}`,
    description: session.link ? `Join: ${session.link}` : 'The facilitator will share the meeting link.',
    ...(session.link ? { location: session.link, url: session.link } : {}),
    status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
  return { filename: `coaching-session-${session.index + 1}.ics`, contentType: 'text/calendar; charset=utf-8', body: calendar.toString() };
}
