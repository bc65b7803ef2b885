import { describe, expect, it } from 'vitest';
import { agreementProblems, answerProblems } from './checks.js';
import { loadFrameworks } from './framework.js';

const race = loadFrameworks('frameworks').frameworks.get('elp-race-equality-2022-2026')!;
const leadership = race.themes[0]!;

describe('review checks', () => {
  it('names the statement whose comment is too long, in its opening words', () => {
    const [first] = leadership.statements;
    expect(answerProblems(race, leadership.statements, [{ statementId: first!.id, value: 'developing', comment: 'c'.repeat(1001) }])).toEqual([
      'your comment on “Every school has an anti-racist policy that is widely…”: keep it under 1,000 characters',
    ]);
    expect(answerProblems(race, leadership.statements, [{ statementId: first!.id, value: 'developing', comment: 'c'.repeat(1000) }])).toEqual([]);
  });

  it('names the statement whose action or owner is too long', () => {
    const agreed = leadership.statements.map((s, i) => ({ statementId: s.id, value: 'developing', ...(i === 1 ? { action: 'a'.repeat(501), owner: 'o'.repeat(101) } : {}) }));
    const problems = agreementProblems(race, leadership.statements, agreed);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^the action for “Every school has a designated Race and Diversity lead on…”: keep it under 500 characters$/);
    expect(problems[1]).toMatch(/^the owner for “Every school has a designated Race and Diversity lead on…”: keep it under 100 characters$/);
  });
});
