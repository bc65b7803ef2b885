/**
 * How big a message is as Teams measures it: the JSON as UTF-16, two bytes per code unit.
 *
 * @remarks
 * Teams refuses a bot message over about 100 KB of its payload encoded as UTF-16 (413
 * MessageSizeTooBig) and Microsoft recommends staying within 80 KB. UTF-8 counts most text at one
 * byte a character, so a UTF-8 guard lets through cards twice too big.
 */
export function teamsBytes(value: unknown): number {
  return 2 * JSON.stringify(value).length;
}

/** Splits items, in order, into runs whose JSON stays under the budget (an item over it alone gets a run of its own). */
export function splitBySize<T>(items: T[], budget: number): T[][] {
  const runs: T[][] = [];
  let run: T[] = [];
  let size = 0;
  for (const item of items) {
    const bytes = teamsBytes(item);
    if (run.length > 0 && size + bytes > budget) {
      runs.push(run);
      run = [];
      size = 0;
    }
    run.push(item);
    size += bytes;
  }
  if (run.length > 0) runs.push(run);
  return runs;
}
