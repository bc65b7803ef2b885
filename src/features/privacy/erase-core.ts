import type { Clock } from '../../clock.js';
import { JobDoc } from '../../jobs/jobs.js';
import { Collection } from '../../store/collection.js';
import { ConcurrencyError, type DocumentStore } from '../../store/port.js';
import type { Services } from '../../compose.js';
import { FanOutProgress } from '../fanout.js';
import { mentions, redact, type ErasedPerson } from './redact.js';
import type { Tally } from './tally.js';

/** The job kind of an erasure itself: it is the one job that must keep its payload while it runs. */
export const ERASE_JOB = 'privacy.erase';

/**
 * The records every feature shares, by the type each is stored under: who the bot has met,
 * conversation references, delivery records, jobs and the progress of sendings. Erasure reads them
 * across the tenant's partitions (a maintenance scan) because they are keyed by message or job,
 * not by person.
 */
export class SharedRecords {
  private readonly jobs: Collection<typeof JobDoc>;
  private readonly progress: Collection<typeof FanOutProgress>;

  constructor(
    store: DocumentStore,
    clock: Clock,
    private readonly deps: Pick<Services, 'refs' | 'deliveries' | 'people'>,
  ) {
    this.jobs = new Collection(store, clock, 'job', JobDoc);
    this.progress = new Collection(store, clock, 'fanOutProgress', FanOutProgress);
  }

  /**
   * Jobs and sending reports that name the person: finished jobs and jobs for them alone go;
   * jobs still to run for others (a sending to a group) and reports keep going without them.
   */
  async eraseWork(person: ErasedPerson, tally: Tally): Promise<void> {
    for (const job of await this.jobs.scanAll('_system', [{ field: 'jobTenantId', op: '=', value: person.tenantId }])) {
      const { doc } = job;
      if (doc.kind === ERASE_JOB || !(mentions(doc.payload, person) || mentions(doc.id, person))) continue;
      const theirs = doc.payload.userId === person.userId || mentions(doc.id, person);
      try {
        if (doc.status !== 'pending' && doc.status !== 'running') tally.deletedIf(await this.jobs.remove(job));
        else if (doc.status === 'pending' && theirs) tally.deletedIf(await this.jobs.remove(job));
        else if (doc.status === 'pending') {
          await this.jobs.replace(job, { ...doc, payload: redact(doc.payload, person) });
          tally.anonymised++;
        }
      } catch (error) {
        // It started running meanwhile: it acts on records this erasure has already changed.
        if (!(error instanceof ConcurrencyError)) throw error;
      }
    }
    for (const report of await this.progress.all({ tenantId: person.tenantId, partition: 'fanouts' })) {
      if (!mentions(report, person)) continue;
      await this.progress.update({ tenantId: person.tenantId, partition: 'fanouts' }, report.id, (current) => (current ? redact(strip(current), person) : undefined));
      tally.anonymised++;
    }
  }

  /**
   * Who they are to the bot: delivery records of messages to them and their person record. Their
   * personal chat stays until `forgetChat`, so the report can still reach it. (Channel and group
   * chat references hold no person: src/teams/app.ts stores the user for personal chats only.)
   */
  async eraseIdentity(person: ErasedPerson, tally: Tally): Promise<void> {
    tally.deleted += await this.deps.deliveries.forgetRecipients(person.tenantId, recipientsOf(person));
    tally.deletedIf(await this.deps.people.remove(person.tenantId, person.userId));
  }

  /** Last: their personal chat's reference, and the record of the report just sent to it. */
  async forgetChat(person: ErasedPerson, tally: Tally): Promise<void> {
    tally.deleted += await this.deps.refs.forgetPersonal(person.tenantId, person.userId);
    await this.deps.deliveries.forgetRecipients(person.tenantId, recipientsOf(person));
  }
}

/** What a delivery record may name as its recipient: a person's ids, or their personal chat. */
function recipientsOf(person: ErasedPerson): string[] {
  return [person.conversationId, person.userId, person.teamsId].filter((r): r is string => typeof r === 'string' && r !== '');
}

/** A document's own fields, without its envelope (which is written afresh). */
function strip<T extends { id: string; pk: string; type: string; tenantId: string; schemaVersion: number; createdAt: string; updatedAt: string }>(doc: T): Omit<T, 'id' | 'pk' | 'type' | 'tenantId' | 'schemaVersion' | 'createdAt' | 'updatedAt'> {
  const { id: _id, pk: _pk, type: _type, tenantId: _tenant, schemaVersion: _version, createdAt: _created, updatedAt: _updated, ...fields } = doc;
  return fields;
}
