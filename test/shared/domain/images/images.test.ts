import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { REPO_ROOT } from '../../../helpers/child-process.ts';
import { testProviders } from '../../../helpers/databases.ts';
import { createTestRuntime, type TestRuntime } from '../../../helpers/test-runtime.ts';
import { DEFAULT_IMAGE_TEMPLATE, parseImageTemplate, templateFromSetting, type ImageTemplateInput, type TextBlock } from '../../../../src/shared/domain/images/image-template.ts';
import { renderAdImage } from '../../../../src/shared/domain/images/render-ad-image.ts';
import { renderPreview } from '../../../../src/shared/domain/images/render-preview.ts';
import { fitText } from '../../../../src/shared/domain/images/text-fit.ts';
import { ensureAdImages } from '../../../../src/shared/domain/images/ad-images.ts';
import { mediaRootOf, resolveMediaFile } from '../../../../src/shared/domain/images/media-storage.ts';
import { submitAd } from '../../../../src/shared/domain/ads/submit-ad.ts';
import { CLI_ACTOR } from '../../../../src/shared/domain/audit/record-audit.ts';
import { AppError } from '../../../../src/shared/errors.ts';

const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts');
const SNAPSHOT = path.join(REPO_ROOT, 'test/shared/domain/images/__snapshots__/feed-fa.png');
/** Mean absolute difference (0–255) allowed between the feed image and its reference at 108×135. */
const SNAPSHOT_TOLERANCE = 6;

export const LONG_FA = [
  'فروش فوری آپارتمان ۱۲۰ متری سه خوابه در بهترین نقطه‌ی شهر، طبقه‌ی پنجم با آسانسور، پارکینگ اختصاصی و انباری بزرگ.',
  'نورگیر عالی از سه طرف، کابینت‌های نو و کف‌پوش پارکت. نزدیک به مترو، مدرسه، پارک و مراکز خرید.',
  'سند شش‌دانگ آماده‌ی انتقال است و قیمت مناسب و قابل مذاکره برای خریدار واقعی. لطفاً فقط تماس بگیرید و پیامک ندهید.',
  'ساعات تماس از نه صبح تا شش عصر، روزهای شنبه تا پنج‌شنبه. بازدید با هماهنگی قبلی امکان‌پذیر است و مشاوران املاک تماس نگیرند.',
  'همچنین یک واحد تجاری کوچک در همان ساختمان برای اجاره موجود است؛ برای اطلاعات بیشتر درباره‌ی شرایط پرداخت و زمان تحویل، تماس بگیرید.',
].join(' ');
const CONTENT = { category: 'املاک و مستغلات', text: LONG_FA, phone: '۰۹۱۲ ۳۴۵ ۶۷۸۹' };

async function thumbnail(image: Buffer): Promise<Buffer> {
  return sharp(image).resize(108, 135, { fit: 'fill', fastShrinkOnLoad: false }).greyscale().raw().toBuffer();
}

describe('ad images', () => {
  it('renders a long Persian ad (feed and story): shaped, right to left, shrunk then shortened, matching the reference', async () => {
    const feed = await renderAdImage(DEFAULT_IMAGE_TEMPLATE.feed, 'feed', CONTENT);
    const story = await renderAdImage(DEFAULT_IMAGE_TEMPLATE.story, 'story', CONTENT);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    fs.writeFileSync(path.join(ARTIFACTS, 'feed-fa.jpg'), feed);
    fs.writeFileSync(path.join(ARTIFACTS, 'story-fa.jpg'), story);
    for (const [image, width, height] of [[feed, 1080, 1350], [story, 1080, 1920]] as const) {
      const meta = await sharp(image).metadata();
      assert.deepEqual([meta.format, meta.width, meta.height], ['jpeg', width, height]);
      assert.ok(image.length < 8 * 1024 * 1024, 'within Instagram’s 8 MB');
    }

    if (process.env.UPDATE_SNAPSHOTS === '1' || !fs.existsSync(SNAPSHOT)) {
      if (process.env.UPDATE_SNAPSHOTS !== '1') assert.fail(`no reference image at ${SNAPSHOT}; run with UPDATE_SNAPSHOTS=1 and look at it`);
      // Half size: small enough to commit, large enough for a person to read.
      await sharp(feed).resize(540, 675).png({ compressionLevel: 9 }).toFile(SNAPSHOT);
    }
    const [actual, expected] = await Promise.all([thumbnail(feed), thumbnail(fs.readFileSync(SNAPSHOT))]);
    let sum = 0;
    for (let i = 0; i < actual.length; i += 1) sum += Math.abs((actual[i] ?? 0) - (expected[i] ?? 0));
    const mean = sum / actual.length;
    assert.ok(mean < SNAPSHOT_TOLERANCE, `mean pixel difference ${mean.toFixed(2)} ≥ ${SNAPSHOT_TOLERANCE} against ${SNAPSHOT}`);
  });

  it('a long text shrinks to the minimum size and ends with an ellipsis; a short one keeps its size', async () => {
    const block = DEFAULT_IMAGE_TEMPLATE.feed.text;
    const long = await fitText(LONG_FA, block);
    assert.ok(long && long.truncated);
    assert.equal(long.fontSize, block.minFontSize);
    assert.ok(long.height <= block.height && long.width <= block.width);
    const short = await fitText('دوچرخه برای فروش', block);
    assert.ok(short && !short.truncated);
    assert.equal(short.fontSize, block.fontSize);
    const medium = await fitText(LONG_FA.slice(0, 330), block);
    assert.ok(medium && !medium.truncated && medium.fontSize < block.fontSize && medium.fontSize > (block.minFontSize ?? 0), `shrunk to ${medium?.fontSize}`);
  });

  it('Persian text starts on the right, English on the left (start alignment)', async () => {
    const layout = {
      ...DEFAULT_IMAGE_TEMPLATE.feed,
      panels: [],
      background: { color: '#000000' },
      category: { ...DEFAULT_IMAGE_TEMPLATE.feed.category, x: 40, y: 40, width: 1000, height: 120, align: 'start', color: '#ffffff' } satisfies TextBlock,
    };
    const inkColumns = async (category: string) => {
      const image = await renderAdImage(layout, 'feed', { category, text: '', phone: null });
      const { data, info } = await sharp(image).extract({ left: 0, top: 40, width: 1080, height: 120 }).greyscale().raw().toBuffer({ resolveWithObject: true });
      const columns: number[] = [];
      for (let x = 0; x < info.width; x += 1) {
        for (let y = 0; y < info.height; y += 1) if ((data[y * info.width + x] ?? 0) > 128) { columns.push(x); break; }
      }
      return { min: Math.min(...columns), max: Math.max(...columns) };
    };
    const fa = await inkColumns('خدمات');
    assert.ok(fa.max > 1000 && fa.min > 700, `Persian ink at ${fa.min}–${fa.max}`);
    const en = await inkColumns('Services');
    assert.ok(en.min < 80 && en.max < 400, `English ink at ${en.min}–${en.max}`);
  });

  it('templates are validated; the setting holds JSON or nothing; previews render for the editor', async () => {
    assert.throws(() => parseImageTemplate('{not json'), /not valid JSON/);
    const broken = structuredClone(DEFAULT_IMAGE_TEMPLATE) as unknown as ImageTemplateInput & { feed: { text: { color: string } } };
    broken.feed.text.color = 'white';
    assert.throws(() => parseImageTemplate(broken), /feed\.text\.color/);
    const escaping = structuredClone(DEFAULT_IMAGE_TEMPLATE) as ImageTemplateInput;
    escaping.feed.background = { color: '#000000', image: '../secret.key' };
    assert.throws(() => parseImageTemplate(escaping), /background\.image/);
    assert.equal(templateFromSetting(''), DEFAULT_IMAGE_TEMPLATE);
    assert.equal(templateFromSetting('{"broken":'), DEFAULT_IMAGE_TEMPLATE);

    const custom = structuredClone(DEFAULT_IMAGE_TEMPLATE);
    custom.feed.background = { color: '#7a1f3d' };
    const preview = await renderPreview(custom, { text: 'پیش‌نمایش قالب' });
    const meta = await sharp(preview).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ['jpeg', 1080, 1350]);
    const { dominant } = await sharp(preview).stats();
    assert.ok(dominant.r > dominant.b, 'the custom background colour is used');
    const story = await sharp(await renderPreview(DEFAULT_IMAGE_TEMPLATE, { variant: 'story' })).metadata();
    assert.equal(story.height, 1920);
    await assert.rejects(renderPreview({ feed: {} }), /image template/);
  });

  it('a background image from the media folder is used, cover-fitted', async () => {
    const root = fs.mkdtempSync(path.join(REPO_ROOT, 'test-artifacts', 'media-'));
    try {
      fs.mkdirSync(path.join(root, 'templates'));
      await sharp({ create: { width: 400, height: 300, channels: 3, background: '#00ff00' } }).png().toFile(path.join(root, 'templates', 'bg.png'));
      const layout = { ...DEFAULT_IMAGE_TEMPLATE.feed, panels: [], background: { color: '#000000', image: 'templates/bg.png' } };
      const image = await renderAdImage(layout, 'feed', { category: 'x', text: 'y', phone: null }, { mediaRoot: root });
      const corner = await sharp(image).extract({ left: 0, top: 0, width: 20, height: 20 }).stats();
      assert.ok((corner.channels[1]?.mean ?? 0) > 200 && (corner.channels[0]?.mean ?? 255) < 60, 'green background');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

for (const provider of testProviders()) {
  describe(`stored ad images on ${provider}`, () => {
    let rt: TestRuntime;
    before(async () => {
      rt = await createTestRuntime(provider);
    });
    after(async () => {
      await rt.close();
    });

    it('stores each variant once per ad and content version (files under data/media, Media rows)', async () => {
      const { db } = rt.database;
      const category = await db.category.findUniqueOrThrow({ where: { slug: 'services' } });
      const { ad } = await submitAd({ db, jobs: rt.jobs }, { source: 'partner', content: 'تعمیر لوازم خانگی در محل، سریع و با ضمانت', categoryId: category.id, contactPhone: '+98 21 5555 0000' });
      const deps = { db, settings: rt.settings, mediaRoot: mediaRootOf(rt.config.dataDir) };
      const [first, concurrent] = await Promise.all([ensureAdImages(deps, ad.id), ensureAdImages(deps, ad.id)]);
      assert.equal(first.feed?.id, concurrent.feed?.id);
      assert.equal(await db.media.count({ where: { adId: ad.id } }), 2);
      const file = resolveMediaFile(deps.mediaRoot, first.feed!.path)!;
      assert.ok(file.startsWith(path.join(rt.config.dataDir, 'media')));
      assert.match(first.feed!.path, new RegExp(`^ads/${ad.id}/feed-v1\\.jpg$`));
      assert.deepEqual([first.feed!.width, first.feed!.height, first.story!.width, first.story!.height, first.feed!.mime], [1080, 1350, 1080, 1920, 'image/jpeg']);
      const mtime = fs.statSync(file).mtimeMs;
      const again = await ensureAdImages(deps, ad.id);
      assert.equal(again.feed?.id, first.feed?.id);
      assert.equal(fs.statSync(file).mtimeMs, mtime, 'not rendered again');

      await db.ad.update({ where: { id: ad.id }, data: { content: 'متن ویرایش‌شده', contentVersion: { increment: 1 } } });
      const edited = await ensureAdImages(deps, ad.id, ['feed']);
      assert.match(edited.feed!.path, /feed-v2\.jpg$/);
      assert.equal(await db.media.count({ where: { adId: ad.id } }), 3);

      fs.rmSync(file);
      const restored = await ensureAdImages(deps, ad.id, ['story']);
      assert.ok(restored.story);
      await ensureAdImages(deps, ad.id);
      assert.equal(await db.media.count({ where: { adId: ad.id } }), 4);
    });

    it('the template is a setting: validated JSON, used for new images', async () => {
      await assert.rejects(rt.settings.set({ 'images.template': '{"feed": 1}' }, CLI_ACTOR), (e: unknown) => e instanceof AppError && e.code === 'validation_failed' && 'images.template' in (e.fields ?? {}));
      const custom = structuredClone(DEFAULT_IMAGE_TEMPLATE);
      custom.feed.background = { color: '#aa0000' };
      custom.feed.panels = [];
      await rt.settings.set({ 'images.template': JSON.stringify(custom) }, CLI_ACTOR);
      const { db } = rt.database;
      const { ad } = await submitAd({ db, jobs: rt.jobs }, { source: 'partner', content: 'Red background please' });
      const deps = { db, settings: rt.settings, mediaRoot: mediaRootOf(rt.config.dataDir) };
      const { feed } = await ensureAdImages(deps, ad.id, ['feed']);
      const corner = await sharp(resolveMediaFile(deps.mediaRoot, feed!.path)!).extract({ left: 0, top: 0, width: 10, height: 10 }).stats();
      assert.ok((corner.channels[0]?.mean ?? 0) > 150 && (corner.channels[2]?.mean ?? 255) < 40, 'the stored template was used');
      await rt.settings.set({ 'images.template': '' }, CLI_ACTOR);
    });
  });
}
