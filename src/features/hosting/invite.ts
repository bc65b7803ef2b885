import type { Clock } from '../../clock.js';
import { InvalidInputError } from '../../errors.js';
import type { Doc } from '../../store/collection.js';
import type { ConversationRefs } from '../../store/conversations.js';
import type { PeopleDirectory } from '../core/people.js';
import type { RoleService } from '../core/service.js';
import type { FanOuts } from '../fanout.js';
import type { Actor, Member, Outreach, Reply } from '../ports.js';
import { repliesClosed, type Campaign, type Invitee } from './model.js';
import { findCampaign, inCampaign, type HostingCollections } from './store.js';

export interface InviteTargets {
  teamId?: string;
  userIds: string[];
}


/**
 * Sends the invitation to every member of a team and/or to named people, through Outreach:
 * rate-limited, retried, and once per person per campaign however often it is run.
 */
export class InviteService {
  constructor(
    private readonly deps: HostingCollections & { roles: RoleService; people: PeopleDirectory; refs: ConversationRefs; outreach: Outreach; fanOuts: FanOuts; clock: Clock },
  ) {}

  /** The teams the bot is in and the people it knows, to choose from on the invite card. */
  async options(actor: Actor, campaignId: string, find = '') {
    await this.deps.roles.require(actor, 'coordinator');
    const campaign = await this.campaign(actor, campaignId);
    const [teams, people, invited] = await Promise.all([
      this.deps.refs.teams(actor.tenantId),
      this.deps.people.search(actor.tenantId, find),
      this.invited(actor, campaignId),
    ]);
    return { campaign, teams, found: { find, people }, invitedCount: invited.length, late: repliesClosed(campaign, this.deps.clock.now()) };
  }

  /**
   * Records who is invited and starts sending (a durable job: see FanOuts); answers the progress
   * card, which the job updates and ends with who could not be reached.
   */
  async invite(actor: Actor, campaignId: string, targets: InviteTargets, invitation: (campaign: Doc<Campaign>, late: boolean) => Reply, sendId: string): Promise<Reply> {
    await this.deps.roles.require(actor, 'coordinator');
    const campaign = await this.campaign(actor, campaignId);
    if (!targets.teamId && targets.userIds.length === 0) throw new InvalidInputError('Choose a team or at least one person to invite. Nothing was sent.');
    const members = new Map<string, Member>();
    if (targets.teamId) for (const m of await this.deps.outreach.teamMembers(actor.tenantId, targets.teamId)) members.set(m.userId, m);
    for (const userId of targets.userIds) {
      const person = await this.deps.people.get(actor.tenantId, userId);
      if (person) members.set(userId, person);
    }
    const scope = inCampaign(actor.tenantId, campaignId);
    const now = this.deps.clock.now().toISOString();
    // After the deadline an invitation is a late one: whoever receives it may still offer (see OfferService).
    const late = repliesClosed(campaign, this.deps.clock.now());
    for (const member of members.values()) {
      await this.deps.invitees.update(scope, `invitee:${member.userId}`, (current) => {
        const invitee: Invitee = current ?? { userId: member.userId, name: member.name, invitedAt: now };
        return late && !invitee.lateAt ? { ...invitee, lateAt: now } : current ? undefined : invitee;
      });
    }
    const what = `${late ? 'the late invitation' : 'the invitation'} to ${campaign.fields.programme}: ${campaign.fields.cohort}`;
    return this.deps.fanOuts.start(actor, [...members.values()], invitation(campaign, late), `hosting.invite${late ? '-late' : ''}:${campaignId}`, what, sendId, { to: 'hosting.campaign', id: campaignId });
  }

  async invited(actor: Actor, campaignId: string): Promise<Doc<Invitee>[]> {
    return this.deps.invitees.all(inCampaign(actor.tenantId, campaignId));
  }

  private async campaign(actor: Actor, campaignId: string): Promise<Doc<Campaign>> {
    return findCampaign(this.deps.campaigns, actor.tenantId, campaignId);
  }
}
