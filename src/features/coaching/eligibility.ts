/**
 * Early Headship Coaching Offer eligibility (seed 001 and the DfE facts in seeds/README.md),
 * as data: each rule has an id, the seed's wording, and a check over the answers. A head learns
 * at once which rules they meet and, for each one they do not, why.
 */

export type Setting = 'state-school' | 'state-16-19' | 'other';
export type Npqh = 'completed-before' | 'taking-now' | 'neither';

export interface EligibilityAnswers {
  /** The date their first headship began, YYYY-MM-DD. */
  firstHeadshipStart: string;
  setting: Setting;
  inEngland: boolean;
  npqh: Npqh;
  withdrawnBefore: boolean;
}

export interface Rule {
  id: string;
  /** The requirement in the seed's words. */
  requirement: string;
  /** Why it fails, said to the head; undefined when it is met. */
  check(answers: EligibilityAnswers, today: string): string | undefined;
}

/** The date `years` after `date`, same day and month (29 Feb → 28 Feb). */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y + years, m - 1, d));
  if (target.getUTCMonth() !== m - 1) target.setUTCDate(0);
  return target.toISOString().slice(0, 10);
}

export const RULES: Rule[] = [
  {
    id: 'first-five-years',
    requirement: 'in their first 5 years of headship',
    check: (a, today) => {
      if (a.firstHeadshipStart > today) return 'Your first headship has not started yet: you can join once it has.';
      if (addYears(a.firstHeadshipStart, 5) <= today) return 'The offer is for heads in their first 5 years of headship; yours began more than 5 years ago.';
      return undefined;
    },
  },
  {
    id: 'state-funded',
    requirement: 'employed in a state-funded school, or a state-funded 16 to 19 organisation',
    check: (a) => (a.setting === 'other' ? 'The offer is for heads of state-funded schools and state-funded 16 to 19 organisations.' : undefined),
  },
  {
    id: 'in-england',
    requirement: 'in England',
    check: (a) => (a.inEngland ? undefined : 'The offer is for schools and 16 to 19 organisations in England.'),
  },
  {
    id: 'npqh',
    requirement: 'completed an NPQH before taking up their first headship, or currently taking one',
    check: (a) => (a.npqh === 'neither' ? 'The offer asks for an NPQH completed before your first headship, or one you are taking now.' : undefined),
  },
  {
    id: 'not-withdrawn',
    requirement: 'not previously withdrawn from the additional support programme',
    check: (a) => (a.withdrawnBefore ? 'Heads who withdrew from the additional support programme cannot join this offer.' : undefined),
  },
];

export interface Verdict {
  eligible: boolean;
  failed: { id: string; reason: string }[];
}

export function checkEligibility(answers: EligibilityAnswers, today: string): Verdict {
  const failed = RULES.flatMap((rule) => {
    const reason = rule.check(answers, today);
    return reason ? [{ id: rule.id, reason }] : [];
  });
  return { eligible: failed.length === 0, failed };
}
