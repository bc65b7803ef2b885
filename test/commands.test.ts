import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InvalidInputError, WrongPlaceError } from '../src/errors.js';
import type { CommandSpec } from '../src/features/router.js';
import { cleanText, parseCommand } from '../src/teams/commands.js';

const specs: CommandSpec<unknown>[] = [
  { id: 'core.help', feature: 'core', usage: 'help', summary: '', pattern: /help|\?/, audience: 'everyone', scopes: ['personal', 'channel'] },
  {
    id: 'core.roles.grant', feature: 'core', usage: 'roles grant [role] [name]', summary: '', pattern: /^roles grant (?<role>\S+) (?<name>.+)$/i,
    args: z.object({ role: z.enum(['coordinator', 'facilitator'], { errorMap: () => ({ message: 'bad role' }) }), name: z.string() }),
    audience: 'coordinator', scopes: ['personal'],
  },
];

describe('command parser', () => {
  it('strips the mention markup, HTML and extra spaces Teams sends', () => {
    expect(cleanText('<at>Headway</at>&nbsp; help  ')).toBe('help');
    expect(cleanText('<p>roles   grant\u00a0facilitator Amara</p>')).toBe('roles grant facilitator Amara');
    expect(cleanText('roles grant coordinator O&#39;Brien')).toBe("roles grant coordinator O'Brien");
    expect(cleanText('Smith &amp; Jones &lt;b&gt;')).toBe('Smith & Jones <b>'); // decoded after tags are gone: text, not markup
  });

  it('matches anchored and case-insensitive: "helpdesk" is not "help"', () => {
    expect(parseCommand('HELP', specs, 'personal')?.spec.id).toBe('core.help');
    expect(parseCommand('?', specs, 'personal')?.spec.id).toBe('core.help');
    expect(parseCommand('helpdesk', specs, 'personal')).toBeUndefined();
    expect(parseCommand('please help', specs, 'personal')).toBeUndefined();
    expect(parseCommand('', specs, 'personal')).toBeUndefined();
  });

  it('validates arguments with zod and answers with the usage', () => {
    expect(parseCommand('Roles Grant facilitator Amara Okafor', specs, 'personal')?.args).toEqual({ role: 'facilitator', name: 'Amara Okafor' });
    expect(() => parseCommand('roles grant admin Amara', specs, 'personal')).toThrow(InvalidInputError);
    expect(() => parseCommand('roles grant admin Amara', specs, 'personal')).toThrow(/bad role.*Usage: roles grant \[role\] \[name\]/);
  });

  it('says where a command works when used in the wrong place', () => {
    expect(() => parseCommand('roles grant facilitator Amara', specs, 'channel')).toThrow(WrongPlaceError);
    expect(() => parseCommand('help', specs, 'groupChat')).toThrow(/works in a personal chat with Headway or a team channel/);
  });
});
