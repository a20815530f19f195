import { startInstagramStandIn, type InstagramStandIn, type InstagramStandInOptions } from './instagram/instagram-stand-in.ts';
import { startOpenAIStandIn, type OpenAIStandIn, type OpenAIStandInOptions } from './openai/openai-stand-in.ts';
import { startTelegramStandIn, type TelegramStandIn, type TelegramStandInOptions } from './telegram/telegram-stand-in.ts';

export { startInstagramStandIn, InstagramStandIn, type InstagramAccount, type InstagramMedia, type InstagramStandInOptions } from './instagram/instagram-stand-in.ts';
export { startOpenAIStandIn, OpenAIStandIn, OPENAI_STAND_IN_KEY, type OpenAIStandInOptions } from './openai/openai-stand-in.ts';
export {
  startTelegramStandIn,
  TelegramStandIn,
  type StandInBot,
  type TelegramStandInOptions,
  type UserOptions,
} from './telegram/telegram-stand-in.ts';
export { SimulatedUser } from './telegram/user-simulator.ts';
export { ChatHandle } from './telegram/chat-handle.ts';
export { TELEGRAM_FLOOD_LIMITS, DEFAULT_FLOOD_LIMITS, type FloodLimits } from './telegram/flood-limiter.ts';
export type { TgMessage, TgUpdate, TgUser, TgChat } from './telegram/types.ts';
export type { TelegramCall } from './telegram/call-record.ts';
export type { OpenAICall } from './openai/call-record.ts';
export type { InstagramCall } from './instagram/call-record.ts';
export { startStaticFileServer, type StaticFileServer } from './shared/static-files.ts';
export { makeJpeg, makePng } from './shared/media-generator.ts';

export interface StandInsOptions {
  readonly telegram?: TelegramStandInOptions;
  readonly openai?: OpenAIStandInOptions;
  readonly instagram?: InstagramStandInOptions;
}

export interface StandIns {
  readonly telegram: TelegramStandIn;
  readonly openai: OpenAIStandIn;
  readonly instagram: InstagramStandIn;
  /** Closes all three (idempotent). */
  close(): Promise<void>;
}

/** Starts the Telegram, OpenAI and Instagram stand-ins on loopback (random ports unless given). */
export async function startStandIns(options: StandInsOptions = {}): Promise<StandIns> {
  const started: Array<{ close(): Promise<void> }> = [];
  try {
    const telegram = await startTelegramStandIn(options.telegram);
    started.push(telegram);
    const openai = await startOpenAIStandIn(options.openai);
    started.push(openai);
    const instagram = await startInstagramStandIn(options.instagram);
    started.push(instagram);
    let closing: Promise<void> | undefined;
    return {
      telegram,
      openai,
      instagram,
      close() {
        closing ??= Promise.all(started.map((s) => s.close())).then(() => undefined);
        return closing;
      },
    };
  } catch (error) {
    await Promise.all(started.map((s) => s.close()));
    throw error;
  }
}
