/**
 * An ad carries up to 10 photos (one Telegram album; Instagram's carousel takes as many), kept in
 * the order Telegram gave them (AdPhoto.position 0..n-1). With 2 or more, the channel gets one
 * album and Instagram one carousel; with one, a single photo post as before.
 */
export const MAX_AD_PHOTOS = 10;

export function isAlbum(photoCount: number): boolean {
  return photoCount >= 2;
}
