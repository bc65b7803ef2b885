import { describe, expect, it } from 'vitest';
import { parseParticipantLines, readParticipant } from './participants.js';

describe('participant entry', () => {
  it('keeps the good pasted lines and lists the bad ones with their numbers', () => {
    const parsed = parseParticipantLines(
      ['Name, Phase, School, Email', 'Ada Obi, primary, Ash Primary, ada@example.org', 'Ben Ray; High; Cedar High; ben@example.org', 'Cy, nursery, Elm, cy@example.org', 'just a name', 'Di Lu, special, , di@example.org', 'Ed Ng\tsecondary\tFir High\tnot-an-email'].join('\n'),
    );
    expect(parsed.participants).toEqual([
      { name: 'Ada Obi', phase: 'primary', ownSchool: 'Ash Primary', email: 'ada@example.org' },
      { name: 'Ben Ray', phase: 'secondary', ownSchool: 'Cedar High', email: 'ben@example.org' },
    ]);
    expect(parsed.errors.map((e) => [e.line, e.problem])).toEqual([
      [4, 'Choose primary, secondary or special.'],
      [5, 'expected 4 values: name, phase, own school, e-mail'],
      [6, 'Give their own school.'],
      [7, 'Give a valid e-mail address.'],
    ]);
  });

  it('reads one participant from the card fields, with a message per field', () => {
    expect(readParticipant({ name: ' Ada ', phase: 'Special', ownSchool: 'Holly', email: 'a@b.org' })).toEqual({ ok: true, participant: { name: 'Ada', phase: 'special', ownSchool: 'Holly', email: 'a@b.org' } });
    expect(readParticipant({ name: '', phase: 'x', ownSchool: '', email: '' })).toEqual({
      ok: false,
      errors: { name: 'Give the participant’s name.', phase: 'Choose primary, secondary or special.', ownSchool: 'Give their own school.', email: 'Give a valid e-mail address.' },
    });
  });
});
