import { describe, expect, it } from 'vitest';
import { toCsv } from '../src/csv.js';

describe('CSV for Excel', () => {
  it('starts with a BOM, quotes every field, doubles quotes and ends lines with CRLF', () => {
    expect(toCsv([['School', 'Places'], ['St Mary\'s "Upper"', 3]])).toBe('\uFEFF"School","Places"\r\n"St Mary\'s ""Upper""","3"\r\n');
  });

  it('never lets a cell run as a formula', () => {
    expect(toCsv([['=HYPERLINK("x")', '+1', '-2', '@SUM(A1)', 'fine']])).toBe('\uFEFF"\'=HYPERLINK(""x"")","\'+1","\'-2","\'@SUM(A1)","fine"\r\n');
  });
});
