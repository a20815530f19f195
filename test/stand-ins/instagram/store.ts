import crypto from 'node:crypto';
import { randomString } from '../shared/ids.ts';

export type ContainerStatus = 'IN_PROGRESS' | 'FINISHED' | 'ERROR' | 'EXPIRED' | 'PUBLISHED';
/** CAROUSEL: a parent container whose `children` are image containers made with is_carousel_item=true. */
export type MediaType = 'IMAGE' | 'STORIES' | 'CAROUSEL';

export interface IgAccount {
  readonly userId: string;
  readonly username: string;
  readonly token: string;
  /** When set, every call with the token answers the 190 "Session has expired" error. */
  expiredAt: Date | undefined;
  /** Publish times (ms) for the rolling quota. */
  readonly publishTimes: number[];
}

export interface Container {
  readonly id: string;
  readonly userId: string;
  readonly mediaType: MediaType;
  readonly imageUrl: string;
  readonly caption: string | undefined;
  /** An image made with is_carousel_item=true: only usable as a child of a CAROUSEL container. */
  readonly isCarouselItem: boolean;
  /** CAROUSEL containers: the child container ids, in order. */
  readonly children: readonly string[];
  readonly createdAt: number;
  polls: number;
  /** Forced end state (injected): the container never finishes. */
  outcome: 'ERROR' | 'EXPIRED' | undefined;
  published: boolean;
  mediaId: string | undefined;
}

export interface PublishedMedia {
  readonly id: string;
  readonly containerId: string;
  readonly userId: string;
  readonly mediaType: MediaType;
  readonly caption: string | undefined;
  readonly imageUrl: string;
  /** CAROUSEL: the children's image URLs, in order. */
  readonly childImageUrls: readonly string[];
  readonly permalink: string;
  readonly timestamp: string;
  deleted: boolean;
}

export interface ContainerTiming {
  /** Status polls that still answer IN_PROGRESS. */
  readonly finishAfterPolls: number;
  /** Minimum age before FINISHED. */
  readonly finishAfterMs: number;
  /** Containers expire after this long unpublished (Meta: 24 h). */
  readonly ttlMs: number;
}

/** Accounts, containers and published media of the Instagram stand-in. */
export class InstagramStore {
  private readonly accounts = new Map<string, IgAccount>();
  private readonly byToken = new Map<string, IgAccount>();
  readonly containers = new Map<string, Container>();
  readonly media = new Map<string, PublishedMedia>();
  private nextUser = 17_841_400_000_000_000n + BigInt(crypto.randomInt(1_000_000));
  private nextContainer = 17_889_455_560_000_000n + BigInt(crypto.randomInt(1_000_000));
  private nextMedia = 17_895_695_668_000_000n + BigInt(crypto.randomInt(1_000_000));

  addAccount(options: { username?: string; token?: string; userId?: string } = {}): IgAccount {
    const userId = options.userId ?? String(this.nextUser++);
    const account: IgAccount = {
      userId,
      username: options.username ?? `standin_shop_${userId.slice(-4)}`,
      token: options.token ?? `EAAG${randomString(150)}`,
      expiredAt: undefined,
      publishTimes: [],
    };
    this.accounts.set(userId, account);
    this.byToken.set(account.token, account);
    return account;
  }

  accountByToken(token: string): IgAccount | undefined {
    return this.byToken.get(token);
  }

  account(userId: string): IgAccount | undefined {
    return this.accounts.get(userId);
  }

  allAccounts(): IgAccount[] {
    return [...this.accounts.values()];
  }

  createContainer(
    account: IgAccount,
    fields: { mediaType: MediaType; imageUrl: string; caption: string | undefined; isCarouselItem?: boolean; children?: readonly string[] },
  ): Container {
    const container: Container = {
      id: String(this.nextContainer++),
      userId: account.userId,
      mediaType: fields.mediaType,
      imageUrl: fields.imageUrl,
      caption: fields.caption,
      isCarouselItem: fields.isCarouselItem ?? false,
      children: fields.children ?? [],
      createdAt: Date.now(),
      polls: 0,
      outcome: undefined,
      published: false,
      mediaId: undefined,
    };
    this.containers.set(container.id, container);
    return container;
  }

  /** The status now; `countPoll` counts this look as one status poll. */
  status(container: Container, timing: ContainerTiming, countPoll: boolean): ContainerStatus {
    let status: ContainerStatus;
    if (container.published) status = 'PUBLISHED';
    else if (Date.now() - container.createdAt >= timing.ttlMs) status = 'EXPIRED';
    else if (container.outcome) status = container.polls >= timing.finishAfterPolls ? container.outcome : 'IN_PROGRESS';
    else if (container.polls >= timing.finishAfterPolls && Date.now() - container.createdAt >= timing.finishAfterMs) status = 'FINISHED';
    else status = 'IN_PROGRESS';
    if (countPoll) container.polls += 1;
    return status;
  }

  publish(account: IgAccount, container: Container): PublishedMedia {
    const id = String(this.nextMedia++);
    const media: PublishedMedia = {
      id,
      containerId: container.id,
      userId: account.userId,
      mediaType: container.mediaType,
      caption: container.caption,
      imageUrl: container.imageUrl,
      childImageUrls: container.children.map((id) => this.containers.get(id)?.imageUrl ?? ''),
      permalink: container.mediaType === 'STORIES' ? `https://www.instagram.com/stories/${account.username}/${id}/` : `https://www.instagram.com/p/${randomString(11)}/`,
      timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, '+0000'),
      deleted: false,
    };
    container.published = true;
    container.mediaId = id;
    // The children become part of the carousel post (they cannot be used again).
    for (const child of container.children) {
      const item = this.containers.get(child);
      if (item) item.published = true;
    }
    account.publishTimes.push(Date.now());
    this.media.set(id, media);
    return media;
  }

  quotaUsage(account: IgAccount, durationSeconds: number): number {
    const since = Date.now() - durationSeconds * 1000;
    return account.publishTimes.filter((t) => t >= since).length;
  }
}
