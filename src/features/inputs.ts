import { z } from 'zod';
import { InvalidInputError } from '../errors.js';

/**
 * Card inputs as Teams sends them: every value a string (Input.Number and toggles too, and in some
 * clients numbers), absent when left empty; a multi-select ChoiceSet as "id1,id2".
 */
/**
 * A card value as text: strings as they are, numbers and booleans written out, nothing for an
 * absent value; undefined for anything else (an object or array where text belongs, which a
 * forged card can send and `String()` would throw on or turn into "[object Object]").
 */
export function textOf(value: unknown): string | undefined {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** A card value that must be text, else refused naming the field. */
export function requireText(value: unknown, field: string, max = 2000): string {
  const text = textOf(value);
  if (text === undefined) throw new InvalidInputError(`${field}: give this as text. Nothing was changed.`);
  if (text.length > max) throw new InvalidInputError(`${field}: keep this under ${max.toLocaleString('en-GB')} characters. Nothing was changed.`);
  return text;
}

export const cardText = (max = 2000) =>
  z.preprocess((v) => textOf(v) ?? v, z.string({ invalid_type_error: 'Give this as text.' }).max(max, `Keep this under ${max.toLocaleString('en-GB')} characters.`));

/**
 * A form's free text, as long as a request can carry (the server takes 1 MB): the form's own rules
 * then refuse what is too long with a message under that field (see `tooLong`), where the router
 * could only answer with a bare list. A form shown back after a refusal goes through `shownBack`.
 */
export const formText = cardText(1_000_000);

/** The message under a field whose value is too long: "Keep the name under 120 characters." */
export const tooLong = (what: string, max: number): string => `Keep ${what} under ${max.toLocaleString('en-GB')} characters.`;

/**
 * A refused form as it is shown back: each value cut to `max` characters, so that however much was
 * pasted the card stays within Teams' size limit (a field's own limit is far below this).
 */
export function shownBack<T extends object>(form: T, max = 2000): T {
  return Object.fromEntries(Object.entries(form).map(([key, value]) => [key, typeof value === 'string' ? value.slice(0, max) : value])) as T;
}

/** Each field's message for under it on a form card, '' where there is none (the card shows it `$when` not empty). */
export function fieldMessages(fields: readonly string[], errors: Record<string, string>): Record<string, string> {
  return Object.fromEntries(fields.map((field) => [field, errors[field] ?? '']));
}

/** A card value as a number: text or a number; anything else (an object, an array) is not a number, so it is refused. */
export function numberOf(value: unknown): number {
  const text = textOf(value);
  return text === undefined || text.trim() === '' ? Number.NaN : Number(text);
}

/** A card's number field: refused with `message` unless a number. */
export const cardNumber = (message = 'Give a number.') => z.preprocess(numberOf, z.number({ invalid_type_error: message }).refine(Number.isFinite, message));

export const multiSelect = z.preprocess((v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter((s) => s !== '') : (v ?? [])), z.array(z.string().max(200)).max(5000));

/** The revision a card shows of the document its actions change (see `revise`); absent on cards from before revisions. */
export const revisionField = z.preprocess(
  (v) => (v === undefined || v === null || v === '' ? undefined : numberOf(v)),
  z.number().int().min(0).optional(),
);

/** A card field's id as people read it: `contactEmail` is "Contact email". */
export function fieldLabel(field: string): string {
  return field.replace(/([A-Z])/g, ' $1').replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()).replace(/ ([A-Z])(?=[a-z])/g, (_m, c: string) => ` ${c.toLowerCase()}`);
}
