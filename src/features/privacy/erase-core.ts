import type { Clock } from '../../clock.js';
import { JobDoc } from '../../jobs/jobs.js';
import { Collection } from '../../store/collection.js';
import { ConversationDoc } from '../../store/conversations.js';
import { Delivery } from '../../store/deliveries.js';
import { ConcurrencyError, type DocumentStore } from '../../store/port.js';
import { Person, PARTITIONS } from '../core/model.js';
import type { PeopleDirectory } from '../core/people.js';
import { FanOutProgress } from '../fanout.js';
import { mentions, redact, type ErasedPerson } from './redact.js';
import { Tally } from './tally.js';

/** The job kind of an erasure itself: it is the one job that must keep its payload while it runs. */
export const ERASE_JOB = 'privacy.erase';

/**
 * The records every feature shares, by the type each is stored under: who the bot has met,
 * conversation references, delivery records, jobs and the progress of sendings. Erasure reads them
 * across the tenant's partitions (a maintenance scan) because they are keyed by message or job,
 * not by person.
 */
export class SharedRecords {
  private readonly people: Collection<typeof Person>;
  private readonly conversations: Collection<typeof ConversationDoc>;
  private readonly deliveries: Collection<typeof Delivery>;
  private readonly jobs: Collection<typeof JobDoc>;
  private readonly progress: Collection<typeof FanOutProgress>;

  constructor(
    store: DocumentStore,
    clock: Clock,
    private readonly directory: PeopleDirectory,
  ) {
    this.people = new Collection(store, clock, 'person', Person);
    this.conversations = new Collection(store, clock, 'conversation', ConversationDoc);
    this.deliveries = new Collection(store, clock, 'delivery', Delivery);
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
   * Who they are to the bot: delivery records of messages to them, other conversations' memory
   * of them, their person record. Their personal chat stays until `forgetChat`, so the report can
   * still reach it.
   */
  async eraseIdentity(person: ErasedPerson, tally: Tally): Promise<void> {
    const { tenantId, userId } = person;
    await this.eraseDeliveries(person, tally);
    const scope = { tenantId, partition: 'conversations' };
    // Channels and group chats (one per team or chat, not per person) may remember them as the last sender.
    for (const conversation of await this.conversations.all(scope, { where: [{ field: 'scope', op: 'in', value: ['channel', 'groupChat'] }] })) {
      if (!mentions(conversation, person)) continue;
      await this.conversations.update(scope, conversation.id, (current) => {
        if (!current) return undefined;
        const { user, ...reference } = current.reference;
        const remembered = user && (user.aadObjectId === userId || user.id === person.teamsId) ? reference : current.reference;
        return redact({ ...strip(current), reference: remembered }, person);
      });
      tally.anonymised++;
    }
    tally.deletedIf(await this.people.delete({ tenantId, partition: PARTITIONS.people }, userId));
    this.directory.forget(tenantId, userId);
  }

  /** Last: their personal chat's reference, and the record of the report just sent to it. */
  async forgetChat(person: ErasedPerson, tally: Tally): Promise<void> {
    const scope = { tenantId: person.tenantId, partition: 'conversations' };
    for (const personal of await this.conversations.all(scope, { where: [{ field: 'scope', op: '=', value: 'personal' }, { field: 'userId', op: '=', value: person.userId }] })) {
      tally.deletedIf(await this.conversations.delete(scope, personal.id));
    }
    await this.eraseDeliveries(person, new Tally());
  }

  private async eraseDeliveries(person: ErasedPerson, tally: Tally): Promise<void> {
    const recipients = [person.conversationId, person.userId, person.teamsId].filter((r): r is string => typeof r === 'string' && r !== '');
    for (const delivery of await this.deliveries.scanAll(person.tenantId, [{ field: 'recipient', op: 'in', value: recipients }])) tally.deletedIf(await this.deliveries.remove(delivery));
  }
}

/** A document's own fields, without its envelope (which is written afresh). */
function strip<T extends { id: string; pk: string; type: string; tenantId: string; schemaVersion: number; createdAt: string; updatedAt: string }>(doc: T): Omit<T, 'id' | 'pk' | 'type' | 'tenantId' | 'schemaVersion' | 'createdAt' | 'updatedAt'> {
  const { id: _id, pk: _pk, type: _type, tenantId: _tenant, schemaVersion: _version, createdAt: _created, updatedAt: _updated, ...fields } = doc;
  return fields;
}
