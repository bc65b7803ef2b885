import { DomainError } from '../errors.js';
import { CardTooLargeError } from './cards.js';
import { ConcurrencyError } from '../store/port.js';
import type { Reply } from '../features/ports.js';
import { noticeCard } from '../features/core/view.js';
import type { Logger } from '../log.js';

/**
 * The one place a failure becomes what the user sees. Domain errors carry their own message (and
 * change nothing); anything else is logged with the activity id and the user is told to check
 * what took effect.
 */
export function replyForError(error: unknown, log: Logger, fields: Record<string, unknown>): Reply {
  if (error instanceof DomainError) {
    log.info({ ...fields, code: error.code }, 'request refused');
    return noticeCard('That did not work', error.userMessage, 'attention', error.next ? [error.next] : []);
  }
  if (error instanceof CardTooLargeError) {
    // A card that would pass Teams' size limit: what was asked for is too much to show at once.
    log.warn({ ...fields, err: error }, 'card too large to send');
    return noticeCard('Too much to show', 'That is more than one card can show. Narrow it down (search for fewer people, or shorten what you typed) and try again.', 'attention');
  }
  if (error instanceof ConcurrencyError) {
    // The retry budget ran out against other writers: say so, rather than "something went wrong".
    log.warn({ ...fields, err: error }, 'write conflict persisted');
    return noticeCard('Someone else was changing this', 'Someone else changed this at the same moment, so nothing was saved. Please try again.', 'attention');
  }
  log.error({ ...fields, err: error }, 'unexpected error in turn');
  return noticeCard(
    'Sorry, something went wrong',
    // Not "nothing was saved": an unexpected failure can come after something was done (a message
    // sent, a role granted), and the person must not be told otherwise.
    `Part of it may not have been done. Check before trying again; if it keeps happening, tell your coordinator and quote ${String(fields.activityId ?? 'this time')}.`,
    'attention',
  );
}

/** For Action.Execute: a short message keeps the card the user was looking at in place. */
export function messageForError(error: unknown, log: Logger, fields: Record<string, unknown>): string {
  const reply = replyForError(error, log, fields);
  return 'card' in reply ? `${String(reply.data.title)}: ${String(reply.data.message)}` : reply.text;
}
