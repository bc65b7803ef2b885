import { z } from 'zod';
import type { Clock } from '../../clock.js';
import type { Jobs } from '../../jobs/jobs.js';
import { FINISHED_JOBS_KEPT_DAYS, scheduleNextDaily } from '../../jobs/retention.js';
import type { Logger } from '../../log.js';
import { Collection, clearPartition, type Doc } from '../../store/collection.js';
import type { DocumentStore } from '../../store/port.js';
import { addMonths, londonDate } from '../../time.js';
import { PARTITION as COACHING, inProgramme, type Programme } from '../coaching/model.js';
import { coachingCollections, type CoachingCollections } from '../coaching/store.js';
import { FanOutProgress } from '../fanout.js';
import { PARTITION as HOSTING, type Campaign } from '../hosting/model.js';
import { hostingCollections, inCampaign, type HostingCollections } from '../hosting/store.js';
import { PARTITION as REVIEWS, inReview, type Review } from '../reviews/model.js';
import { reviewCollections, type ReviewCollections } from '../reviews/store.js';
import { FORMER_MEMBER } from './redact.js';

export const RETENTION_JOB = 'privacy.retention';
/** RETENTION_MONTHS when it is not set (the config's default too). */
export const DEFAULT_RETENTION_MONTHS = 12;
/** When the daily run starts (London): after the system's own clean-up at 03:00. */
const RUN_AT = '03:30';

const Payload = z.object({ date: z.string() });

export interface RetentionReport {
  campaigns: number;
  cohorts: number;
  reviews: number;
  sendingReports: number;
  documents: number;
}

/**
 * Storage limitation: a daily job deletes or anonymises the personal data of each finished
 * programme `months` after it ended. A hosting campaign goes, with every document in its
 * partition, after its interview window; a coaching cohort after its last session; a completed
 * review keeps its agreed responses, actions and the levels its reveals counted (they describe the
 * school), while its answers, comments, members and lead's name go. Sending reports go with old
 * jobs. Candidates are found by the store's maintenance scan across tenants (not by
 * when they were last written: a late job can touch a finished campaign); each deletion is
 * logged with ids and counts only.
 */
export class ProgrammeRetention {
  private readonly hosting: HostingCollections;
  private readonly coaching: CoachingCollections;
  private readonly reviews: ReviewCollections;
  private readonly reports: Collection<typeof FanOutProgress>;

  constructor(private readonly deps: { store: DocumentStore; clock: Clock; jobs: Jobs; log: Logger; months: number }) {
    const { store, clock } = deps;
    this.hosting = hostingCollections(store, clock);
    this.coaching = coachingCollections(store, clock);
    this.reviews = reviewCollections(store, clock);
    this.reports = new Collection(store, clock, 'fanOutProgress', FanOutProgress);
    deps.jobs.register(RETENTION_JOB, Payload, async () => {
      await this.run();
      await this.ensure();
    });
  }

  /** Makes sure the next run is scheduled (at start-up; a no-op when it already is). */
  async ensure(): Promise<void> {
    await scheduleNextDaily(this.deps.jobs, this.deps.clock, RETENTION_JOB, RUN_AT);
  }

  /** One run: everything whose time has come. */
  async run(): Promise<RetentionReport> {
    const today = londonDate(this.deps.clock.now());
    const cutoff = addMonths(today, -this.deps.months);
    const report: RetentionReport = { campaigns: 0, cohorts: 0, reviews: 0, sendingReports: 0, documents: 0 };
    // Every tenant's campaigns, cohorts and completed reviews: a network has tens of each a year.
    for (const { doc } of await this.hosting.campaigns.scanAll(undefined)) {
      if (doc.fields.windowEnd > cutoff) continue;
      report.documents += await this.removeCampaign(doc);
      report.campaigns++;
    }
    for (const { doc } of await this.coaching.programmes.scanAll(undefined)) {
      const last = await this.lastSessionDay(doc);
      if (last > cutoff) continue;
      report.documents += await this.removeCohort(doc);
      report.cohorts++;
    }
    for (const { doc } of await this.reviews.reviews.scanAll(undefined, [{ field: 'status', op: '=', value: 'complete' }])) {
      if (doc.answersRemovedAt || (doc.completedAt ?? doc.updatedAt).slice(0, 10) > cutoff) continue;
      report.documents += await this.removeAnswers(doc);
      report.reviews++;
    }
    const reportsBefore = new Date(this.deps.clock.now().getTime() - FINISHED_JOBS_KEPT_DAYS * 86_400_000);
    report.sendingReports = await this.reports.removeAll(async () => (await this.reports.sweep(reportsBefore, 100)).filter((r) => r.doc.finished));
    this.deps.log.info({ ...report, months: this.deps.months }, 'retention: finished programmes cleared');
    return report;
  }

  private async removeCampaign(campaign: Doc<Campaign>): Promise<number> {
    const removed = (await clearPartition(this.deps.store, inCampaign(campaign.tenantId, campaign.id))) + Number(await this.hosting.campaigns.delete({ tenantId: campaign.tenantId, partition: HOSTING }, campaign.id));
    this.deps.log.info({ tenantId: campaign.tenantId, campaignId: campaign.id, documents: removed }, 'retention: hosting campaign deleted');
    return removed;
  }

  /** The last day of the cohort: its last session's, or the day it was set up when it has none. */
  private async lastSessionDay(programme: Doc<Programme>): Promise<string> {
    const sessions = await this.coaching.sessions.all(inProgramme(programme.tenantId, programme.id), { orderBy: [{ field: 'endsAt', direction: 'desc' }], limit: 1 });
    return londonDate(new Date(sessions[0]?.endsAt ?? programme.createdAt));
  }

  private async removeCohort(programme: Doc<Programme>): Promise<number> {
    const removed = (await clearPartition(this.deps.store, inProgramme(programme.tenantId, programme.id))) + Number(await this.coaching.programmes.delete({ tenantId: programme.tenantId, partition: COACHING }, programme.id));
    this.deps.log.info({ tenantId: programme.tenantId, programmeId: programme.id, documents: removed }, 'retention: coaching cohort deleted');
    return removed;
  }

  /** A completed review keeps what describes the school: agreed levels and actions, and the counts its reveals cut. */
  private async removeAnswers(review: Doc<Review>): Promise<number> {
    const scope = inReview(review.tenantId, review.id);
    const answers = await this.reviews.answers.removeAll(async () => (await this.reviews.answers.query(scope, { limit: 100 })).items);
    let changed = 0;
    // One token per person across the review's reveals, so counts of people stay as they were.
    const tokens = new Map<string, string>();
    const token = (responder: string) => tokens.get(responder) ?? tokens.set(responder, `r${tokens.size + 1}`).get(responder)!;
    for (const snapshot of await this.reviews.snapshots.all(scope)) {
      if (snapshot.answers.every((a) => /^r\d+$/.test(a.responder) && a.name === '' && a.comment === '')) continue;
      await this.reviews.snapshots.update(scope, snapshot.id, (current) =>
        current ? { ...current, answers: current.answers.map((a) => ({ ...a, responder: token(a.responder), name: '', comment: '' })) } : undefined,
      );
      changed++;
    }
    for (const lock of await this.reviews.locks.all({ tenantId: review.tenantId, partition: REVIEWS }, { where: [{ field: 'reviewId', op: '=', value: review.id }] })) {
      await this.reviews.locks.update({ tenantId: review.tenantId, partition: REVIEWS }, lock.id, (current) => (current ? { ...current, leadName: FORMER_MEMBER } : undefined));
      changed++;
    }
    for (const agreed of await this.reviews.agreed.all(scope, { where: [{ field: 'owner', op: '!=', value: '' }] })) {
      await this.reviews.agreed.update(scope, agreed.id, (current) => (current ? { ...current, owner: '' } : undefined));
      changed++;
    }
    for (const action of await this.reviews.actions.all(scope, { where: [{ field: 'ownerName', op: '!=', value: '' }] })) {
      await this.reviews.actions.update(scope, action.id, (current) => (current ? { ...current, ownerId: '', ownerName: '' } : undefined));
      changed++;
    }
    await this.reviews.reviews.update({ tenantId: review.tenantId, partition: REVIEWS }, review.id, (current) =>
      current ? { ...current, memberIds: [], assignments: {}, leadUserId: '', leadName: FORMER_MEMBER, answersRemovedAt: this.deps.clock.now().toISOString() } : undefined,
    );
    this.deps.log.info({ tenantId: review.tenantId, reviewId: review.id, answers, changed }, 'retention: review answers removed');
    return answers + changed + 1;
  }
}
