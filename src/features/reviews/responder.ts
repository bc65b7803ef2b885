import { createHash, createHmac } from 'node:crypto';

/**
 * How a person appears in a review's stored answers: their id in a named review; in an anonymous
 * review an HMAC of the review and the person under ANONYMITY_KEY, a secret kept outside the store
 * (Key Vault in Azure, a file under .data locally). Someone with the whole database and every user
 * id cannot tie an answer to a person without the key; the bot can, to show people their own
 * answers. Keyed per review, so one person's answers in two reviews cannot be linked either.
 */
export class Responders {
  private readonly key: Buffer;

  constructor(key: string) {
    if (key.length < 32) throw new Error('ANONYMITY_KEY must be at least 32 characters');
    this.key = Buffer.from(key, 'utf8');
  }

  of(review: { id: string; anonymous: boolean }, userId: string): string {
    return review.anonymous ? createHmac('sha256', this.key).update(`${review.id}\n${userId}`).digest('hex').slice(0, 32) : userId;
  }
}

/** Before ANONYMITY_KEY: a hash of the person and a salt kept in the review itself (see the migration, reviews/rekey.ts). */
export function saltedResponder(salt: string, userId: string): string {
  return createHash('sha256').update(`${salt}:${userId}`).digest('hex').slice(0, 32);
}
