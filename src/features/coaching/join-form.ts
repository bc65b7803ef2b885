import { z } from 'zod';
import { isCalendarDate } from '../../time.js';
import { tooLong } from '../inputs.js';
import { findAuthority } from './authorities.js';
import type { EligibilityAnswers } from './eligibility.js';
import { CoachingPhase, type JoinForm, type Registration } from './model.js';

type Details = Pick<Registration, 'phase' | 'authority' | 'region' | 'school' | 'email'>;

/** The join card's answers, each problem by its field. */
export function readAnswers(form: JoinForm, phases: string[]): { ok: true; answers: EligibilityAnswers; details: Details } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const yesNo = (v: string) => (v === 'yes' ? true : v === 'no' ? false : undefined);
  if (!isCalendarDate(form.firstHeadshipStart)) errors.firstHeadshipStart = 'Choose the date your first headship began.';
  if (!['state-school', 'state-16-19', 'other'].includes(form.setting)) errors.setting = 'Choose where you work.';
  const inEngland = yesNo(form.inEngland);
  if (inEngland === undefined) errors.inEngland = 'Say whether it is in England.';
  if (!['completed-before', 'taking-now', 'neither'].includes(form.npqh)) errors.npqh = 'Choose your NPQH status.';
  const withdrawnBefore = yesNo(form.withdrawnBefore);
  if (withdrawnBefore === undefined) errors.withdrawnBefore = 'Say whether you have withdrawn before.';
  const phase = CoachingPhase.safeParse(form.phase);
  if (!phase.success || !phases.includes(phase.data)) errors.phase = 'Choose one of the phases offered.';
  // The list is England's local authorities: a head in Wales, Scotland or Northern Ireland answers
  // "No" above and is told why the offer is not open to them, without choosing one.
  const authority = findAuthority(form.authority);
  if (!authority && inEngland !== false) errors.authority = 'Choose your local authority.';
  if (form.school.trim() === '') errors.school = 'Give your school or organisation’s name.';
  else if (form.school.trim().length > 120) errors.school = tooLong('the name', 120);
  if (form.email.trim().length > 254) errors.email = tooLong('the e-mail', 254);
  else if (!z.string().email().safeParse(form.email.trim()).success) errors.email = 'Give a work e-mail address.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    answers: { firstHeadshipStart: form.firstHeadshipStart, setting: form.setting as EligibilityAnswers['setting'], inEngland: inEngland!, npqh: form.npqh as EligibilityAnswers['npqh'], withdrawnBefore: withdrawnBefore! },
    // Outside England the verdict is "not eligible" and nothing is kept, so no authority is needed.
    details: { phase: phase.data!, authority: authority?.name ?? '', region: authority?.region ?? '', school: form.school.trim(), email: form.email.trim() },
  };
}
