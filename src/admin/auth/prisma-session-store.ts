import session, { type SessionData } from 'express-session';
import type { Db } from '../../shared/db/prisma-types.ts';
import './session-data.ts';

export interface PrismaSessionStoreOptions {
  readonly db: Db;
  /** Lifetime of a session whose cookie has no expiry (defaults to one day). */
  readonly defaultTtlMs?: number;
  /**
   * A touch (an unchanged session seen again) writes the new expiry at most this often per
   * session: the dashboard polls every 10 s and must not turn every poll into a write.
   * The stored expiry may lag the cookie's by this much.
   */
  readonly touchIntervalMs?: number;
  /** Expired rows are deleted at most this often, piggybacking on a write. */
  readonly cleanupIntervalMs?: number;
  readonly now?: () => number;
  readonly onError?: (error: unknown) => void;
}

/**
 * express-session's Store over the StaffSession table, so sessions survive restarts and are
 * shared by several web processes. Expired rows are never returned and are cleaned up now and
 * then; `staffUserId` is kept in its own column so an account's sessions can be ended at once.
 */
export class PrismaSessionStore extends session.Store {
  readonly #db: Db;
  readonly #defaultTtlMs: number;
  readonly #touchIntervalMs: number;
  readonly #cleanupIntervalMs: number;
  readonly #now: () => number;
  readonly #onError: (error: unknown) => void;
  /** sid → when this process last wrote its expiry (insertion-ordered, bounded). */
  readonly #lastWrite = new Map<string, number>();
  #lastCleanup = 0;

  constructor(options: PrismaSessionStoreOptions) {
    super();
    this.#db = options.db;
    this.#defaultTtlMs = options.defaultTtlMs ?? 86_400_000;
    this.#touchIntervalMs = options.touchIntervalMs ?? 5 * 60_000;
    this.#cleanupIntervalMs = options.cleanupIntervalMs ?? 10 * 60_000;
    this.#now = options.now ?? Date.now;
    this.#onError = options.onError ?? (() => {});
  }

  override get(sid: string, callback: (err: unknown, session?: SessionData | null) => void): void {
    settle(this.read(sid), callback);
  }

  override set(sid: string, data: SessionData, callback?: (err?: unknown) => void): void {
    settle(this.write(sid, data), callback);
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    this.#lastWrite.delete(sid);
    settle(this.#db.staffSession.deleteMany({ where: { sid } }).then(() => undefined), callback);
  }

  override touch(sid: string, data: SessionData, callback?: () => void): void {
    settle(this.extend(sid, data), callback);
  }

  async read(sid: string): Promise<SessionData | null> {
    const row = await this.#db.staffSession.findUnique({ where: { sid } });
    if (!row) return null;
    if (row.expiresAt.getTime() <= this.#now()) {
      await this.#db.staffSession.deleteMany({ where: { sid, expiresAt: { lte: new Date(this.#now()) } } });
      return null;
    }
    try {
      return JSON.parse(row.data) as SessionData;
    } catch {
      return null;
    }
  }

  async write(sid: string, data: SessionData): Promise<void> {
    const expiresAt = this.expiryOf(data);
    const fields = { data: JSON.stringify(data), expiresAt, staffUserId: data.staffUserId ?? null };
    await this.#db.staffSession.upsert({ where: { sid }, create: { sid, ...fields }, update: fields });
    this.rememberWrite(sid);
    this.maybeCleanup();
  }

  async extend(sid: string, data: SessionData): Promise<void> {
    const last = this.#lastWrite.get(sid);
    if (last !== undefined && this.#now() - last < this.#touchIntervalMs) return;
    await this.#db.staffSession.updateMany({ where: { sid }, data: { expiresAt: this.expiryOf(data) } });
    this.rememberWrite(sid);
  }

  /** Deletes every expired session; returns how many. */
  async cleanupExpired(): Promise<number> {
    this.#lastCleanup = this.#now();
    const { count } = await this.#db.staffSession.deleteMany({ where: { expiresAt: { lte: new Date(this.#now()) } } });
    return count;
  }

  expiryOf(data: SessionData): Date {
    const expires = data.cookie?.expires;
    if (expires) {
      const at = new Date(expires);
      if (!Number.isNaN(at.getTime())) return at;
    }
    const maxAge = data.cookie?.maxAge;
    return new Date(this.#now() + (typeof maxAge === 'number' ? maxAge : this.#defaultTtlMs));
  }

  private rememberWrite(sid: string): void {
    this.#lastWrite.delete(sid);
    this.#lastWrite.set(sid, this.#now());
    if (this.#lastWrite.size > 10_000) {
      const oldest = this.#lastWrite.keys().next().value;
      if (oldest !== undefined) this.#lastWrite.delete(oldest);
    }
  }

  private maybeCleanup(): void {
    if (this.#now() - this.#lastCleanup < this.#cleanupIntervalMs) return;
    this.cleanupExpired().catch(this.#onError);
  }
}

function settle<T>(work: Promise<T>, callback?: (err: unknown, value?: T) => void): void {
  work.then(
    (value) => callback?.(null, value),
    (error: unknown) => callback?.(error),
  );
}
