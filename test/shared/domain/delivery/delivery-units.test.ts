import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { categoryHashtag, countHashtags, instagramCaption, shortenText, telegramChannelCaption, INSTAGRAM_CAPTION_LIMIT, TELEGRAM_CAPTION_LIMIT } from '../../../../src/shared/domain/delivery/captions.ts';
import { mediaUrlProblem, publicMediaUrl } from '../../../../src/shared/domain/delivery/media-url.ts';
import { signWebhookBody, verifyWebhookSignature } from '../../../../src/shared/integrations/webhook/webhook-signer.ts';
import { webhookDeliveryId } from '../../../../src/shared/domain/delivery/webhook-payload.ts';
import { compareAndSet } from '../../../../src/shared/domain/delivery/delivery-row.ts';
import { nextStateJson, parseDeliveryState } from '../../../../src/shared/domain/delivery/delivery-state.ts';
import { submitAd } from '../../../../src/shared/domain/ads/submit-ad.ts';
import { testProviders } from '../../../helpers/databases.ts';
import { createTestRuntime, type TestRuntime } from '../../../helpers/test-runtime.ts';

const CATEGORY = { hashtag: 'اجاره', nameFa: 'اجاره', nameEn: 'Rent' };

/** What Telegram counts: the caption's text after HTML entity parsing, in UTF-16 units. */
function visible(html: string): string {
  return html.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

describe('captions', () => {
  it('Telegram: hashtag, escaped text, phone and handle, never over 1024 visible characters', () => {
    const caption = telegramChannelCaption({ content: 'Flat <b>near</b> the park & the river', language: 'en', category: CATEGORY, phone: '+44 20 7946 0000', channelHandle: '@agahi' });
    assert.equal(caption, '#اجاره\n\nFlat &lt;b&gt;near&lt;/b&gt; the park &amp; the river\n\n📞 Contact: +44 20 7946 0000\n\n@agahi');
    const long = 'کلمه‌ای بلند & <تگ> '.repeat(200);
    const shortened = telegramChannelCaption({ content: long, language: 'fa', category: CATEGORY, phone: '۰۹۱۲۱۲۳۴۵۶۷', channelHandle: '@agahi' });
    const text = visible(shortened);
    assert.ok(text.length <= TELEGRAM_CAPTION_LIMIT, `${text.length}`);
    assert.ok(text.length > TELEGRAM_CAPTION_LIMIT - 40, 'uses the room it has');
    assert.ok(text.includes('…\n\n📞'), 'the text ends with an ellipsis before the phone');
    assert.ok(text.endsWith('@agahi'));
    assert.ok(!/&(?!amp;|lt;|gt;)/.test(shortened), 'every & is escaped');
  });

  it('Instagram: at most 2200 characters and 5 hashtags, the category tag kept', () => {
    const content = `${'#یک #دو #سه #چهار #پنج #شش '.repeat(3)}${'متن آگهی '.repeat(400)}`;
    const caption = instagramCaption({ content, language: 'fa', category: CATEGORY, phone: '+98 912', channelHandle: '@agahi' });
    assert.ok(caption.length <= INSTAGRAM_CAPTION_LIMIT);
    assert.equal(countHashtags(caption), 5);
    assert.ok(caption.endsWith('#اجاره'));
    assert.ok(caption.includes('📢 کانال تلگرام: @agahi'));
  });

  it('hashtags from category names; shortening keeps surrogate pairs whole', () => {
    assert.equal(categoryHashtag({ hashtag: '', nameFa: 'خرید و فروش', nameEn: 'Buy & sell' }, 'fa'), '#خرید_و_فروش');
    assert.equal(categoryHashtag({ hashtag: '', nameFa: 'کار‌یابی', nameEn: 'Jobs' }, 'fa'), '#کار_یابی');
    assert.equal(categoryHashtag({ hashtag: '', nameFa: 'x', nameEn: 'Buy & sell' }, 'en'), '#Buy_sell');
    assert.equal(categoryHashtag(null, 'fa'), '');
    const emoji = shortenText('😀'.repeat(50), 10);
    assert.ok(emoji.length <= 10 && emoji.endsWith('…') && !/[\uD800-\uDBFF]…$/.test(emoji));
    assert.equal(shortenText('short', 10), 'short');
  });
});

describe('media URLs for Instagram', () => {
  it('builds /media URLs and refuses what Meta cannot fetch in strict mode', () => {
    assert.equal(publicMediaUrl('https://ads.example.com/', 'ads/x/feed-v1.jpg'), 'https://ads.example.com/media/ads/x/feed-v1.jpg');
    assert.equal(mediaUrlProblem('https://ads.example.com/media/a.jpg', 'strict'), null);
    for (const url of ['http://ads.example.com/media/a.jpg', 'https://127.0.0.1/media/a.jpg', 'https://localhost/m.jpg', 'https://10.1.2.3/m.jpg', 'https://192.168.1.5/m.jpg', 'https://172.20.0.1/m.jpg', 'https://[::1]/m.jpg', 'https://[fd00::1]/m.jpg', 'https://169.254.1.1/m.jpg', 'https://intranet/m.jpg', 'https://box.local/m.jpg']) {
      assert.match(mediaUrlProblem(url, 'strict') ?? '', /Instagram|HTTPS/, url);
    }
    assert.equal(mediaUrlProblem('http://127.0.0.1:3000/media/a.jpg', 'off'), null);
  });
});

describe('webhook signature and delivery id', () => {
  it('signs the exact bytes with HMAC-SHA256 and verifies in constant time', () => {
    const body = '{"event":"ad.approved","x":"آگهی"}';
    const expected = `sha256=${crypto.createHmac('sha256', 's3cret').update(Buffer.from(body, 'utf8')).digest('hex')}`;
    assert.equal(signWebhookBody(body, 's3cret'), expected);
    assert.ok(verifyWebhookSignature(body, 's3cret', expected));
    assert.ok(!verifyWebhookSignature(`${body} `, 's3cret', expected));
    assert.ok(!verifyWebhookSignature(body, 'other', expected));
    assert.ok(!verifyWebhookSignature(body, 's3cret', undefined));
  });

  it('the delivery id is stable per ad and event, and looks like a UUID', () => {
    const id = webhookDeliveryId('6f1c1b4e-0000-4000-8000-000000000001');
    assert.equal(id, webhookDeliveryId('6f1c1b4e-0000-4000-8000-000000000001'));
    assert.notEqual(id, webhookDeliveryId('6f1c1b4e-0000-4000-8000-000000000002'));
    assert.notEqual(id, webhookDeliveryId('6f1c1b4e-0000-4000-8000-000000000001', 'ad.withdrawn'));
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('delivery state', () => {
  it('every write bumps the revision, so the stored text is a compare-and-set token', () => {
    const first = nextStateJson({}, { owner: 3 });
    const second = nextStateJson(parseDeliveryState(first), { owner: undefined });
    assert.deepEqual(parseDeliveryState(first), { owner: 3, rev: 1 });
    assert.deepEqual(parseDeliveryState(second), { rev: 2 });
    assert.deepEqual(parseDeliveryState('not json'), {});
  });
});

for (const provider of testProviders()) {
  describe(`delivery row compare-and-set on ${provider}`, () => {
    let rt: TestRuntime;
    before(async () => {
      rt = await createTestRuntime(provider);
    });
    after(async () => {
      await rt.close();
    });

    it('of many concurrent claims of one row exactly one wins; a stale writer always loses', async () => {
      const { db } = rt.database;
      const { ad } = await submitAd({ db, jobs: rt.jobs }, { source: 'partner', content: 'cas' });
      const row = await db.delivery.create({ data: { adId: ad.id, channel: 'webhook' } });
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => compareAndSet(db, row, { status: 'in_progress', state: { owner: i + 1 }, countAttempt: true })));
      const winners = results.filter((r) => r !== null);
      assert.equal(winners.length, 1);
      const stored = await db.delivery.findUniqueOrThrow({ where: { id: row.id } });
      assert.equal(stored.attempts, 1);
      assert.equal(parseDeliveryState(stored.stateJson).owner, parseDeliveryState(winners[0]!.stateJson).owner);
      assert.equal(await compareAndSet(db, row, { status: 'failed' }), null, 'the row read before the change is stale');
      assert.ok(await compareAndSet(db, stored, { status: 'success', externalId: 'x' }));
    });
  });
}
