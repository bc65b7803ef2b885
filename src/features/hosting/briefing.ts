import { z } from 'zod';
import { NotFoundError } from '../../errors.js';
import { tooLong } from '../inputs.js';
import type { Doc } from '../../store/collection.js';
import type { RoleService } from '../core/service.js';
import type { FanOuts } from '../fanout.js';
import type { Actor, Reply } from '../ports.js';
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
    private readonly deps: HostingCollections & { roles: RoleService; fanOuts: FanOuts },
  ) {}

  async state(actor: Actor, campaignId: string): Promise<BriefingState> {
    await this.deps.roles.require(actor, 'coordinator');
    return this.load(actor, campaignId);
  }

  /**
   * Saves the briefing's details and sends them to every host school's head by a durable fan-out
   * (see FanOuts); answers its progress card. The same details again start nothing new.
   */
  async send(actor: Actor, input: BriefingInput, invitation: (state: BriefingState) => Reply): Promise<{ errors: Record<string, string>; state: BriefingState; progress?: Reply }> {
    const state = await this.state(actor, input.campaignId);
    const errors: Record<string, string> = {};
    if (!isCalendarDate(input.date)) errors.date = 'Choose the date of the briefing.';
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(input.time)) errors.time = 'Choose the start time.';
    if (input.link.length > 2000) errors.link = tooLong('the link', 2000);
    else if (!/^https:\/\/\S+$/.test(input.link.trim())) errors.link = 'Give the meeting link (https://…).';
    if (Object.keys(errors).length > 0) return { errors, state };
    const scope = inCampaign(actor.tenantId, input.campaignId);
    const saved = await this.deps.briefings.update(scope, 'briefing', (current) => {
      const same = current && current.date === input.date && current.time === input.time && current.link === input.link.trim();
      return same ? undefined : { date: input.date, time: input.time, link: input.link.trim(), version: (current?.version ?? 0) + 1 };
    });
    const next = { ...state, briefing: saved!.doc };
    const version = saved!.doc.version;
    const progress = await this.deps.fanOuts.start(
      actor,
      state.hosts.map((h) => ({ userId: h.headUserId, name: h.headName })),
      invitation(next),
      `hosting.briefing:${input.campaignId}:v${version}`,
      'the briefing details to host schools',
      `briefing:v${version}`,
      { to: 'hosting.campaign', id: input.campaignId },
    );
    return { errors: {}, state: next, progress };
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
