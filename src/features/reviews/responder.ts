import { createHash } from 'node:crypto';
import type { Review } from './model.js';

/** How a person appears in stored answers: their id, or in anonymous reviews a salted hash. */
export function responderKey(review: Pick<Review, 'anonymous' | 'salt'>, userId: string): string {
  return review.anonymous ? createHash('sha256').update(`${review.salt}:${userId}`).digest('hex').slice(0, 32) : userId;
}
