/** What an erasure did, in counts only (what is logged and reported never names anyone). */
export class Tally {
  deleted = 0;
  anonymised = 0;

  deletedIf(gone: boolean): void {
    if (gone) this.deleted++;
  }

  get total(): number {
    return this.deleted + this.anonymised;
  }
}
