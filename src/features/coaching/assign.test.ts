import { describe, expect, it } from 'vitest';
import { assignFacilitators } from './assign.js';

describe('assignFacilitators', () => {
  it('matches phase first, keeps within capacity, and says where it could not', () => {
    const groups = [
      { id: 'P1', phase: 'primary' },
      { id: 'P2', phase: 'primary' },
      { id: 'P3', phase: 'primary' },
      { id: 'S1', phase: 'special' },
      { id: 'X1', phase: 'secondary' },
    ];
    const facilitators = [
      { userId: 'ann', name: 'Ann', phases: ['primary'], capacity: 2 },
      { userId: 'sam', name: 'Sam', phases: ['special', 'primary'], capacity: 2 },
    ];
    const { assignments, notes } = assignFacilitators(groups, facilitators);
    expect(assignments.S1).toBe('sam'); // the scarce specialist goes to the special group
    expect(['P1', 'P2', 'P3'].map((g) => assignments[g]).sort()).toEqual(['ann', 'ann', 'sam']);
    expect(assignments.X1).toBeUndefined();
    expect(notes).toEqual(['Group X1 has no facilitator: every facilitator is at capacity.']);
  });

  it('uses someone from another phase when nobody of the phase has room, and notes it', () => {
    const { assignments, notes } = assignFacilitators([{ id: 'X1', phase: 'secondary' }], [{ userId: 'ann', name: 'Ann', phases: ['primary'], capacity: 1 }]);
    expect(assignments).toEqual({ X1: 'ann' });
    expect(notes).toEqual(['Group X1 (secondary) has Ann, who does not usually take secondary groups.']);
  });
});
