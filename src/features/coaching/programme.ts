import { randomUUID } from 'node:crypto';
import type { Clock } from '../../clock.js';
import { FormError, NotFoundError } from '../../errors.js';
import type { Collection, Doc } from '../../store/collection.js';
import { londonDate } from '../../time.js';
import type { RoleService } from '../core/service.js';
import type { Actor } from '../ports.js';
import { CoachingPhase, PARTITION, Programme, ProgrammeFields } from './model.js';

/** The programme card as Teams sends it: strings, and the phases as "a,b,c". */
export interface ProgrammeForm {
  name: string;
  provider: string;
  cohortStart: string;
  cap: string;
  minGroup: string;
  maxGroup: string;
  sessions: string;
  minutes: string;
  spanMonths: string;
  resourcesLink: string;
  contactEmail: string;
  phases: string;
  offerDays: string;
}

const number = (text: string): number => (/^\s*-?\d+\s*$/.test(text) ? Number(text) : Number.NaN);

export function toProgrammeFields(form: ProgrammeForm): { ok: true; fields: ProgrammeFields } | { ok: false; errors: Record<string, string> } {
  const parsed = ProgrammeFields.safeParse({
    name: form.name,
    provider: form.provider,
    cohortStart: form.cohortStart,
    cap: number(form.cap),
    minGroup: number(form.minGroup),
    maxGroup: number(form.maxGroup),
    sessions: number(form.sessions),
    minutes: number(form.minutes),
    spanMonths: number(form.spanMonths),
    resourcesLink: form.resourcesLink,
    contactEmail: form.contactEmail,
    phases: form.phases.split(',').map((p) => p.trim()).filter((p) => p !== '' && CoachingPhase.safeParse(p).success),
    offerDays: number(form.offerDays),
  });
  const errors: Record<string, string> = {};
  if (!parsed.success) for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
  if (parsed.success && parsed.data.minGroup > parsed.data.maxGroup) errors.maxGroup = 'The largest group cannot be smaller than the smallest.';
  return parsed.success && Object.keys(errors).length === 0 ? { ok: true, fields: parsed.data } : { ok: false, errors };
}

/** The seed's early roll-out: UCL, a cap of 60, groups of 4 to 6, six 90-minute sessions over 12 months, from October. */
export function defaultProgrammeForm(today: string): ProgrammeForm {
  const year = Number(today.slice(0, 4)) + (today.slice(5) >= '10-01' ? 1 : 0);
  return {
    name: 'Early Headship Coaching Offer',
    provider: 'UCL',
    cohortStart: `${year}-10-01`,
    cap: '60',
    minGroup: '4',
    maxGroup: '6',
    sessions: '6',
    minutes: '90',
    spanMonths: '12',
    resourcesLink: '',
    contactEmail: '',
    phases: 'primary,secondary,special,all-through,16-19',
    offerDays: '5',
  };
}

export function formOf(fields: ProgrammeFields): ProgrammeForm {
  return {
    ...fields,
    cap: String(fields.cap),
    minGroup: String(fields.minGroup),
    maxGroup: String(fields.maxGroup),
    sessions: String(fields.sessions),
    minutes: String(fields.minutes),
    spanMonths: String(fields.spanMonths),
    phases: fields.phases.join(','),
    offerDays: String(fields.offerDays),
  };
}

/** Coaching programmes: set up and edited by coordinators; the open one is what heads join. */
export class ProgrammeService {
  constructor(
    private readonly programmes: Collection<typeof Programme>,
    private readonly roles: RoleService,
    private readonly clock: Clock,
  ) {}

  async form(actor: Actor, programmeId?: string): Promise<ProgrammeForm> {
    await this.roles.require(actor, 'coordinator');
    return programmeId ? formOf((await this.get(actor.tenantId, programmeId)).fields) : defaultProgrammeForm(londonDate(this.clock.now()));
  }

  async save(actor: Actor, form: ProgrammeForm, programmeId?: string): Promise<Doc<Programme>> {
    await this.roles.require(actor, 'coordinator');
    const result = toProgrammeFields(form);
    if (!result.ok) throw new FormError(result.errors);
    const scope = { tenantId: actor.tenantId, partition: PARTITION };
    if (!programmeId) {
      return (await this.programmes.create(scope, randomUUID(), { fields: result.fields, status: 'open', createdBy: actor.userId })).doc;
    }
    const updated = await this.programmes.update(scope, programmeId, (current) => {
      if (!current) throw new NotFoundError('That coaching programme no longer exists.');
      return { ...current, fields: result.fields };
    });
    return updated!.doc;
  }

  async get(tenantId: string, programmeId: string): Promise<Doc<Programme>> {
    const found = await this.programmes.get({ tenantId, partition: PARTITION }, programmeId);
    if (!found) throw new NotFoundError('That coaching programme no longer exists.');
    return found.doc;
  }

  /** The programme heads join now: the newest one. */
  async current(tenantId: string): Promise<Doc<Programme> | undefined> {
    return this.programmes.first({ tenantId, partition: PARTITION }, { orderBy: [{ field: 'createdAt', direction: 'desc' }] });
  }
}
