import type { Message } from 'grammy/types';

/** What a non-text message is, for the refusal texts (`kind-<kind>` in the locales). */
export type MessageKind = 'sticker' | 'animation' | 'voice' | 'video' | 'video-note' | 'audio' | 'document' | 'location' | 'contact' | 'poll' | 'other';

export function messageKind(message: Message): MessageKind {
  if (message.sticker) return 'sticker';
  // A GIF arrives with both `animation` and `document`: check it first.
  if (message.animation) return 'animation';
  if (message.voice) return 'voice';
  if (message.video_note) return 'video-note';
  if (message.video) return 'video';
  if (message.audio) return 'audio';
  if (message.document) return 'document';
  if (message.location || message.venue) return 'location';
  if (message.contact) return 'contact';
  if (message.poll) return 'poll';
  return 'other';
}

/** An image sent "as a file" (uncompressed) instead of as a photo. */
export function isImageDocument(message: Message): boolean {
  return Boolean(message.document && !message.animation && message.document.mime_type?.startsWith('image/'));
}

/** The largest size of a photo message (Telegram lists sizes smallest first, but do not rely on it). */
export function largestPhoto(message: Message): { fileId: string; fileUniqueId: string } | null {
  const sizes = message.photo ?? [];
  let best = sizes[0];
  for (const size of sizes) {
    if (best && size.width * size.height > best.width * best.height) best = size;
  }
  return best ? { fileId: best.file_id, fileUniqueId: best.file_unique_id } : null;
}
