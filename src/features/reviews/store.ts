import type { Clock } from '../../clock.js';
import { Collection } from '../../store/collection.js';
import type { DocumentStore } from '../../store/port.js';
import { ActionDoc, ActiveReviewLock, NetworkShare, AgreedDoc, AnswerDoc, RevealedAnswers, Review } from './model.js';

/** Every review document type, as typed collections on the shared store. */
export function reviewCollections(store: DocumentStore, clock: Clock) {
  return {
    reviews: new Collection(store, clock, 'review', Review),
    answers: new Collection(store, clock, 'reviewAnswer', AnswerDoc),
    agreed: new Collection(store, clock, 'reviewAgreed', AgreedDoc),
    locks: new Collection(store, clock, 'reviewActiveLock', ActiveReviewLock),
    actions: new Collection(store, clock, 'reviewAction', ActionDoc),
    shares: new Collection(store, clock, 'reviewNetworkShare', NetworkShare),
    snapshots: new Collection(store, clock, 'reviewRevealed', RevealedAnswers),
  };
}
export type ReviewCollections = ReturnType<typeof reviewCollections>;
