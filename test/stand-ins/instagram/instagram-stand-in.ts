import { CallLog } from '../shared/call-log.ts';
import { FaultRegistry, type FaultHandle, type FaultInput } from '../shared/faults.ts';
import { startHttpServer, type ListenOptions } from '../shared/http-server.ts';
import { matchInstagramCall, type InstagramCall, type InstagramCallFilter } from './call-record.ts';
import { MAX_IMAGE_BYTES } from './image-check.ts';
import { createInstagramServer, type InstagramFault, type InstagramLimits } from './server.ts';
import { InstagramStore, type ContainerStatus, type MediaType } from './store.ts';

export interface InstagramStandInOptions extends ListenOptions {
  /** Version prefix of `graphUrl` (default `/v21.0`; any `/vN.M` prefix is accepted). */
  readonly basePath?: string;
  /** Status polls that answer IN_PROGRESS before FINISHED (default 1). */
  readonly finishAfterPolls?: number;
  /** Minimum container age before FINISHED (default 0 ms). */
  readonly finishAfterMs?: number;
  /** Containers expire after this long unpublished (default 24 h). */
  readonly containerTtlMs?: number;
  /** Publishes allowed per rolling window (default 100 per 86400 s). */
  readonly quotaTotal?: number;
  readonly quotaDurationSeconds?: number;
  /** How long the stand-in waits when fetching image_url (default 5000 ms). */
  readonly imageFetchTimeoutMs?: number;
  readonly maxImageBytes?: number;
  readonly maxCaptionLength?: number;
  readonly maxHashtags?: number;
}

export interface InstagramAccount {
  readonly userId: string;
  readonly username: string;
  readonly token: string;
}

export interface InstagramMedia {
  readonly id: string;
  readonly containerId: string;
  readonly mediaType: MediaType;
  readonly caption: string | undefined;
  readonly imageUrl: string;
  /** CAROUSEL posts: the children's image URLs, in order (empty otherwise). */
  readonly childImageUrls: readonly string[];
  readonly permalink: string;
  readonly timestamp: string;
  readonly deleted: boolean;
}

export interface InstagramFaultRule {
  /** me, user, createContainer, containerStatus, publish, publishingLimit, listMedia, getMedia, deleteMedia; RegExp; omitted = all. */
  readonly endpoint?: string | RegExp;
  /** Only for this account (userId). */
  readonly userId?: string;
  readonly fault: FaultInput<InstagramFault>;
  readonly times?: number;
}

/** The Instagram Graph API stand-in (content publishing). */
export class InstagramStandIn {
  private limitsValue: InstagramLimits;

  private constructor(
    /** Origin, e.g. http://127.0.0.1:PORT */
    readonly url: string,
    private readonly basePath: string,
    private readonly store: InstagramStore,
    private readonly log: CallLog<InstagramCall>,
    private readonly faults: FaultRegistry<InstagramFault>,
    private readonly lifetime: AbortController,
    private readonly closeServer: () => Promise<void>,
    limits: InstagramLimits,
  ) {
    this.limitsValue = limits;
  }

  static async start(options: InstagramStandInOptions = {}): Promise<InstagramStandIn> {
    const store = new InstagramStore();
    const log = new CallLog<InstagramCall>();
    const faults = new FaultRegistry<InstagramFault>();
    const lifetime = new AbortController();
    const limits: InstagramLimits = {
      timing: {
        finishAfterPolls: options.finishAfterPolls ?? 1,
        finishAfterMs: options.finishAfterMs ?? 0,
        ttlMs: options.containerTtlMs ?? 24 * 3_600_000,
      },
      quotaTotal: options.quotaTotal ?? 100,
      quotaDurationSeconds: options.quotaDurationSeconds ?? 86_400,
      imageFetchTimeoutMs: options.imageFetchTimeoutMs ?? 5_000,
      maxImageBytes: options.maxImageBytes ?? MAX_IMAGE_BYTES,
      maxCaptionLength: options.maxCaptionLength ?? 2_200,
      maxHashtags: options.maxHashtags ?? 5,
    };
    let standIn: InstagramStandIn | undefined;
    const handler = createInstagramServer({ store, log, faults, lifetime: lifetime.signal, limits: () => standIn?.limitsValue ?? limits });
    const server = await startHttpServer(handler, options);
    standIn = new InstagramStandIn(server.url, options.basePath ?? '/v21.0', store, log, faults, lifetime, server.close, limits);
    return standIn;
  }

  /** The Graph root to configure (`INSTAGRAM_GRAPH_URL`), e.g. http://127.0.0.1:PORT/v21.0 */
  get graphUrl(): string {
    return `${this.url}${this.basePath}`;
  }

  /** A professional account with its access token. */
  addAccount(options: { username?: string; token?: string; userId?: string } = {}): InstagramAccount {
    const account = this.store.addAccount(options);
    return { userId: account.userId, username: account.username, token: account.token };
  }

  /** From now on the token answers code 190 "Session has expired". */
  expireToken(token: string): void {
    const account = this.store.accountByToken(token);
    if (!account) throw new Error('unknown token');
    account.expiredAt = new Date(Date.now() - 60_000);
  }

  /** Changes limits at run time (quota, container timing, caption rules...). */
  configure(changes: Partial<Omit<InstagramLimits, 'timing'>> & { timing?: Partial<InstagramLimits['timing']> }): void {
    this.limitsValue = { ...this.limitsValue, ...changes, timing: { ...this.limitsValue.timing, ...changes.timing } };
  }

  /** Forces a container's end state (ERROR or EXPIRED), e.g. after it was created. */
  failContainer(containerId: string, status: 'ERROR' | 'EXPIRED'): void {
    const container = this.store.containers.get(containerId);
    if (!container) throw new Error(`unknown container ${containerId}`);
    container.outcome = status;
  }

  /** A container's status as a poll would see it (without counting a poll). */
  containerStatus(containerId: string): ContainerStatus | undefined {
    const container = this.store.containers.get(containerId);
    return container ? this.store.status(container, this.limitsValue.timing, false) : undefined;
  }

  /** Containers created so far for an account. */
  containers(userId?: string): Array<{ id: string; mediaType: MediaType; imageUrl: string; caption: string | undefined; isCarouselItem: boolean; children: readonly string[]; status: ContainerStatus }> {
    return [...this.store.containers.values()]
      .filter((c) => userId === undefined || c.userId === userId)
      .map((c) => ({
        id: c.id,
        mediaType: c.mediaType,
        imageUrl: c.imageUrl,
        caption: c.caption,
        isCarouselItem: c.isCarouselItem,
        children: [...c.children],
        status: this.store.status(c, this.limitsValue.timing, false),
      }));
  }

  /** Published media (feed and stories) of an account, oldest first; deleted ones included with `deleted: true`. */
  published(userId?: string): InstagramMedia[] {
    return [...this.store.media.values()]
      .filter((m) => userId === undefined || m.userId === userId)
      .map((m) => ({ id: m.id, containerId: m.containerId, mediaType: m.mediaType, caption: m.caption, imageUrl: m.imageUrl, childImageUrls: [...m.childImageUrls], permalink: m.permalink, timestamp: m.timestamp, deleted: m.deleted }));
  }

  inject(rule: InstagramFaultRule): FaultHandle {
    return this.faults.inject({
      ...(rule.endpoint !== undefined ? { target: rule.endpoint } : {}),
      ...(rule.userId !== undefined ? { scope: rule.userId } : {}),
      fault: rule.fault,
      ...(rule.times !== undefined ? { times: rule.times } : {}),
    });
  }

  clearFaults(): void {
    this.faults.clear();
  }

  calls(filter?: InstagramCallFilter): InstagramCall[] {
    return this.log.list((call) => matchInstagramCall(call, filter));
  }

  clearCalls(): void {
    this.log.clear();
  }

  onCall(listener: (call: InstagramCall) => void): () => void {
    return this.log.onRecord(listener);
  }

  async close(): Promise<void> {
    this.lifetime.abort(new Error('stand-in closed'));
    await this.closeServer();
  }
}

export function startInstagramStandIn(options: InstagramStandInOptions = {}): Promise<InstagramStandIn> {
  return InstagramStandIn.start(options);
}
