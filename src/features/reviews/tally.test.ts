import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkFramework, loadFrameworks, statementsFor, type Framework } from './framework.js';
import { answeredCount, answeredLine, compare, spread, summarise, type Agreed, type Answer } from './tally.js';

const load = (file: string): Framework => {
  const result = checkFramework(readFileSync(`frameworks/${file}`, 'utf8'), file);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.framework;
};
const race = load('elp-race-equality.json');
const careers = load('careers-gatsby.yaml');

describe('framework files', () => {
  it('ship the race-equality ambitions word for word and the Gatsby review with three variants', () => {
    expect(race.themes.map((t) => t.statements.length)).toEqual([3, 2, 8, 4, 2]);
    expect(race.themes[0]!.statements[0]!.text).toBe('Every school has an anti-racist policy that is widely understood, constructed with, and supported by all stakeholders');
    expect(race.themes[4]!.signposting.map((s) => s.title)).toContain('Ealing Leadership Diversity programme');
    expect(careers.themes).toHaveLength(8);
    expect(careers.variants.map((v) => v.id)).toEqual(['school', 'special-school', 'college']);
    expect(statementsFor(careers.themes[5]!, 'college').map((s) => s.id)).toEqual(['wp-experience', 'wp-industry']);
    expect(statementsFor(careers.themes[5]!, 'special-school').map((s) => s.id)).toEqual(['wp-experience', 'wp-supported']);
  });

  it('loads every valid file from the folder and none of an invalid one', () => {
    const loaded = loadFrameworks('frameworks');
    expect([...loaded.frameworks.keys()].sort()).toEqual(['careers-gatsby', 'elp-race-equality-2022-2026']);
    expect(loaded.rejected).toEqual([]);
  });

  it('lists every problem with its path in the file', () => {
    const broken = JSON.parse(readFileSync('frameworks/elp-race-equality.json', 'utf8'));
    broken.scale.levels[1].id = 'query';
    broken.themes[1].statements[0].id = broken.themes[0].statements[0].id;
    broken.themes[2].statements[0].levels = { sparkling: 'x' };
    delete broken.themes[3].title;
    broken.extra = true;
    const result = checkFramework(JSON.stringify(broken), 'broken.json');
    expect(result.ok).toBe(false);
    const problems = (result as { problems: { path: string; message: string }[] }).problems.map((p) => `${p.path}: ${p.message}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^themes\[3\]\.title: /),
        expect.stringMatching(/^\(file\): Unrecognized key/),
      ]),
    );
    const refined = checkFramework(JSON.stringify({ ...broken, extra: undefined, themes: broken.themes.map((t: object, i: number) => (i === 3 ? { ...t, title: 'Four' } : t)) }), 'broken.json');
    const messages = (refined as { problems: { path: string; message: string }[] }).problems.map((p) => `${p.path}: ${p.message}`);
    expect(messages).toEqual([
      'scale.levels[1].id: "query" is reserved for the answer that is not a level',
      'themes[1].statements[0].id: statement id "leadership-policy" is used twice',
      'themes[2].statements[0].levels.sparkling: "sparkling" is not a level of the scale',
    ]);
    expect(checkFramework('{ not json', 'x.json')).toMatchObject({ ok: false, problems: [{ path: '(file)' }] });
    expect(checkFramework('id: [', 'x.yaml')).toMatchObject({ ok: false, problems: [{ path: '(file)' }] });
  });
});

describe('tally', () => {
  const ids = ['a', 'b', 'c'];
  const answers: Answer[] = [
    { statementId: 'a', responder: 'p1', value: 'emerging' },
    { statementId: 'a', responder: 'p2', value: 'embedding' },
    { statementId: 'b', responder: 'p1', value: 'developing' },
    { statementId: 'b', responder: 'p2', value: 'embedding' },
    { statementId: 'c', responder: 'p3', value: 'query', comment: 'What counts as embedded?' },
    { statementId: 'c', responder: 'p2', value: 'not-in-place' },
  ];

  it('counts each answer and flags statements two or more levels apart or with a query', () => {
    const result = spread(race, ids, answers);
    expect(result[0]).toMatchObject({ statementId: 'a', respondents: 2, flagged: true, reasons: ['answers are two or more levels apart'] });
    expect(result[0]!.counts).toMatchObject({ emerging: 1, developing: 0, embedding: 1, sustaining: 0, 'not-in-place': 0, query: 0 });
    expect(result[1]).toMatchObject({ flagged: false, reasons: [] });
    expect(result[2]).toMatchObject({ flagged: true, reasons: ['1 query'] });
    expect(answeredCount(ids, answers)).toBe(3);
    expect(answeredCount(['b'], answers)).toBe(2);
  });

  it('summarises strengths, priorities with their actions and signposting, and compares with the last review', () => {
    const agree = (value: string) => (t: Framework['themes'][number]): Agreed[] => t.statements.map((s) => ({ statementId: s.id, value }));
    const [leadership, parents, curriculum, cultures, recruitment] = race.themes as [Framework['themes'][number], ...Framework['themes'][number][]];
    const first = summarise(race, 'school', [
      ...agree('sustaining')(leadership),
      ...agree('embedding')(parents!),
      ...agree('emerging')(curriculum!).map((a, i) => (i === 0 ? { ...a, action: 'Attendance plan for Black Caribbean pupils', owner: 'Deputy head' } : a)),
      ...agree('developing')(cultures!),
      ...agree('not-in-place')(recruitment!),
    ]);
    expect(first.themes.map((t) => t.score)).toEqual([4, 3, 1, 2, 0]);
    expect(first.strengths.map((t) => t.themeId)).toEqual(['leadership', 'parents-communities']);
    expect(first.priorities.map((t) => t.themeId)).toEqual(['recruitment-retention', 'curriculum-progress-inclusion']);
    expect(first.priorities[1]!.actions).toEqual([{ statementId: 'cpi-attendance', action: 'Attendance plan for Black Caribbean pupils', owner: 'Deputy head' }]);
    expect(first.signposting.map((s) => s.items.length)).toEqual([3, 5]);

    const second = summarise(race, 'school', [...agree('sustaining')(leadership), ...agree('developing')(curriculum!)]);
    expect(compare(second, first).map((c) => [c.themeId, c.change])).toEqual([
      ['leadership', 0], ['parents-communities', undefined], ['curriculum-progress-inclusion', 1], ['cultures-behaviours', undefined], ['recruitment-retention', undefined],
    ]);
    expect(compare(second, undefined).every((c) => c.before === undefined)).toBe(true);
  });
});

describe('answeredLine', () => {
  it('never shows more answered than members', () => {
    expect(answeredLine(5, 8)).toBe('5 of 8 have answered');
    expect(answeredLine(61, 60)).toBe('61 of 61 have answered');
    expect(answeredLine(0, 0)).toBe('0 have answered');
    expect(answeredLine(1, 0)).toBe('1 has answered');
  });
});
