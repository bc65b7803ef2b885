import { fieldMessages } from '../inputs.js';
import { formatDate, formatDateTime, formatDeadline } from '../../time.js';
import type { CardReply } from '../ports.js';
import { PHASE_LABEL, type Offer, type OfferDraft, type PanelMember } from './model.js';
import type { StoredCampaign } from './service.js';
import { windowText } from './view.js';

/** Heads' cards: the invitation, a question, the five offer steps and the submitted offer. */
const bullets = (items: string[]): string => items.map((i) => `- ${i}`).join('\n');

export function invitationCard(campaign: StoredCampaign, late = false, banner = ''): CardReply {
  const f = campaign.fields;
  return {
    card: 'hosting/invitation',
    data: {
      banner: late ? `Replies closed on ${formatDeadline(f.replyDeadline)}, but ${f.contactName} would still welcome your offer: places are short. Please reply as soon as you can.` : banner,
      campaignId: campaign.id,
      title: `${f.programme}: would your school host mock leadership interviews?`,
      description: f.description || `${f.cohort} of ${f.programme}.`,
      duties: bullets(f.duties),
      provides: bullets(f.provides),
      window: windowText(f),
      deadline: formatDeadline(f.replyDeadline),
      contact: `${f.contactName}, ${f.contactEmail}, ${f.contactPhone}`,
    },
  };
}

export function questionCard(campaign: StoredCampaign, errors: Record<string, string> = {}): CardReply {
  return { card: 'hosting/question', data: { campaignId: campaign.id, programme: campaign.fields.programme, contactName: campaign.fields.contactName, err: { question: errors.question ?? '' } } };
}

const STEP_TITLES = ['Your school', 'Dates', 'Interview panel', 'Host duties', 'Review and submit'];
const STEP_CARDS = ['hosting/offer-school', 'hosting/offer-dates', 'hosting/offer-panel', 'hosting/offer-duties', 'hosting/offer-review'];

/** The card for the draft's current step, with each problem under its field. */
export function offerStepCard(campaign: StoredCampaign, draft: OfferDraft, errors: Record<string, string> = {}): CardReply {
  const f = campaign.fields;
  const step = draft.step;
  const base = {
    campaignId: campaign.id,
    stepTitle: STEP_TITLES[step - 1],
    message: Object.keys(errors).length > 0 ? 'Please check the entries marked below; nothing you typed is lost.' : '',
  };
  switch (step) {
    case 1:
      return {
        card: STEP_CARDS[0]!,
        data: {
          ...base,
          draft,
          placeChoices: Array.from({ length: f.placesPerHost }, (_, i) => ({ title: String(i + 1), value: String(i + 1) })),
          err: fieldMessages(['school', 'phase', 'places'], errors),
        },
      };
    case 2:
      return {
        card: STEP_CARDS[1]!,
        data: {
          ...base,
          window: windowText(f),
          windowStart: f.windowStart,
          windowEnd: f.windowEnd,
          dates: { d1: draft.dates[0] ?? '', d2: draft.dates[1] ?? '', d3: draft.dates[2] ?? '' },
          err: fieldMessages(['date1', 'date2', 'date3'], errors),
        },
      };
    case 3: {
      const panel = Object.fromEntries(
        [1, 2, 3, 4].flatMap((i) => [
          [`n${i}`, draft.panel[i - 1]?.name ?? ''],
          [`r${i}`, draft.panel[i - 1]?.role ?? ''],
        ]),
      );
      return { card: STEP_CARDS[2]!, data: { ...base, panel, err: fieldMessages(['panel', 'panel1', 'panel2', 'panel3', 'panel4'], errors) } };
    }
    case 4:
      return {
        card: STEP_CARDS[3]!,
        data: {
          ...base,
          duties: f.duties.map((text, i) => ({ id: `duty${i}`, text, value: draft.duties[i] ? 'true' : 'false', error: errors[`duty${i}`] ?? '' })),
        },
      };
    default:
      return { card: STEP_CARDS[4]!, data: { ...base, facts: offerFacts(draft.school, draft.phase, draft.places, draft.dates, draft.panel) } };
  }
}

function offerFacts(school: string, phase: string, places: string | number, dates: string[], panel: PanelMember[]) {
  return [
    { title: 'School', value: school },
    { title: 'Phase', value: PHASE_LABEL[phase as keyof typeof PHASE_LABEL] ?? phase },
    { title: 'Participants', value: String(places) },
    { title: 'Dates', value: dates.map(formatDate).join('; ') },
    { title: 'Panel', value: panel.map((m) => `${m.name} (${m.role})`).join('; ') },
  ];
}

export function offerSummaryCard(campaign: StoredCampaign, offer: Offer, message = ''): CardReply {
  return {
    card: 'hosting/offer-summary',
    data: {
      campaignId: campaign.id,
      message,
      programme: `${campaign.fields.programme}: ${campaign.fields.cohort}`,
      facts: [...offerFacts(offer.school, offer.phase, offer.places, offer.dates, offer.panel), { title: 'Submitted', value: formatDateTime(new Date(offer.submittedAt)) }],
      footer: `You can edit or withdraw your offer until ${formatDateTime(new Date(campaign.closesAt))}. Type my offer to see it again.`,
    },
  };
}

export function reminderCard(campaign: StoredCampaign): CardReply {
  return invitationCard(campaign, false, `Reminder: please reply by ${formatDeadline(campaign.fields.replyDeadline)}.`);
}
