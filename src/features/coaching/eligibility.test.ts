import { describe, expect, it } from 'vitest';
import { LOCAL_AUTHORITIES, REGIONS, findAuthority } from './authorities.js';
import { addYears, checkEligibility, type EligibilityAnswers } from './eligibility.js';

const TODAY = '2026-11-23';
const ok: EligibilityAnswers = { firstHeadshipStart: '2024-09-01', setting: 'state-school', inEngland: true, npqh: 'completed-before', withdrawnBefore: false };

describe('eligibility, against the seed wording', () => {
  it.each([
    ['a head in year 3 of a state school with a completed NPQH', ok, []],
    ['a head of a state-funded 16 to 19 organisation taking an NPQH now', { ...ok, setting: 'state-16-19', npqh: 'taking-now' }, []],
    ['one day short of 5 years', { ...ok, firstHeadshipStart: '2021-11-24' }, []],
    ['exactly 5 years', { ...ok, firstHeadshipStart: '2021-11-23' }, ['first-five-years']],
    ['a headship that has not started', { ...ok, firstHeadshipStart: '2027-01-01' }, ['first-five-years']],
    ['an independent school', { ...ok, setting: 'other' }, ['state-funded']],
    ['a school in Wales', { ...ok, inEngland: false }, ['in-england']],
    ['no NPQH', { ...ok, npqh: 'neither' }, ['npqh']],
    ['withdrew from the additional support programme', { ...ok, withdrawnBefore: true }, ['not-withdrawn']],
    ['every rule failed', { firstHeadshipStart: '2010-01-01', setting: 'other', inEngland: false, npqh: 'neither', withdrawnBefore: true }, ['first-five-years', 'state-funded', 'in-england', 'npqh', 'not-withdrawn']],
  ] as [string, EligibilityAnswers, string[]][])('%s', (_name, answers, failing) => {
    const verdict = checkEligibility(answers, TODAY);
    expect(verdict.failed.map((f) => f.id)).toEqual(failing);
    expect(verdict.eligible).toBe(failing.length === 0);
    for (const f of verdict.failed) expect(f.reason.length).toBeGreaterThan(20);
  });

  it('counts years on the calendar, leap days included', () => {
    expect(addYears('2020-02-29', 5)).toBe('2025-02-28');
    expect(addYears('2021-11-24', 5)).toBe('2026-11-24');
  });
});

describe('local authorities', () => {
  it('lists England’s 153 local authorities, each in one of nine regions', () => {
    expect(LOCAL_AUTHORITIES).toHaveLength(153);
    expect(Object.keys(REGIONS)).toHaveLength(9);
    expect(new Set(LOCAL_AUTHORITIES.map((la) => la.name)).size).toBe(153);
    expect(REGIONS.London).toHaveLength(33);
    expect(findAuthority('ealing')).toEqual({ name: 'Ealing', region: 'London' });
    expect(findAuthority('Cumbria')).toBeUndefined();
  });
});
