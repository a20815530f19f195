import type { Db, TelegramUser } from '../../db/prisma-types.ts';
import type { Language } from '../notifications/languages.ts';

/** The sender of an update, as Telegram describes them. */
export interface TelegramSender {
  readonly id: number;
  readonly first_name: string;
  readonly last_name?: string;
  readonly username?: string;
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'P2002';
}

/**
 * The TelegramUser row of a person talking to a bot, created on first contact and kept in step
 * with their profile. Race-safe without upsert (Prisma's upsert can fail with P2002 under
 * concurrency): create, and on a unique violation read the winner's row. Writing to the bot
 * also proves they have not blocked it, so `blockedBotAt` is cleared.
 */
export async function ensureTelegramUser(db: Db, botId: number, sender: TelegramSender, chatId: number | string): Promise<TelegramUser> {
  const where = { botId_telegramId: { botId, telegramId: String(sender.id) } };
  const profile = {
    chatId: String(chatId),
    username: sender.username ?? null,
    firstName: sender.first_name,
    lastName: sender.last_name ?? null,
  };
  let user = await db.telegramUser.findUnique({ where });
  if (!user) {
    try {
      return await db.telegramUser.create({ data: { botId, telegramId: String(sender.id), ...profile } });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      user = await db.telegramUser.findUniqueOrThrow({ where });
    }
  }
  const changed =
    user.chatId !== profile.chatId || user.username !== profile.username || user.firstName !== profile.firstName || user.lastName !== profile.lastName;
  if (!changed && user.blockedBotAt === null) return user;
  return db.telegramUser.update({ where: { id: user.id }, data: { ...profile, blockedBotAt: null } });
}

export function setUserLanguage(db: Db, userId: number, language: Language): Promise<TelegramUser> {
  return db.telegramUser.update({ where: { id: userId }, data: { language } });
}

/** Stores a phone number Telegram vouched for (a contact whose user_id is the sender's own). */
export function saveVerifiedPhone(db: Db, userId: number, phone: string, at: Date = new Date()): Promise<TelegramUser> {
  return db.telegramUser.update({ where: { id: userId }, data: { phone, phoneVerifiedAt: at } });
}

/** The user blocked the bot (a 403 on sending, or a my_chat_member update saying `kicked`). */
export async function markBotBlocked(db: Db, userId: number, at: Date = new Date()): Promise<void> {
  await db.telegramUser.updateMany({ where: { id: userId, blockedBotAt: null }, data: { blockedBotAt: at } });
}

export async function markBotBlockedByTelegramId(db: Db, botId: number, telegramId: number | string, at: Date = new Date()): Promise<void> {
  await db.telegramUser.updateMany({ where: { botId, telegramId: String(telegramId), blockedBotAt: null }, data: { blockedBotAt: at } });
}

export async function markBotUnblocked(db: Db, botId: number, telegramId: number | string): Promise<void> {
  await db.telegramUser.updateMany({ where: { botId, telegramId: String(telegramId), NOT: { blockedBotAt: null } }, data: { blockedBotAt: null } });
}

export function hasVerifiedPhone(user: Pick<TelegramUser, 'phone' | 'phoneVerifiedAt'>): boolean {
  return Boolean(user.phone && user.phoneVerifiedAt);
}
