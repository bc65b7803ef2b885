import { statementsFor, type Framework } from './framework.js';

/**
 * The arithmetic of a review, as pure functions: the spread of answers per statement, the flags
 * for discussion, where a team stands per theme, strengths and priorities, and the change since
 * the last review.
 */

export type AnswerValue = string; // a level id, 'not-in-place' or 'query'

export interface Answer {
  statementId: string;
  /** A person, or in anonymous reviews a keyed hash of them (see responder.ts). */
  responder: string;
  value: AnswerValue;
  comment?: string;
}

export interface StatementSpread {
  statementId: string;
  counts: Record<AnswerValue, number>;
  respondents: number;
  /** For discussion: answers two or more levels apart, or any query. */
  flagged: boolean;
  reasons: string[];
}

export function levelIndex(framework: Framework, value: AnswerValue): number | undefined {
  const i = framework.scale.levels.findIndex((l) => l.id === value);
  return i < 0 ? undefined : i;
}

export function spread(framework: Framework, statementIds: string[], answers: Answer[]): StatementSpread[] {
  const values = [...framework.scale.levels.map((l) => l.id), 'not-in-place', 'query'];
  return statementIds.map((statementId) => {
    const mine = answers.filter((a) => a.statementId === statementId);
    const counts = Object.fromEntries(values.map((v) => [v, mine.filter((a) => a.value === v).length])) as Record<AnswerValue, number>;
    const indices = mine.map((a) => levelIndex(framework, a.value)).filter((i): i is number => i !== undefined);
    const reasons: string[] = [];
    if (indices.length > 1 && Math.max(...indices) - Math.min(...indices) >= 2) reasons.push('answers are two or more levels apart');
    if (counts.query! > 0) reasons.push(`${counts.query} ${counts.query === 1 ? 'query' : 'queries'}`);
    return { statementId, counts, respondents: new Set(mine.map((a) => a.responder)).size, flagged: reasons.length > 0, reasons };
  });
}

/** "5 of 8 have answered": people with at least one answer in the theme. */
export function answeredCount(statementIds: string[], answers: Answer[]): number {
  const ids = new Set(statementIds);
  return new Set(answers.filter((a) => ids.has(a.statementId)).map((a) => a.responder)).size;
}

/**
 * "5 of 8 have answered". Never more answered than members: the roster is taken at the start,
 * and someone who joined the team since (or is not on it) counts among the members once they answer.
 */
export function answeredLine(answered: number, members: number): string {
  if (members <= 0) return `${answered} ${answered === 1 ? 'has' : 'have'} answered`;
  return `${answered} of ${Math.max(members, answered)} have answered`;
}

export interface Agreed {
  statementId: string;
  value: AnswerValue;
  action?: string;
  owner?: string;
}

export interface ThemeStanding {
  themeId: string;
  title: string;
  /** Mean position on the scale, 1 = lowest level, 0 when nothing is in place; undefined when nothing is agreed. */
  score: number | undefined;
  agreed: number;
  statements: number;
  actions: { statementId: string; action: string; owner?: string }[];
}

export interface Summary {
  themes: ThemeStanding[];
  strengths: ThemeStanding[];
  priorities: ThemeStanding[];
  signposting: { themeId: string; title: string; items: Framework['themes'][number]['signposting'] }[];
}

/** Where the team stands per theme; the highest two are strengths, the lowest two priorities. */
export function summarise(framework: Framework, variant: string, agreed: Agreed[]): Summary {
  const byStatement = new Map(agreed.map((a) => [a.statementId, a]));
  const themes = framework.themes.map((theme): ThemeStanding => {
    const statements = statementsFor(theme, variant);
    const scored = statements.map((s) => byStatement.get(s.id)).filter((a): a is Agreed => a !== undefined && a.value !== 'query');
    const points = scored.map((a) => (a.value === 'not-in-place' ? 0 : (levelIndex(framework, a.value) ?? -1) + 1)).filter((p) => p >= 0);
    return {
      themeId: theme.id,
      title: theme.title,
      score: points.length ? Math.round((points.reduce((x, y) => x + y, 0) / points.length) * 100) / 100 : undefined,
      agreed: statements.filter((s) => byStatement.has(s.id)).length,
      statements: statements.length,
      actions: statements.flatMap((s) => {
        const a = byStatement.get(s.id);
        return a?.action ? [{ statementId: s.id, action: a.action, ...(a.owner ? { owner: a.owner } : {}) }] : [];
      }),
    };
  });
  const scored = themes.filter((t) => t.score !== undefined).sort((a, b) => b.score! - a.score! || a.title.localeCompare(b.title));
  const strengths = scored.slice(0, Math.min(2, Math.floor(scored.length / 2)));
  const priorities = [...scored].reverse().slice(0, Math.min(2, Math.ceil(scored.length / 2))).filter((t) => !strengths.includes(t));
  const signposting = priorities.map((p) => {
    const theme = framework.themes.find((t) => t.id === p.themeId)!;
    return { themeId: theme.id, title: theme.title, items: theme.signposting };
  });
  return { themes, strengths, priorities, signposting };
}

export interface ThemeChange {
  themeId: string;
  title: string;
  before: number | undefined;
  now: number | undefined;
  change: number | undefined;
}

/** The change per theme against the team's previous review of the same framework and variant. */
export function compare(now: Summary, before: Summary | undefined): ThemeChange[] {
  return now.themes.map((t) => {
    const previous = before?.themes.find((b) => b.themeId === t.themeId)?.score;
    const change = previous !== undefined && t.score !== undefined ? Math.round((t.score - previous) * 100) / 100 : undefined;
    return { themeId: t.themeId, title: t.title, before: previous, now: t.score, change };
  });
}
