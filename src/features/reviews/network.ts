import { createHash } from 'node:crypto';
import type { Clock } from '../../clock.js';
import type { Collection } from '../../store/collection.js';
import type { RoleService } from '../core/service.js';
import type { Actor } from '../ports.js';
import type { AgreementService } from './agreement.js';
import { networkView, type NetworkTheme } from './cycle.js';
import type { Framework } from './framework.js';
import { NETWORK, NetworkShare, type Review } from './model.js';
import type { ReviewService } from './service.js';

export interface NetworkView {
  /** The frameworks some school has shared. */
  frameworks: Framework[];
  framework: Framework | undefined;
  themes: NetworkTheme[];
  schools: number;
}

/**
 * The network view: schools whose lead chose to share put their agreed levels (never a name or an
 * answer) where the network's coordinators can see, per framework and theme, how many schools
 * stand at each level, once at least 5 have shared (see `networkView`). One share per school and
 * framework, replaced by its next completed review; the lead can withdraw it.
 */
export class NetworkShares {
  constructor(private readonly deps: { shares: Collection<typeof NetworkShare>; reviews: ReviewService; agreement: AgreementService; roles: RoleService; clock: Clock }) {}

  /** A school as the network knows it: a hash of its team (or, outside a team, its channel), never its name. */
  static schoolOf(review: Pick<Review, 'teamId' | 'conversationId'>): string {
    return createHash('sha256').update(review.teamId ?? review.conversationId).digest('hex').slice(0, 24);
  }

  private id(review: Review): string {
    return `share:${review.frameworkId}:${NetworkShares.schoolOf(review)}`;
  }

  /** Shares a completed review's levels, if its lead chose to; a review still open shares nothing. */
  async publish(tenantId: string, review: Review & { id: string }): Promise<boolean> {
    if (!review.share || review.status !== 'complete') return false;
    const { summary } = await this.deps.agreement.summary(tenantId, review.id);
    const scores = Object.fromEntries(summary.themes.map((t) => [t.themeId, t.score ?? null]));
    await this.deps.shares.upsert({ tenantId, partition: NETWORK }, this.id(review), { frameworkId: review.frameworkId, school: NetworkShares.schoolOf(review), reviewId: review.id, scores, sharedAt: this.deps.clock.now().toISOString() });
    return true;
  }

  /** Takes the school's levels for this framework out of the network view. */
  async withdraw(tenantId: string, review: Review): Promise<void> {
    await this.deps.shares.delete({ tenantId, partition: NETWORK }, this.id(review));
  }

  /** Whether this school's levels for the framework are in the network view now. */
  async isShared(tenantId: string, review: Review): Promise<boolean> {
    return (await this.deps.shares.get({ tenantId, partition: NETWORK }, this.id(review))) !== undefined;
  }

  /** For coordinators: the frameworks schools have shared, and for one of them where the schools stand. */
  async view(actor: Actor, frameworkId?: string): Promise<NetworkView> {
    await this.deps.roles.require(actor, 'coordinator');
    return this.read(actor.tenantId, frameworkId);
  }

  /** The same, for a signed export link (made only for a coordinator): the link is the authority. */
  async forLink(tenantId: string, frameworkId: string | undefined): Promise<NetworkView> {
    return this.read(tenantId, frameworkId);
  }

  private async read(tenantId: string, frameworkId: string | undefined): Promise<NetworkView> {
    const shares = await this.deps.shares.all({ tenantId, partition: NETWORK }, { orderBy: [{ field: 'sharedAt', direction: 'asc' }] });
    const frameworks = this.deps.reviews.frameworkList().filter((f) => shares.some((s) => s.frameworkId === f.id));
    const framework = frameworks.find((f) => f.id === frameworkId) ?? frameworks[0];
    if (!framework) return { frameworks, framework, themes: [], schools: 0 };
    const mine = shares.filter((s) => s.frameworkId === framework.id);
    const themes = networkView(framework, mine.map((s) => ({ schoolId: s.school, scores: Object.fromEntries(Object.entries(s.scores).map(([k, v]) => [k, v ?? undefined])) })));
    return { frameworks, framework, themes, schools: new Set(mine.map((s) => s.school)).size };
  }
}
