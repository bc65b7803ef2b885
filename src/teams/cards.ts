import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Template } from 'adaptivecards-templating';
import { teamsBytes } from '../size.js';

/** Teams refuses bot messages over about 100 KB as UTF-16 and recommends 80 KB: each card stays within 80 KB as Teams counts (see teamsBytes). */
export const MAX_CARD_BYTES = 80 * 1024;

export class CardTooLargeError extends Error {
  constructor(
    readonly template: string,
    readonly bytes: number,
  ) {
    super(`Card ${template} is ${bytes} bytes as Teams counts it (UTF-16), over the ${MAX_CARD_BYTES}-byte limit: split it`);
  }
}

export type AdaptiveCard = Record<string, unknown> & { type: 'AdaptiveCard' };

/** cards/ sits at the project root, whether this runs from src/ (tests) or dist/src/ (build). */
function findCardsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'cards');
    if (existsSync(join(candidate, 'core'))) return candidate;
    dir = dirname(dir);
  }
  throw new Error('cards/ folder not found above ' + fileURLToPath(import.meta.url));
}

export const CARDS_DIR = findCardsDir();
const templates = new Map<string, Template>();

/**
 * A card's parsed template, built once per name.
 *
 * @remarks
 * Building a `Template` parses every `${...}` expression in the card (adaptive-expressions and
 * antlr4ts): about 0.6 ms for the help card, 35 times its `expand`. A profile of 3,000 `help`
 * turns put 13% of all CPU there; expanding one parsed template per card is the same output.
 */
function template(name: string): Template {
  let parsed = templates.get(name);
  if (parsed === undefined) {
    parsed = new Template(JSON.parse(readFileSync(join(CARDS_DIR, `${name}.json`), 'utf8')));
    templates.set(name, parsed);
  }
  return parsed;
}

/** Every template name, e.g. `core/help`. */
export function templateNames(): string[] {
  const names: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.json')) names.push(relative(CARDS_DIR, path).replace(/\\/g, '/').replace(/\.json$/, ''));
    }
  };
  walk(CARDS_DIR);
  return names.sort();
}

/**
 * Binds `data` into a card template. User text only ever reaches a card through this binding.
 * Each Action.Execute gets an Action.Submit fallback carrying the verb in its data, for clients
 * without Universal Actions; both are routed.
 */
export function render(name: string, data: Record<string, unknown>): AdaptiveCard {
  const card = template(name).expand({ $root: data }) as AdaptiveCard;
  addSubmitFallbacks(card);
  keepNumbersAsText(card);
  const bytes = teamsBytes(card);
  if (bytes > MAX_CARD_BYTES) throw new CardTooLargeError(name, bytes);
  return card;
}

/** Calls `visit` on every object in a card, a parent before its children. */
function eachObject(node: unknown, visit: (record: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) {
    for (const item of node) eachObject(item, visit);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const record = node as Record<string, unknown>;
  visit(record);
  for (const value of Object.values(record)) eachObject(value, visit);
}

/**
 * Teams reads a TextBlock line (or a FactSet title) that starts "1. " as a numbered list and
 * renumbers or indents it: a theme called "1. Leadership" showed as a list item. No card means a
 * numbered list, so the space after such a number becomes a no-break space, which reads the same
 * and is not markdown.
 */
function keepNumbersAsText(card: unknown): void {
  const plain = (text: unknown) => (typeof text === 'string' ? text.replace(/^(\s*\d+)\. /gm, '$1.\u00a0') : text);
  eachObject(card, (record) => {
    if (record.type === 'TextBlock') record.text = plain(record.text);
    // A FactSet's titles and values are markdown too ("1. Leadership" in the summary's Where we stand).
    if (record.type === 'FactSet' && Array.isArray(record.facts)) record.facts = (record.facts as Record<string, unknown>[]).map((f) => ({ ...f, title: plain(f.title), value: plain(f.value) }));
  });
}

function addSubmitFallbacks(card: unknown): void {
  eachObject(card, (record) => {
    if (record.type !== 'Action.Execute' || typeof record.verb !== 'string' || record.fallback !== undefined) return;
    record.fallback = {
      type: 'Action.Submit',
      title: record.title,
      ...(record.associatedInputs ? { associatedInputs: record.associatedInputs } : {}),
      data: { ...((record.data as Record<string, unknown> | undefined) ?? {}), verb: record.verb },
    };
  });
}

/** Every Action.Execute verb a rendered card carries. */
export function verbsIn(node: unknown, found = new Set<string>()): Set<string> {
  eachObject(node, (record) => {
    if (record.type === 'Action.Execute' && typeof record.verb === 'string') found.add(record.verb);
  });
  return found;
}
