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
