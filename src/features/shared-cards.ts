import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../clock.js';
import { ConcurrencyError } from '../store/port.js';
import type { Logger } from '../log.js';
import type { Collection, Scope } from '../store/collection.js';
import type { Outreach, Reply } from './ports.js';

/**
 * One shared card's revision (a channel message everyone sees, such as a review theme's card).
 * Id `sharedCard:<hash of conversation and activity>`, in the partition of the work it shows.
 */
export const SharedCard = z.object({
  /** Goes up each time someone asks for the card to be brought up to date. */
  revision: z.number().int(),
  /** The last message a person's click put on the card ("Agreed and saved."), shown until the next. */
  note: z.string(),
  /** The one refresher sending updates now, and until when its turn holds (a dead instance's turn lapses). */
  holder: z.string().optional(),
  holdUntil: z.string().optional(),
});
export type SharedCard = z.infer<typeof SharedCard>;

/** How long one refresher's turn lasts without being given back: a render and one update. */
const TURN_MS = 30_000;

/**
 * Keeps a shared card from going back to an older state, on any instance.
 *
 * @remarks
 * Two instances moving one card on (live counts, a reveal) each render what they read and send
 * it; the sends can land in either order, so the card could show 30 answered after 60. Here
 * every refresh first bumps the card's revision; one refresher at a time holds the turn, renders
 * the card from the store as it stands, sends it, and gives the turn back only if the revision is
 * still the one it rendered (an ETag-guarded write). If someone bumped it meanwhile, their
 * change is newer than what was sent, so the holder renders and sends again. Whoever could not
 * take the turn just returns: the holder will send their state. So the last update to land is
 * always rendered after the last change, and a stale one is never the last.
 */
export class SharedCards {
  constructor(private readonly deps: { cards: Collection<typeof SharedCard>; outreach: Outreach; clock: Clock; log: Logger }) {}

  /**
   * Brings the card at `activityId` up to date: `render` draws it from the store as it stands now,
   * with the card's note. `note` replaces the note (omit it to keep the last one).
   */
  async refresh(scope: Scope, conversationId: string, activityId: string, render: (note: string) => Promise<Reply>, note?: string): Promise<void> {
    const id = `sharedCard:${createHash('sha256').update(`${conversationId}\n${activityId}`).digest('hex').slice(0, 32)}`;
    const me = randomUUID();
    const turnFree = (card: SharedCard | undefined) => !card?.holder || !card.holdUntil || card.holdUntil <= this.deps.clock.now().toISOString();
    const bumped = await this.deps.cards.update(scope, id, (current) => ({
      revision: (current?.revision ?? 0) + 1,
      note: note ?? current?.note ?? '',
      ...(turnFree(current) ? { holder: me, holdUntil: new Date(this.deps.clock.now().getTime() + TURN_MS).toISOString() } : { holder: current!.holder, holdUntil: current!.holdUntil }),
    }));
    if (bumped?.doc.holder !== me) return; // the holder sends our change with theirs
    // Ends when a round's send was the newest state: changes come from people, so they run out.
    for (;;) {
      const held = await this.deps.cards.get(scope, id);
      if (!held || held.doc.holder !== me) return; // our turn lapsed and someone else took it
      try {
        const outcome = await this.deps.outreach.update(scope.tenantId, conversationId, activityId, await render(held.doc.note));
        if (outcome !== 'sent') this.deps.log.warn({ outcome }, 'shared card: the update was not delivered');
      } catch (error) {
        await this.giveBack(scope, id, me);
        throw error;
      }
      try {
        await this.deps.cards.replace(held, { revision: held.doc.revision, note: held.doc.note });
        return;
      } catch (error) {
        if (!(error instanceof ConcurrencyError)) throw error;
        // Someone asked for a newer state while we sent: render again.
      }
    }
  }

  /** Gives the turn back whatever the revision, after an error. */
  private async giveBack(scope: Scope, id: string, me: string): Promise<void> {
    await this.deps.cards.update(scope, id, (current) => (current?.holder === me ? { revision: current.revision, note: current.note } : undefined));
  }
}
