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
