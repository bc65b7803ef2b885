import { createHash } from 'node:crypto';
import type { Clock } from '../../clock.js';
import type { Doc } from '../../store/collection.js';
import type { Actor, Outreach, Reply } from '../ports.js';
import { schoolKey } from './allocate.js';
import { emptyDraft, mergeStep, sameOffer, stepProblems } from './offer-steps.js';
import { CampaignClosedError, CampaignNotFoundError, SchoolAlreadyOfferedError } from './errors.js';
import { NotFoundError } from '../../errors.js';
import { Offer, OfferDraft, Phase, repliesClosed, type Campaign } from './model.js';
import { findCampaign, inCampaign, type HostingCollections } from './store.js';

export type OfferDeps = HostingCollections & {
  outreach: Outreach;
  clock: Clock;
  /** What the campaign's coordinator is sent when a head offers, withdraws or asks: the words, and a button to the campaign's status. */
  notice: (campaign: Doc<Campaign>, title: string, message: string) => Reply;
};

export interface StepResult {
  campaign: Doc<Campaign>;
  draft: OfferDraft;
  errors: Record<string, string>;
}

export type OfferState = { kind: 'offer'; campaign: Doc<Campaign>; offer: Doc<Offer> } | ({ kind: 'draft' } & StepResult);

/**
 * A head's offer to host, built over five Action.Execute steps. Every step saves the draft, valid
 * or not, so Back and Next lose nothing and a head can resume later; Next validates the step.
 * The step cards mark no input as required: the client would then block Back on an empty
 * field, and the server's messages by each field say more than the client's.
 */
export class OfferService {
  constructor(private readonly deps: OfferDeps) {}

  private scope(actor: Actor, campaignId: string) {
    return inCampaign(actor.tenantId, campaignId);
  }

  async campaign(actor: Actor, campaignId: string): Promise<Doc<Campaign>> {
    return findCampaign(this.deps.campaigns, actor.tenantId, campaignId);
  }

  /**
   * Refuses changes once the deadline has passed, naming whom to contact, unless the coordinator
   * invited this head after it (a late invitation, to fill places the allocation is short of).
   */
  private async assertOpen(actor: Actor, campaign: Doc<Campaign>): Promise<void> {
    if (!repliesClosed(campaign, this.deps.clock.now()) || (await this.invitedLate(actor, campaign))) return;
    const f = campaign.fields;
    throw new CampaignClosedError(f.contactName, f.contactEmail, f.contactPhone);
  }

  /** Whether replies have closed but this head was invited after the deadline, and so may still offer. */
  async invitedLate(actor: Actor, campaign: Doc<Campaign>): Promise<boolean> {
    if (!repliesClosed(campaign, this.deps.clock.now())) return false;
    return Boolean((await this.deps.invitees.get(this.scope(actor, campaign.id), `invitee:${actor.userId}`))?.doc.lateAt);
  }

  /** This head's offer, or their draft (started fresh, or from the offer when editing). */
  async current(actor: Actor, campaignId: string): Promise<OfferState> {
    const campaign = await this.campaign(actor, campaignId);
    const scope = this.scope(actor, campaignId);
    const draft = await this.deps.drafts.get(scope, `draft:${actor.userId}`);
    if (draft) return { kind: 'draft', campaign, draft: draft.doc, errors: {} };
    const offer = await this.offerBy(actor, campaignId);
    if (offer) return { kind: 'offer', campaign, offer };
    return { kind: 'draft', campaign, draft: emptyDraft(actor), errors: {} };
  }

  /** Starts (or resumes) volunteering. */
  async start(actor: Actor, campaignId: string): Promise<OfferState> {
    const state = await this.current(actor, campaignId);
    if (state.kind === 'offer') return state;
    await this.assertOpen(actor, state.campaign);
    await this.deps.drafts.upsert(this.scope(actor, campaignId), `draft:${actor.userId}`, state.draft);
    return state;
  }

  /** Opens the submitted offer for editing: a draft prefilled from it. */
  async edit(actor: Actor, campaignId: string): Promise<StepResult> {
    const campaign = await this.campaign(actor, campaignId);
    await this.assertOpen(actor, campaign);
    const offer = await this.offerBy(actor, campaignId);
    const draft: OfferDraft = offer
      ? { userId: actor.userId, name: actor.name, step: 1, school: offer.school, phase: offer.phase, places: String(offer.places), dates: offer.dates, panel: offer.panel, duties: campaign.fields.duties.map(() => true) }
      : emptyDraft(actor);
    await this.deps.drafts.upsert(this.scope(actor, campaignId), `draft:${actor.userId}`, draft);
    return { campaign, draft, errors: {} };
  }

  /** Saves the step's inputs into the draft; on Next, validates them before moving on. */
  async step(actor: Actor, campaignId: string, step: number, go: 'next' | 'back' | 'stay', inputs: Record<string, unknown>): Promise<StepResult> {
    const campaign = await this.campaign(actor, campaignId);
    await this.assertOpen(actor, campaign);
    const scope = this.scope(actor, campaignId);
    const stored = (await this.deps.drafts.get(scope, `draft:${actor.userId}`))?.doc ?? emptyDraft(actor);
    const draft = mergeStep(stored, step, inputs, campaign.fields.duties.length);
    const errors = go === 'next' ? await this.validateStep(actor, campaign, draft, step) : {};
    const nextStep = Object.keys(errors).length > 0 || go === 'stay' ? step : go === 'next' ? Math.min(5, step + 1) : Math.max(1, step - 1);
    const saved: OfferDraft = { ...draft, step: nextStep };
    await this.deps.drafts.upsert(scope, `draft:${actor.userId}`, saved);
    return { campaign, draft: saved, errors };
  }

  /**
   * Turns the draft into the school's offer. A repeated click finds the offer already made and
   * answers with it; another head's offer for the same school is refused, naming them.
   */
  async submit(actor: Actor, campaignId: string): Promise<{ campaign: Doc<Campaign>; offer: Doc<Offer>; updated: boolean; told: boolean } | StepResult> {
    const campaign = await this.campaign(actor, campaignId);
    const scope = this.scope(actor, campaignId);
    const draft = (await this.deps.drafts.get(scope, `draft:${actor.userId}`))?.doc;
    if (!draft) {
      const offer = await this.offerBy(actor, campaignId);
      // A repeated Submit: the same notice, under the same key, so it goes only if it has not gone yet.
      if (offer) return { campaign, offer, updated: false, told: await this.tellOfOffer(actor, campaign, offer, offer.version > 1) };
      throw new CampaignNotFoundError();
    }
    await this.assertOpen(actor, campaign);
    for (const step of [1, 2, 3, 4]) {
      const errors = await this.validateStep(actor, campaign, draft, step);
      if (Object.keys(errors).length > 0) {
        const back = { ...draft, step };
        await this.deps.drafts.upsert(scope, `draft:${actor.userId}`, back);
        return { campaign, draft: back, errors };
      }
    }
    const key = schoolKey(draft.school);
    const previous = await this.offerBy(actor, campaignId);
    let updated = false;
    let changed = true;
    let result;
    try {
      result = await this.deps.offers.update(scope, `offer:${key}`, (current) => {
        // One offer per school is decided here, inside the guarded write: the step-1 check only
        // warns early, and two heads of one school submitting at once both pass it.
        if (current && current.status === 'offered' && current.headUserId !== actor.userId) throw new SchoolAlreadyOfferedError(takenMessage(current));
        updated = current?.status === 'offered';
        // A second click on Submit finds its own, identical offer: nothing to change or announce.
        changed = !(updated && current && sameOffer(current, draft));
        return changed ? this.offerFrom(actor, draft, key, current) : undefined;
      });
    } catch (error) {
      if (!(error instanceof SchoolAlreadyOfferedError)) throw error;
      const back = { ...draft, step: 1 };
      await this.deps.drafts.upsert(scope, `draft:${actor.userId}`, back);
      return { campaign, draft: back, errors: { school: error.userMessage } };
    }
    // Editing may have changed the school: the old school's offer is withdrawn.
    if (previous && previous.schoolKey !== key) {
      await this.deps.offers.update(scope, previous.id, (current) => (current ? { ...current, status: 'withdrawn' } : undefined));
      updated = true;
    }
    await this.deps.drafts.delete(scope, `draft:${actor.userId}`);
    await this.deps.declines.delete(scope, `declined:${actor.userId}`);
    const offer = result!.doc;
    // A repeated click changed nothing: its notice is the one already sent (a duplicate, if it went).
    return { campaign, offer, updated, told: await this.tellOfOffer(actor, campaign, offer, updated) };
  }

  private tellOfOffer(actor: Actor, campaign: Doc<Campaign>, offer: Doc<Offer>, updated: boolean): Promise<boolean> {
    const what = `${actor.name} ${updated ? 'updated the offer from' : 'offered to host at'} ${offer.school} (${offer.phase}, ${offer.places} places).`;
    return this.tellCoordinator(actor, campaign, updated ? 'An offer to host changed' : 'A new offer to host', what, `offer:${offer.schoolKey}:v${offer.version}`);
  }

  async withdraw(actor: Actor, campaignId: string): Promise<{ campaign: Doc<Campaign>; told: boolean }> {
    const campaign = await this.campaign(actor, campaignId);
    await this.assertOpen(actor, campaign);
    const offer = await this.offerBy(actor, campaignId);
    const scope = this.scope(actor, campaignId);
    await this.deps.drafts.delete(scope, `draft:${actor.userId}`);
    let told = true;
    if (offer) {
      const done = await this.deps.offers.update(scope, offer.id, (current) => (current && current.status === 'offered' ? { ...current, status: 'withdrawn', version: current.version + 1 } : undefined));
      told = await this.tellCoordinator(actor, campaign, 'An offer to host was withdrawn', `${actor.name} withdrew the offer from ${offer.school}.`, `withdraw:${offer.schoolKey}:v${done!.doc.version}`);
    }
    return { campaign, told };
  }

  async decline(actor: Actor, campaignId: string): Promise<Doc<Campaign>> {
    const campaign = await this.campaign(actor, campaignId);
    await this.assertOpen(actor, campaign);
    await this.deps.declines.upsert(this.scope(actor, campaignId), `declined:${actor.userId}`, { userId: actor.userId, name: actor.name, at: this.deps.clock.now().toISOString() });
    return campaign;
  }

  /** "Ask a question": reaches the coordinator as a message naming the head (and school, if known). */
  async ask(actor: Actor, campaignId: string, question: string): Promise<{ campaign: Doc<Campaign>; told: boolean }> {
    const campaign = await this.campaign(actor, campaignId);
    const draft = (await this.deps.drafts.get(this.scope(actor, campaignId), `draft:${actor.userId}`))?.doc;
    const offer = await this.offerBy(actor, campaignId);
    const school = offer?.school ?? (draft?.school || undefined);
    const who = school ? `${actor.name} (${school})` : actor.name;
    // Keyed by who asked what (as a digest: delivery records name no one): a second click sends
    // nothing more, another question goes too (a key by the time let two questions in one second share one).
    const told = await this.tellCoordinator(actor, campaign, 'A question from a head', `Question from ${who} about ${campaign.fields.programme}: ${question}`, `question:${createHash('sha256').update(`${actor.userId}\n${question}`).digest('hex').slice(0, 24)}`);
    return { campaign, told };
  }

  /** Saves the host's progress through their checklist (hosts only: it is their offer's). */
  async saveChecklist(actor: Actor, campaignId: string, done: boolean[]): Promise<{ campaign: Doc<Campaign>; offer: Doc<Offer> }> {
    const campaign = await this.campaign(actor, campaignId);
    const offer = await this.offerBy(actor, campaignId);
    if (!offer) throw new NotFoundError('Only the host who made the offer can keep its checklist. Nothing was changed.');
    await this.deps.checklists.upsert(this.scope(actor, campaignId), `checklist:${offer.schoolKey}`, { done });
    return { campaign, offer };
  }

  /** The offer this head made (not withdrawn), if any. */
  async offerBy(actor: Actor, campaignId: string): Promise<Doc<Offer> | undefined> {
    return this.deps.offers.first(this.scope(actor, campaignId), {
      where: [{ field: 'headUserId', op: '=', value: actor.userId }, { field: 'status', op: '=', value: 'offered' }],
    });
  }

  /** The school's offer from this head's draft, the next version of `current`. */
  private offerFrom(actor: Actor, draft: OfferDraft, key: string, current: Doc<Offer> | undefined): Offer {
    return {
      school: draft.school,
      schoolKey: key,
      phase: Phase.parse(draft.phase),
      places: Number(draft.places),
      dates: draft.dates,
      panel: draft.panel,
      headUserId: actor.userId,
      headName: actor.name,
      status: 'offered',
      submittedAt: this.deps.clock.now().toISOString(),
      version: (current?.version ?? 0) + 1,
    };
  }

  /** Answers whether the coordinator was reached (sent now, or already): the head is told the truth either way. */
  private async tellCoordinator(actor: Actor, campaign: Doc<Campaign>, title: string, text: string, key: string): Promise<boolean> {
    if (campaign.createdBy === '') return false; // the coordinator who created it deleted their data
    const outcome = await this.deps.outreach.sendToUser(actor.tenantId, campaign.createdBy, this.deps.notice(campaign, title, text), `hosting.notice:${campaign.id}:${key}`);
    return outcome === 'sent' || outcome === 'duplicate' || outcome === 'in-flight';
  }

  private async validateStep(actor: Actor, campaign: Doc<Campaign>, draft: OfferDraft, step: number): Promise<Record<string, string>> {
    const errors = stepProblems(draft, step, campaign.fields);
    if (step === 1 && !errors.school) {
      const taken = await this.deps.offers.get(this.scope(actor, campaign.id), `offer:${schoolKey(draft.school)}`);
      if (taken && taken.doc.status === 'offered' && taken.doc.headUserId !== actor.userId) errors.school = takenMessage(taken.doc);
    }
    return errors;
  }
}

function takenMessage(offer: Offer): string {
  return `${offer.headName} has already offered ${offer.school} for this campaign.`;
}
