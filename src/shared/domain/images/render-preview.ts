import { parseImageTemplate, type ImageTemplate, type ImageVariant } from './image-template.ts';
import { renderAdImage, type AdImageContent } from './render-ad-image.ts';

/** Sample content for the template editor when none is given. */
export const PREVIEW_SAMPLE: AdImageContent = {
  category: 'املاک',
  text: 'آپارتمان دو خوابه‌ی نوساز در مرکز شهر برای اجاره؛ نزدیک مترو و فروشگاه‌ها، با پارکینگ و انباری. تماس فقط در ساعات اداری.',
  phone: '+98 912 345 6789',
};

export interface PreviewSample extends Partial<AdImageContent> {
  readonly variant?: ImageVariant;
}

/**
 * For the panel's template editor: renders a template (validated first, so a bad one fails with
 * a readable message) with sample content. Runs sharp, so call it outside request handlers'
 * hot paths or behind a short cache; it takes tens of milliseconds.
 */
export async function renderPreview(template: ImageTemplate | unknown, sample: PreviewSample = {}, options: { mediaRoot?: string } = {}): Promise<Buffer> {
  const valid = parseImageTemplate(template);
  const variant = sample.variant ?? 'feed';
  return renderAdImage(
    valid[variant],
    variant,
    {
      category: sample.category ?? PREVIEW_SAMPLE.category,
      text: sample.text ?? PREVIEW_SAMPLE.text,
      phone: sample.phone === undefined ? PREVIEW_SAMPLE.phone : sample.phone,
    },
    options,
  );
}
