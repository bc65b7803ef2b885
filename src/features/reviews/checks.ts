import type { Framework } from './framework.js';

type Statement = Framework['themes'][number]['statements'][number];

/** What is wrong with a person's answers to a theme: statements not in it, values not on the scale, long comments. */
export function answerProblems(framework: Framework, statements: Statement[], answers: { statementId: string; value: string; comment?: string }[]): string[] {
  const statementIds = new Set(statements.map((s) => s.id));
  const values = new Set([...framework.scale.levels.map((l) => l.id), 'not-in-place', 'query']);
  const problems: string[] = [];
  for (const a of answers) {
    if (!statementIds.has(a.statementId)) problems.push(`"${a.statementId}" is not a statement of this theme`);
    else if (!values.has(a.value)) problems.push(`"${a.value}" is not on the scale`);
    if ((a.comment ?? '').length > 1000) problems.push(`your comment on “${opening(statements, a.statementId)}”: keep it under 1,000 characters`);
  }
  return problems;
}

/** What is missing or wrong in the lead's agreement: every statement needs a level (a query is not an agreement). */
export function agreementProblems(framework: Framework, statements: Statement[], agreed: { statementId: string; value: string; action?: string; owner?: string; evidenceLinks?: string; evidenceNote?: string }[]): string[] {
  const values = new Set([...framework.scale.levels.map((l) => l.id), 'not-in-place']);
  const problems: string[] = [];
  for (const s of statements) {
    const a = agreed.find((x) => x.statementId === s.id);
    if (!a || !values.has(a.value)) problems.push(`choose the agreed level for "${s.text.slice(0, 60)}…"`);
    if ((a?.action ?? '').length > 500) problems.push(`the action for “${opening(statements, s.id)}”: keep it under 500 characters`);
    if ((a?.owner ?? '').length > 100) problems.push(`the owner for “${opening(statements, s.id)}”: keep it under 100 characters`);
    const links = linkProblem(a?.evidenceLinks ?? '');
    if (links) problems.push(`the evidence links for “${opening(statements, s.id)}”: ${links}`);
    if ((a?.evidenceNote ?? '').length > 1000) problems.push(`the evidence note for “${opening(statements, s.id)}”: keep it under 1,000 characters`);
  }
  return problems;
}

/** Evidence links as typed: web addresses separated by spaces, commas or new lines. */
export function linksOf(text: string): string[] {
  return text.split(/[\s,]+/).filter((l) => l !== '');
}

export const MAX_EVIDENCE_LINKS = 5;

/** What is wrong with typed evidence links, if anything: at most 5, each a whole https (or http) address. */
export function linkProblem(text: string): string | undefined {
  const links = linksOf(text);
  if (links.length > MAX_EVIDENCE_LINKS) return `give at most ${MAX_EVIDENCE_LINKS} links`;
  for (const link of links) {
    if (link.length > 1000) return 'keep each link under 1,000 characters';
    let url: URL;
    try {
      url = new URL(link);
    } catch {
      return `"${link.slice(0, 40)}" is not a web address (start it with https://)`;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return `"${link.slice(0, 40)}" is not a web address (start it with https://)`;
  }
  return undefined;
}

/** A statement's opening words, to say which field of a many-statement card a problem is in. */
function opening(statements: Statement[], statementId: string): string {
  const text = statements.find((s) => s.id === statementId)?.text ?? statementId;
  return text.length > 60 ? `${text.slice(0, 60).replace(/\s+\S*$/, '')}…` : text;
}

/**
 * Themes shared out to team members: unknown themes and people outside the team are dropped.
 * Answers who was newly given which themes (for their nudge) against the previous assignments.
 */
export function shareOut(framework: Framework, assignments: Record<string, string[]>, members: string[], previous: Record<string, string[]>): { clean: Record<string, string[]>; newly: Map<string, string[]> } {
  const allowed = new Set(members);
  const clean: Record<string, string[]> = {};
  for (const theme of framework.themes) {
    const people = [...new Set((assignments[theme.id] ?? []).filter((userId) => allowed.has(userId)))];
    if (people.length > 0) clean[theme.id] = people;
  }
  const newly = new Map<string, string[]>();
  for (const [themeId, people] of Object.entries(clean)) {
    for (const userId of people) if (!(previous[themeId] ?? []).includes(userId)) newly.set(userId, [...(newly.get(userId) ?? []), themeId]);
  }
  return { clean, newly };
}
