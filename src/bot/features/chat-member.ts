import { Composer } from 'grammy';
import { markBotBlockedByTelegramId, markBotUnblocked } from '../../shared/domain/telegram-users/telegram-user-store.ts';
import type { BotContext } from '../context.ts';

/** A user blocking (or unblocking) the bot in their private chat: recorded on TelegramUser.blockedBotAt. */
export function chatMemberFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.on('my_chat_member', async (ctx, next) => {
    const update = ctx.myChatMember;
    if (update.chat.type !== 'private') return next();
    const db = ctx.services.runtime.database.db;
    const status = update.new_chat_member.status;
    if (status === 'kicked') await markBotBlockedByTelegramId(db, ctx.services.botId, update.from.id);
    else if (status === 'member') await markBotUnblocked(db, ctx.services.botId, update.from.id);
  });
  return feature;
}
