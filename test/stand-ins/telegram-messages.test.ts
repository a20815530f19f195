import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { Bot, GrammyError, InputFile, InputMediaBuilder } from 'grammy';
import { startStaticFileServer, type StaticFileServer } from './shared/static-files.ts';
import { makeJpeg } from './shared/media-generator.ts';
import { startTelegramStandIn, type StandInBot, type TelegramStandIn } from './telegram/telegram-stand-in.ts';
import type { SimulatedUser } from './telegram/user-simulator.ts';

describe('telegram stand-in: messages, media, edits, callbacks, chats', () => {
  let tg: TelegramStandIn;
  let files: StaticFileServer;
  let botInfo: StandInBot;
  let bot: Bot;
  let user: SimulatedUser;
  let jpeg: Buffer;

  before(async () => {
    tg = await startTelegramStandIn();
    jpeg = await makeJpeg({ width: 1080, height: 1350 });
    files = await startStaticFileServer({ '/ad.jpg': { body: jpeg, contentType: 'image/jpeg' }, '/page.html': { body: Buffer.from('<html></html>'), contentType: 'text/html' } });
    botInfo = tg.addBot({ username: 'agahi_test_bot' });
    bot = new Bot(botInfo.token, { botInfo: botInfo.info, client: { apiRoot: tg.url } });
    user = tg.user({ firstName: 'Sara', lastName: 'K', username: 'sara_k', languageCode: 'en', bot: botInfo });
  });

  after(async () => {
    await files.close();
    await tg.close();
  });

  it('sendMessage returns a realistic message with parsed HTML entities and the reply markup echoed', async () => {
    const markup = { inline_keyboard: [[{ text: 'Open', url: 'https://example.com/' }, { text: 'OK', callback_data: 'ok' }]] };
    const message = await bot.api.sendMessage(user.id, '  <b>Hi</b> <a href="https://t.me/x">link</a> &amp; visit https://example.org #ads  ', {
      parse_mode: 'HTML',
      reply_markup: markup,
    });
    assert.equal(message.text, 'Hi link & visit https://example.org #ads');
    assert.deepEqual(message.entities, [
      { type: 'bold', offset: 0, length: 2 },
      { type: 'text_link', offset: 3, length: 4, url: 'https://t.me/x' },
      { type: 'url', offset: 16, length: 19 },
      { type: 'hashtag', offset: 36, length: 4 },
    ]);
    assert.deepEqual(message.reply_markup, markup);
    assert.deepEqual(message.from, { id: botInfo.id, is_bot: true, first_name: 'Stand-in Bot', username: 'agahi_test_bot' });
    assert.deepEqual(message.chat, { id: user.id, type: 'private', first_name: 'Sara', last_name: 'K', username: 'sara_k' });
    assert.ok(Math.abs(message.date - Date.now() / 1000) < 5);
    const next = await bot.api.sendMessage(user.id, '*bold* and _italic_ \\.', { parse_mode: 'MarkdownV2' });
    assert.equal(next.message_id, message.message_id + 1);
    assert.equal(next.text, 'bold and italic .');
    assert.deepEqual(next.entities, [{ type: 'bold', offset: 0, length: 4 }, { type: 'italic', offset: 9, length: 6 }]);
  });

  it('sendPhoto by upload, by file_id and by URL; getFile and download work', async () => {
    const uploaded = await bot.api.sendPhoto(user.id, new InputFile(jpeg, 'ad.jpg'), { caption: 'Nice <i>flat</i>', parse_mode: 'HTML' });
    const sizes = uploaded.photo ?? [];
    assert.deepEqual(sizes.map((s) => [s.width, s.height]), [[72, 90], [256, 320], [640, 800], [1024, 1280], [1080, 1350]]);
    for (const size of sizes) {
      assert.match(size.file_id, /^AgAC/);
      assert.equal(typeof size.file_unique_id, 'string');
      assert.ok((size.file_size ?? 0) > 0);
    }
    assert.equal(uploaded.caption, 'Nice flat');
    assert.deepEqual(uploaded.caption_entities, [{ type: 'italic', offset: 5, length: 4 }]);
    const call = tg.calls({ method: 'sendPhoto' }).at(-1);
    assert.deepEqual(call?.files.map((f) => f.size), [jpeg.length]);
    assert.deepEqual((call?.params.photo as { upload: { size: number } }).upload.size, jpeg.length);

    const largest = sizes.at(-1);
    assert.ok(largest);
    const again = await bot.api.sendPhoto(user.id, largest.file_id);
    assert.equal(again.photo?.at(-1)?.file_unique_id, largest.file_unique_id);

    const file = await bot.api.getFile(largest.file_id);
    assert.equal(file.file_size, jpeg.length);
    const download = await fetch(`${tg.url}/file/bot${botInfo.token}/${file.file_path}`);
    assert.equal(download.status, 200);
    assert.deepEqual(Buffer.from(await download.arrayBuffer()), jpeg);

    const small = sizes[0];
    assert.ok(small);
    const thumb = await bot.api.getFile(small.file_id);
    const thumbBytes = Buffer.from(await (await fetch(`${tg.url}/file/bot${botInfo.token}/${thumb.file_path}`)).arrayBuffer());
    const meta = await sharp(thumbBytes).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ['jpeg', 72, 90]);

    const byUrl = await bot.api.sendPhoto(user.id, `${files.url}/ad.jpg`);
    assert.equal(byUrl.photo?.at(-1)?.width, 1080);
    await assert.rejects(bot.api.sendPhoto(user.id, `${files.url}/page.html`), { description: 'Bad Request: wrong type of the web page content' });
    await assert.rejects(bot.api.sendPhoto(user.id, 'AgACnot-a-file'), { description: 'Bad Request: wrong file identifier/HTTP URL specified' });
    await assert.rejects(bot.api.sendPhoto(user.id, new InputFile(Buffer.from('not an image'))), { description: 'Bad Request: IMAGE_PROCESS_FAILED' });
  });

  it('sendMediaGroup sends an album: one media_group_id, captions where given', async () => {
    const first = await bot.api.sendPhoto(user.id, new InputFile(jpeg));
    const fileId = first.photo?.at(-1)?.file_id ?? '';
    const album = await bot.api.sendMediaGroup(user.id, [
      InputMediaBuilder.photo(new InputFile(jpeg), { caption: 'Front <b>view</b>', parse_mode: 'HTML' }),
      InputMediaBuilder.photo(fileId),
    ]);
    assert.equal(album.length, 2);
    const groupIds = album.map((m) => (m as { media_group_id?: string }).media_group_id);
    assert.ok(groupIds[0]);
    assert.equal(groupIds[0], groupIds[1]);
    assert.equal(album[0]?.caption, 'Front view');
    assert.equal(album[1]?.caption, undefined);
    assert.equal((album[1]?.message_id ?? 0) - (album[0]?.message_id ?? 0), 1);
    await assert.rejects(bot.api.sendMediaGroup(user.id, [InputMediaBuilder.photo(fileId)]), (e: unknown) => e instanceof GrammyError && e.error_code === 400);
  });

  it('editMessageText / editMessageCaption / editMessageReplyMarkup / deleteMessage', async () => {
    const sent = await bot.api.sendMessage(user.id, 'Draft', { reply_markup: { inline_keyboard: [[{ text: 'Edit', callback_data: 'edit' }]] } });
    const edited = await bot.api.editMessageText(user.id, sent.message_id, 'Final <b>text</b>', { parse_mode: 'HTML' });
    assert.ok(edited !== true);
    assert.equal((edited as { text?: string }).text, 'Final text');
    assert.ok(typeof edited.edit_date === 'number');
    assert.equal(edited.reply_markup, undefined, 'an edit without reply_markup removes the keyboard');
    assert.equal(user.messages().find((m) => m.message_id === sent.message_id)?.text, 'Final text');
    await assert.rejects(bot.api.editMessageText(user.id, sent.message_id, 'Final <b>text</b>', { parse_mode: 'HTML' }), {
      description:
        'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
    });
    await assert.rejects(bot.api.editMessageText(user.id, 999_999, 'x'), { description: 'Bad Request: message to edit not found' });

    const markup = await bot.api.editMessageReplyMarkup(user.id, sent.message_id, { reply_markup: { inline_keyboard: [[{ text: 'Again', callback_data: 'again' }]] } });
    assert.ok(markup !== true);
    assert.deepEqual(markup.reply_markup, { inline_keyboard: [[{ text: 'Again', callback_data: 'again' }]] });

    const photo = await bot.api.sendPhoto(user.id, new InputFile(jpeg), { caption: 'old' });
    const recaptioned = await bot.api.editMessageCaption(user.id, photo.message_id, { caption: 'new caption' });
    assert.ok(recaptioned !== true);
    assert.equal(recaptioned.caption, 'new caption');
    await assert.rejects(bot.api.editMessageCaption(user.id, sent.message_id, { caption: 'x' }), { description: 'Bad Request: there is no caption in the message to edit' });
    await assert.rejects(bot.api.editMessageText(user.id, photo.message_id, 'x'), { description: 'Bad Request: there is no text in the message to edit' });

    assert.equal(await bot.api.deleteMessage(user.id, sent.message_id), true);
    assert.equal(user.messages().some((m) => m.message_id === sent.message_id), false);
    await assert.rejects(bot.api.deleteMessage(user.id, sent.message_id), { description: 'Bad Request: message to delete not found' });
  });

  it('a user presses an inline button; the bot answers the callback query', async () => {
    const pressBot = tg.addBot();
    const b = new Bot(pressBot.token, { botInfo: pressBot.info, client: { apiRoot: tg.url } });
    const u = tg.user({ bot: pressBot });
    await b.api.sendMessage(u.id, 'Preview', { reply_markup: { inline_keyboard: [[{ text: 'Confirm', callback_data: 'ad:confirm' }, { text: 'Cancel', callback_data: 'ad:cancel' }]] } });
    const press = u.press('Confirm');
    assert.equal(press.data, 'ad:confirm');
    const [update] = await b.api.getUpdates();
    assert.equal(update?.callback_query?.id, press.id);
    assert.equal(update?.callback_query?.data, 'ad:confirm');
    assert.equal(update?.callback_query?.message?.message_id, press.message.message_id);
    assert.equal(update?.callback_query?.from.id, u.id);
    assert.equal(await b.api.answerCallbackQuery(press.id, { text: 'Submitted' }), true);
    assert.deepEqual(await u.waitForCallbackAnswer(press.id), { text: 'Submitted', show_alert: false, cache_time: 0 });
    await assert.rejects(b.api.answerCallbackQuery(press.id), {
      description: 'Bad Request: query is too old and response timeout expired or query ID is invalid',
    });
    assert.equal(u.press('ad:cancel').data, 'ad:cancel', 'a button can be found by its callback data too');
    assert.throws(() => u.press('Nope'), /no inline button "Nope"/);
  });

  it('a user sends a photo, a sticker, a GIF, their own contact and someone else\'s; the bot can download the photo', async () => {
    const mediaBot = tg.addBot();
    const b = new Bot(mediaBot.token, { botInfo: mediaBot.info, client: { apiRoot: tg.url } });
    const u = tg.user({ firstName: 'Reza', phone: '989121112233', bot: mediaBot });
    await u.sendPhoto({ caption: 'my car', width: 640, height: 480 });
    await u.sendSticker();
    await u.sendAnimation();
    u.shareContact();
    u.sendContact({ phoneNumber: '989120000000', firstName: 'Other', userId: 42 });
    const updates = await b.api.getUpdates();
    const [photo, sticker, gif, own, other] = updates.map((x) => x.message);
    assert.equal(photo?.caption, 'my car');
    assert.deepEqual(photo?.photo?.map((p) => [p.width, p.height]), [[90, 68], [320, 240], [640, 480]]);
    assert.equal(sticker?.sticker?.type, 'regular');
    assert.equal(sticker?.sticker?.width, 512);
    assert.equal(gif?.animation?.width, 320);
    assert.ok(gif?.document);
    assert.deepEqual(own?.contact, { phone_number: '989121112233', first_name: 'Reza', user_id: u.id });
    assert.equal(other?.contact?.user_id, 42);
    const file = await b.api.getFile(photo?.photo?.at(-1)?.file_id ?? '');
    const bytes = Buffer.from(await (await fetch(`${tg.url}/file/bot${mediaBot.token}/${file.file_path}`)).arrayBuffer());
    assert.equal((await sharp(bytes).metadata()).width, 640);
  });

  it('channels: an admin bot posts (readable as the channel\'s messages); a non-admin cannot', async () => {
    const other = tg.addBot();
    const channel = tg.createChannel({ title: 'Agahi Ads', username: 'agahi_ads', admins: [botInfo] });
    assert.ok(channel.id < -1_000_000_000_000, 'channel ids look like -100…');
    const posted = await bot.api.sendMessage('@agahi_ads', 'New ad #123');
    assert.equal(posted.chat.id, channel.id);
    assert.equal(posted.chat.type, 'channel');
    assert.equal(posted.sender_chat?.id, channel.id);
    assert.equal(posted.from, undefined);
    const photo = await bot.api.sendPhoto(channel.id, new InputFile(jpeg), { caption: 'With image' });
    assert.deepEqual(channel.posts().map((m) => m.text ?? m.caption), ['New ad #123', 'With image']);
    assert.equal(photo.message_id, posted.message_id + 1);
    const waited = await channel.waitForPost((m) => m.caption === 'With image');
    assert.equal(waited.message_id, photo.message_id);

    const otherBot = new Bot(other.token, { botInfo: other.info, client: { apiRoot: tg.url } });
    await assert.rejects(otherBot.api.sendMessage(channel.id, 'x'), { error_code: 403, description: 'Forbidden: bot is not a member of the channel chat' });
    channel.addBot(other, { admin: true, rights: { can_post_messages: false } });
    await assert.rejects(otherBot.api.sendMessage(channel.id, 'x'), { error_code: 400, description: 'Bad Request: need administrator rights in the channel chat' });
    const member = await bot.api.getChatMember(channel.id, other.id);
    assert.equal(member.status, 'administrator');
    const chat = await bot.api.getChat('@agahi_ads');
    assert.equal(chat.type, 'channel');
    assert.equal(chat.title, 'Agahi Ads');
  });

  it('groups: members\' messages reach the bot; join and leave produce chat_member updates for admin bots', async () => {
    const groupBot = tg.addBot();
    const b = new Bot(groupBot.token, { botInfo: groupBot.info, client: { apiRoot: tg.url } });
    const group = tg.createGroup({ title: 'Sellers', type: 'supergroup', admins: [groupBot] });
    const u = tg.user({ firstName: 'Mina', bot: groupBot });
    group.addMember(u);
    u.send('hello group', { chat: group });
    const updates = await b.api.getUpdates({ allowed_updates: ['message', 'chat_member', 'my_chat_member'] });
    const kinds = updates.map((x) => Object.keys(x).filter((k) => k !== 'update_id')[0]);
    assert.deepEqual(kinds, ['my_chat_member', 'chat_member', 'message']);
    assert.equal(updates[2]?.message?.chat.id, group.id);
    assert.equal((await b.api.getChatMember(group.id, u.id)).status, 'member');
    const reply = await b.api.sendMessage(group.id, 'welcome');
    assert.equal(reply.chat.type, 'supergroup');
  });

  it('getChat for a user; setMyCommands / getMyCommands', async () => {
    const chat = await bot.api.getChat(user.id);
    assert.equal(chat.type, 'private');
    assert.equal(chat.first_name, 'Sara');
    await bot.api.setMyCommands([{ command: 'start', description: 'Start' }, { command: 'new', description: 'New ad' }]);
    await bot.api.setMyCommands([{ command: 'start', description: 'شروع' }], { language_code: 'fa' });
    assert.deepEqual((await bot.api.getMyCommands()).map((c) => c.command), ['start', 'new']);
    assert.deepEqual(await bot.api.getMyCommands({ language_code: 'fa' }), [{ command: 'start', description: 'شروع' }]);
    assert.deepEqual(tg.commands(botInfo).map((c) => c.command), ['start', 'new']);
    await assert.rejects(bot.api.setMyCommands([{ command: 'Bad Command', description: 'x' }]), { error_code: 400 });
  });
});
