import { z } from 'zod';
import { tooLong } from '../inputs.js';
import { Phase, type Participant } from './model.js';

export interface ParsedLines {
  participants: Omit<Participant, 'userId'>[];
  errors: { line: number; text: string; problem: string }[];
}

const PHASE_WORDS: Record<string, Phase> = {
  primary: 'primary',
  secondary: 'secondary',
  high: 'secondary',
  'high school': 'secondary',
  special: 'special',
  'special school': 'special',
};

const Email = z.string().email();

/** One participant from the card's single-entry fields; problems by field. */
export function readParticipant(input: { name?: unknown; phase?: unknown; ownSchool?: unknown; email?: unknown }): { ok: true; participant: Omit<Participant, 'userId'> } | { ok: false; errors: Record<string, string> } {
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  const errors: Record<string, string> = {};
  const name = text(input.name);
  const phase = PHASE_WORDS[text(input.phase).toLowerCase()];
  const ownSchool = text(input.ownSchool);
  const email = text(input.email);
  if (name === '') errors.name = 'Give the participant’s name.';
  else if (name.length > 100) errors.name = tooLong('the name', 100);
  if (!phase) errors.phase = 'Choose primary, secondary or special.';
  if (ownSchool === '') errors.ownSchool = 'Give their own school.';
  else if (ownSchool.length > 120) errors.ownSchool = tooLong('the school name', 120);
  if (email.length > 254) errors.email = tooLong('the e-mail', 254);
  else if (!Email.safeParse(email).success) errors.email = 'Give a valid e-mail address.';
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, participant: { name, phase: phase!, ownSchool, email } };
}

/**
 * Pasted lines "name, phase, own school, e-mail" (a header line is skipped). Good lines are kept;
 * each bad line is reported with its number and what is wrong.
 */
export function parseParticipantLines(text: string): ParsedLines {
  const result: ParsedLines = { participants: [], errors: [] };
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || (index === 0 && /^name\s*[,;\t]/i.test(line))) return;
    const cells = line.split(/[,;\t]/).map((c) => c.trim());
    if (cells.length !== 4) {
      result.errors.push({ line: index + 1, text: line, problem: 'expected 4 values: name, phase, own school, e-mail' });
      return;
    }
    const [name, phase, ownSchool, email] = cells;
    const read = readParticipant({ name, phase, ownSchool, email });
    if (read.ok) result.participants.push(read.participant);
    else result.errors.push({ line: index + 1, text: line, problem: Object.values(read.errors).join(' ') });
  });
  return result;
}
