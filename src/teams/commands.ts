import { decodeHTML } from 'entities';
import type { CommandSpec } from '../features/router.js';
import type { Scope } from '../features/ports.js';
import { InvalidInputError, WrongPlaceError } from '../errors.js';

export interface ParsedCommand {
  spec: CommandSpec<unknown>;
  args: unknown;
}

const SCOPE_TEXT: Record<Scope, string> = { personal: 'a personal chat with Headway', groupChat: 'a group chat', channel: 'a team channel' };

/**
 * Text as typed, without the @mention markup Teams leaves behind (`<at>Headway</at>`), HTML
 * the client adds, HTML entities (decoded), non-breaking spaces or repeated spaces.
 */
export function cleanText(text: string | undefined): string {
  // Tags first, then entities (Teams sends O&#39;Brien and &amp; as typed), so a decoded "<" is text.
  const untagged = (text ?? '').replace(/<at>[^<]*<\/at>/gi, ' ').replace(/<[^>]+>/g, ' ');
  return decodeHTML(untagged).replace(/[\s\u00a0]+/g, ' ').trim();
}

/**
 * The one command parser. Patterns are anchored, so "helpdesk" is not "help". Returns undefined
 * for text no command claims; throws InvalidInputError (with the usage) when a command matched
 * but its arguments did not validate, and WrongPlaceError when it is not available here.
 */
export function parseCommand(text: string, specs: readonly CommandSpec<unknown>[], scope: Scope): ParsedCommand | undefined {
  const cleaned = cleanText(text);
  if (cleaned === '') return undefined;
  for (const spec of specs) {
    const match = anchored(spec.pattern).exec(cleaned);
    if (!match) continue;
    if (!spec.scopes.includes(scope)) {
      throw new WrongPlaceError(wrongPlace(spec));
    }
    if (!spec.args) return { spec, args: {} };
    const parsed = spec.args.safeParse({ ...match.groups });
    if (!parsed.success) {
      throw new InvalidInputError(
        `I couldn't read that: ${parsed.error.issues.map((i) => i.message).join('; ')}. Usage: ${spec.usage}.`,
      );
    }
    return { spec, args: parsed.data };
  }
  return undefined;
}

/** Where a command works, for someone who tried it elsewhere. */
export function wrongPlace(spec: Pick<CommandSpec<unknown>, 'usage' | 'scopes'>): string {
  return `"${spec.usage}" works in ${spec.scopes.map((s) => SCOPE_TEXT[s]).join(' or ')}, not here.`;
}

function anchored(pattern: RegExp): RegExp {
  const inner = pattern.source.replace(/^\^/, '').replace(/\$$/, '');
  return new RegExp(`^(?:${inner})$`, pattern.flags.includes('i') ? pattern.flags : `${pattern.flags}i`);
}
