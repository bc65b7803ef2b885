import type { Actor } from '../ports.js';
import { Phase, type CampaignFields, type Offer, type OfferDraft, type PanelMember } from './model.js';
import { isCalendarDate } from '../../time.js';
import { textOf, tooLong } from '../inputs.js';

/** The offer steps' rules, as pure functions over the draft. */

export const PANEL_ROWS = 4;
export const DATE_SLOTS = 3;

/** A step's entry as text: an object or array where text belongs counts as nothing; at most 2,000 characters are kept to show back (longer is refused by the checks below). */
const str = (v: unknown): string => (textOf(v) ?? '').slice(0, 2000).trim();

/** What is wrong with a step's entries, by field (the school's uniqueness is checked by the service). */
export function stepProblems(draft: OfferDraft, step: number, f: CampaignFields): Record<string, string> {
  const errors: Record<string, string> = {};
  if (step === 1) {
    if (draft.school === '') errors.school = 'Give your school’s name.';
    else if (draft.school.length > 120) errors.school = tooLong('the school name', 120);
    if (!Phase.safeParse(draft.phase).success) errors.phase = 'Choose your school’s phase.';
    const places = Number(draft.places);
    if (!/^\d+$/.test(draft.places) || places < 1 || places > f.placesPerHost) errors.places = `Choose between 1 and ${f.placesPerHost} participants.`;
  }
  if (step === 2) {
    if (draft.dates.length === 0) errors.date1 = 'Offer at least one date.';
    draft.dates.forEach((date, i) => {
      if (!isCalendarDate(date)) errors[`date${i + 1}`] = 'Choose a date.';
      else if (date < f.windowStart || date > f.windowEnd) errors[`date${i + 1}`] = 'Choose a date within the interview window.';
    });
    if (new Set(draft.dates).size !== draft.dates.length) errors.date1 ??= 'Each date only once, please.';
  }
  if (step === 3 && draft.panel.length === 0) errors.panel = 'Name at least one panel member and their role.';
  if (step === 3) {
    draft.panel.forEach((m, i) => {
      if (m.name === '' || m.role === '') errors[`panel${i + 1}`] = 'Give both the name and the role.';
      else if (m.name.length > 100 || m.role.length > 100) errors[`panel${i + 1}`] = tooLong('the name and the role each', 100);
    });
  }
  if (step === 4) {
    f.duties.forEach((_, i) => {
      if (!draft.duties[i]) errors[`duty${i}`] = 'Please confirm this to host.';
    });
  }
  return errors;
}

export function sameOffer(offer: Offer, draft: OfferDraft): boolean {
  return (
    offer.school === draft.school &&
    offer.phase === draft.phase &&
    String(offer.places) === draft.places &&
    JSON.stringify(offer.dates) === JSON.stringify(draft.dates) &&
    JSON.stringify(offer.panel) === JSON.stringify(draft.panel)
  );
}

export function emptyDraft(actor: Actor): OfferDraft {
  return { userId: actor.userId, name: actor.name, step: 1, school: '', phase: '', places: '', dates: [], panel: [], duties: [] };
}

/** Reads one step's inputs into the draft; other steps' entries are kept as they were. */
export function mergeStep(draft: OfferDraft, step: number, inputs: Record<string, unknown>, dutyCount: number): OfferDraft {
  switch (step) {
    case 1:
      return { ...draft, school: str(inputs.school), phase: str(inputs.phase), places: str(inputs.places) };
    case 2: {
      const dates = Array.from({ length: DATE_SLOTS }, (_, i) => str(inputs[`date${i + 1}`])).filter((d) => d !== '');
      return { ...draft, dates };
    }
    case 3: {
      const panel: PanelMember[] = [];
      for (let i = 1; i <= PANEL_ROWS; i++) {
        const name = str(inputs[`panel${i}Name`]);
        const role = str(inputs[`panel${i}Role`]);
        if (name !== '' || role !== '') panel.push({ name, role });
      }
      return { ...draft, panel };
    }
    case 4:
      return { ...draft, duties: Array.from({ length: dutyCount }, (_, i) => str(inputs[`duty${i}`]) === 'true') };
    default:
      return draft;
  }
}
