import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildDecisionMessage } from '../../../../src/shared/domain/notifications/decision-message.ts';
import { buildModeratorsMessage, parseModeratorCallback, moderatorCallback, MODERATOR_REJECT_REASONS } from '../../../../src/shared/domain/notifications/moderators-message.ts';
import { NOTIFICATION_LOCALE_SOURCES } from '../../../../src/shared/domain/notifications/notification-texts.ts';
import { botLocaleSource } from '../../../../src/bot/i18n/bot-i18n.ts';
import { parseResubmitPayload } from '../../../../src/shared/domain/notifications/resubmit-link.ts';

const AD_ID = '1b2c3d4e-0000-4000-8000-00000000abcd';

function messageIds(source: string): string[] {
  return [...source.matchAll(/^([a-z][a-z0-9_-]*)\s*=/gm)].map((m) => m[1] ?? '').sort();
}

describe('decision messages', () => {
  it('rejected, in Persian: reason escaped for HTML, deep-link Edit & Resubmit button', () => {
    const message = buildDecisionMessage({ status: 'rejected', code: '1b2c3d4e', reason: 'قیمت <ندارد> & …', language: 'fa', botUsername: 'agahi_bot', adId: AD_ID });
    assert.equal(message.parse_mode, 'HTML');
    assert.ok(message.text.includes('<code>1b2c3d4e</code>'));
    assert.ok(message.text.includes('قیمت &lt;ندارد&gt; &amp; …'));
    assert.ok(message.text.includes('تأیید نشد'));
    assert.deepEqual(message.reply_markup, { inline_keyboard: [[{ text: '✏️ ویرایش و ارسال دوباره', url: `https://t.me/agahi_bot?start=resubmit_${AD_ID}` }]] });
    assert.equal(parseResubmitPayload(`resubmit_${AD_ID}`), AD_ID);
  });

  it('needs revision, in English, with the note; without a username the button is callback data', () => {
    const message = buildDecisionMessage({ status: 'needs_revision', code: '1b2c3d4e', note: 'Add the price', language: 'en', botUsername: null, adId: AD_ID });
    assert.ok(message.text.includes('needs some changes') && message.text.includes('Add the price'));
    assert.deepEqual(message.reply_markup, { inline_keyboard: [[{ text: '✏️ Edit & Resubmit', callback_data: `my:rs:${AD_ID}` }]] });
  });

  it('approved (the telegram_dm delivery): no button; a missing reason reads as such', () => {
    const approved = buildDecisionMessage({ status: 'approved', code: 'abcd1234', language: 'en', botUsername: 'x_bot', adId: AD_ID });
    assert.equal(approved.reply_markup, undefined);
    assert.ok(approved.text.includes('approved'));
    const noReason = buildDecisionMessage({ status: 'rejected', code: 'abcd1234', reason: '  ', language: 'en', botUsername: 'x_bot', adId: AD_ID });
    assert.ok(noReason.text.includes('no reason was given'));
  });

  it('the moderators’ message has buttons while pending and the outcome once decided; callbacks round-trip', () => {
    const base = {
      id: AD_ID, status: 'pending_manual', source: 'partner', language: 'en', content: 'A <b>bold</b> claim', contactPhone: null, aiVerdict: 'reject', aiReason: 'spam',
      rejectionReason: null, revisionNote: null, category: { nameFa: 'فروش', nameEn: 'Sale' }, photoCount: 1, decidedBy: null,
      submitterId: null, submitterBan: null, shadowed: false,
    };
    const pending = buildModeratorsMessage(base, 'en');
    assert.ok(pending.text.includes('A &lt;b&gt;bold&lt;/b&gt; claim') && pending.text.includes('should be rejected') && pending.text.includes('Partner API'));
    assert.equal(pending.reply_markup?.inline_keyboard[0]?.length, 2);
    const decided = buildModeratorsMessage({ ...base, status: 'rejected', rejectionReason: 'Spam', decidedBy: 'Leila' }, 'fa');
    assert.equal(decided.reply_markup, undefined);
    assert.ok(decided.text.includes('Leila') && decided.text.includes('Spam'));
    for (const reason of MODERATOR_REJECT_REASONS) {
      const data = moderatorCallback.reject(AD_ID, reason);
      assert.ok(Buffer.byteLength(data) <= 64);
      assert.deepEqual(parseModeratorCallback(data), { action: 'reject', adId: AD_ID, reason });
    }
    assert.equal(parseModeratorCallback('mod:rj:nope'), null);
  });

  it('every text exists in both languages', () => {
    assert.deepEqual(messageIds(NOTIFICATION_LOCALE_SOURCES.fa), messageIds(NOTIFICATION_LOCALE_SOURCES.en));
    assert.deepEqual(messageIds(botLocaleSource('fa')), messageIds(botLocaleSource('en')));
    const shared = new Set(messageIds(NOTIFICATION_LOCALE_SOURCES.en));
    assert.deepEqual(messageIds(botLocaleSource('en')).filter((id) => shared.has(id)), [], 'bot and shared keys do not collide');
  });
});
