import type { Db, Media } from '../../db/prisma-types.ts';
import type { ClaimedJob } from '../../db/job-queue.ts';
import type { Logger } from '../../logger.ts';
import type { DeliveryChannel } from '../ads/delivery-channels.ts';
import type { SettingsValues } from '../settings/setting-definitions.ts';
import type { AdImages } from '../images/ad-images.ts';
import type { ImageVariant } from '../images/image-template.ts';
import type { AdForDelivery } from './delivery-ad.ts';
import type { DeliveryAttempt } from './delivery-row.ts';
import type { ResolvedDeliveryOptions } from './delivery-options.ts';
import type { PublishOutcome } from './delivery-outcome.ts';
import type { TelegramBots } from './telegram-bots.ts';

/** What a channel publisher gets for one run (built by delivery-job.ts). */
export interface DeliveryServices {
  readonly db: Db;
  readonly logger: Logger;
  readonly bots: TelegramBots;
  /** Renders (once) and returns the ad's stored images. */
  images(adId: string, variants: readonly ImageVariant[]): Promise<Partial<AdImages>>;
  /**
   * The submitter's photos as public JPEGs (Media `photo_<position>`), downloaded through the
   * ad's bot and converted once; null when no bot can download them any more.
   */
  photoImages(ad: AdForDelivery): Promise<Media[] | null>;
  /** Absolute path of a stored media file. */
  mediaFile(relativePath: string): string;
  /** `<publicBaseUrl>/media/<path>` with the current settings. */
  mediaUrl(settings: SettingsValues, relativePath: string): string;
  readonly mediaUrlCheck: 'strict' | 'off';
  readonly instagramGraphUrl: string;
}

export interface PublishContext {
  readonly ad: AdForDelivery;
  readonly channel: DeliveryChannel;
  readonly settings: SettingsValues;
  readonly attempt: DeliveryAttempt;
  readonly job: ClaimedJob;
  /** The run's deadline and the worker's shutdown. */
  readonly signal: AbortSignal;
  readonly options: ResolvedDeliveryOptions;
  readonly services: DeliveryServices;
  /** Registers a secret: it is scrubbed from every error text stored or logged. */
  secret(value: string): void;
  /** The test hook around an outbound call. */
  hook(call: string, when: 'before' | 'after'): Promise<void>;
}

export type Publisher = (ctx: PublishContext) => Promise<PublishOutcome>;
