/** An in-memory, ordered record of calls with listeners (used for assertions and the console log). */
export class CallLog<T extends { readonly seq: number }> {
  private records: T[] = [];
  private nextSeq = 1;
  private readonly listeners = new Set<(record: T) => void>();

  /** Allocates the next sequence number. */
  seq(): number {
    return this.nextSeq++;
  }

  add(record: T): T {
    this.records.push(record);
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
