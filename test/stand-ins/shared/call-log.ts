/**
 * An in-memory, ordered record of calls with listeners (used for assertions and the console log).
 * Keeps the newest `limit` records so long runs (demo, benchmark) stay bounded.
 */
export class CallLog<T extends { readonly seq: number }> {
  private records: T[] = [];
  private nextSeq = 1;
  private readonly listeners = new Set<(record: T) => void>();

  constructor(private readonly limit = 100_000) {}

  /** Allocates the next sequence number. */
  seq(): number {
    return this.nextSeq++;
  }

  add(record: T): T {
    this.records.push(record);
    // Trim in batches so adding stays O(1) amortised.
    if (this.records.length > this.limit * 1.1) this.records = this.records.slice(-this.limit);
    return record;
  }

  /** Tells listeners that a record is complete (answered, failed or left hanging). */
  publish(record: T): void {
    for (const listener of this.listeners) {
      try {
        listener(record);
      } catch {
        // a listener's failure must not break the stand-in
      }
    }
  }

  list(predicate?: (record: T) => boolean): T[] {
    return predicate ? this.records.filter(predicate) : [...this.records];
  }

  clear(): void {
    this.records = [];
  }

  onRecord(listener: (record: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
