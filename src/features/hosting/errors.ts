import { DomainError } from '../../errors.js';

export class CampaignNotFoundError extends DomainError {
  readonly code = 'HOSTING.CAMPAIGN_NOT_FOUND';
  constructor() {
    super('That hosting campaign no longer exists. Nothing was changed.');
  }
}

/** Replies after the deadline are refused, naming whom to contact. */
export class CampaignClosedError extends DomainError {
  readonly code = 'HOSTING.CAMPAIGN_CLOSED';
  constructor(contactName: string, contactEmail: string, contactPhone: string) {
    super(`This campaign closed to replies at its deadline. If you would still like to help, please contact ${contactName} (${contactEmail}, ${contactPhone}). Nothing was changed.`);
  }
}

/** Another head's offer for the same school landed first (decided at the write, not before it). */
export class SchoolAlreadyOfferedError extends DomainError {
  readonly code = 'HOSTING.SCHOOL_ALREADY_OFFERED';
}
