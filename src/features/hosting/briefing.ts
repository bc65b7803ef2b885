import { z } from 'zod';
import { NotFoundError } from '../../errors.js';
import type { Doc } from '../../store/collection.js';
import type { RoleService } from '../core/service.js';
import type { Actor, FanOutResult, Outreach, Reply } from '../ports.js';
import { Briefing, BriefingReply, type Campaign, type Offer } from './model.js';
import { findCampaign, inCampaign, type HostingCollections } from './store.js';
import { isCalendarDate } from '../../time.js';

export const BriefingInput = z.object({
  campaignId: z.string().min(1),
  date: z.string().optional().default(''),
  time: z.string().optional().default(''),
  link: z.string().optional().default(''),
});
export type BriefingInput = z.infer<typeof BriefingInput>;

export interface BriefingState {
  campaign: Doc<Campaign>;
  briefing: Briefing | undefined;
  hosts: Doc<Offer>[];
  replies: BriefingReply[];
}

/** The online briefing for hosts: the coordinator sends the details; hosts say whether they attend. */
export class BriefingService {
  constructor(
    private readonly deps: HostingCollections & { roles: RoleService; outreach: Outreach },
  ) {}

  async state(actor: Actor, campaignId: string): Promise<BriefingState> {
    await this.deps.roles.require(actor, 'coordinator');
    return this.load(actor, campaignId);
  }

  async send(actor: Actor, input: BriefingInput, invitation: (state: BriefingState) => Reply): Promise<{ errors: Record<string, string>; state: BriefingState; result?: FanOutResult }> {
    const state = await this.state(actor, input.campaignId);
    const errors: Record<string, string> = {};
    if (!isCalendarDate(input.date)) errors.date = 'Choose the date of the briefing.';
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(input.time)) errors.time = 'Choose the start time.';
    if (!/^https:\/\/\S+$/.test(input.link.trim()) || input.link.length > 2000) errors.link = 'Give the meeting link (https://…).';
    if (Object.keys(errors).length > 0) return { errors, state };
    const scope = inCampaign(actor.tenantId, input.campaignId);
    const saved = await this.deps.briefings.update(scope, 'briefing', (current) => {
      const same = current && current.date === input.date && current.time === input.time && current.link === input.link.trim();
      return same ? undefined : { date: input.date, time: input.time, link: input.link.trim(), version: (current?.version ?? 0) + 1 };
    });
    const next = { ...state, briefing: saved!.doc };
    const result = await this.deps.outreach.fanOut(
      actor.tenantId,
      state.hosts.map((h) => ({ userId: h.headUserId, name: h.headName })),
      () => invitation(next),
      `hosting.briefing:${input.campaignId}:v${saved!.doc.version}`,
    );
    return { errors: {}, state: next, result };
  }

  async reply(actor: Actor, campaignId: string, attending: boolean): Promise<BriefingState> {
    const state = await this.load(actor, campaignId);
    if (!state.briefing) throw new NotFoundError('There is no briefing to answer yet.');
    if (!state.hosts.some((h) => h.headUserId === actor.userId)) throw new NotFoundError('The briefing is for host schools; your school has no offer to host at the moment.');
    const scope = inCampaign(actor.tenantId, campaignId);
    await this.deps.briefingReplies.upsert(scope, `briefingReply:${actor.userId}`, { userId: actor.userId, name: actor.name, attending });
    return this.load(actor, campaignId);
  }

  private async load(actor: Actor, campaignId: string): Promise<BriefingState> {
    const campaign = await findCampaign(this.deps.campaigns, actor.tenantId, campaignId);
    const scope = inCampaign(actor.tenantId, campaignId);
    const [briefing, offers, replies] = await Promise.all([this.deps.briefings.get(scope, 'briefing'), this.deps.offers.all(scope), this.deps.briefingReplies.all(scope)]);
    return { campaign, briefing: briefing?.doc, hosts: offers.filter((o) => o.status === 'offered'), replies };
  }
}
