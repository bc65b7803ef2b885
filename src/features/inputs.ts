import { z } from 'zod';

/**
 * Card inputs as Teams sends them: every value a string (Input.Number and toggles too, and in some
 * clients numbers), absent when left empty; a multi-select ChoiceSet as "id1,id2".
 */
export const cardText = (max = 2000) => z.preprocess((v) => (v === undefined || v === null ? '' : String(v)), z.string().max(max, 'That entry is too long.'));

export const multiSelect = z.preprocess((v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter((s) => s !== '') : (v ?? [])), z.array(z.string()));

/** The revision a card shows of the document its actions change (see `revise`); absent on cards from before revisions. */
export const revisionField = z.preprocess(
  (v) => (v === undefined || v === null || v === '' ? undefined : typeof v === 'string' ? Number(v) : v),
  z.number().int().min(0).optional(),
);
