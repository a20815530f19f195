import { linkedSignal } from '../../shared/linked-signal.ts';
import { badRequest } from '../api-error.ts';
import type { InputFileRef } from '../params.ts';
import type { TgPhotoSize } from '../types.ts';
import type { MethodContext } from './context.ts';

/** Turns a photo parameter (upload, file_id or URL) into the sizes array of the sent photo. */
export async function resolvePhoto(ctx: MethodContext, ref: InputFileRef | undefined): Promise<TgPhotoSize[]> {
  if (!ref) throw badRequest('there is no photo in the request');
  switch (ref.kind) {
    case 'upload':
      return ctx.store.files.addPhoto(ref.file.data);
    case 'file_id': {
      const sizes = ctx.store.files.photoSizes(ref.fileId);
      if (sizes) return sizes.map((size) => ({ ...size }));
      const other = ctx.store.files.get(ref.fileId);
      if (other) throw badRequest(`can't use file of type ${capitalize(other.kind)} as Photo`);
      throw badRequest('wrong file identifier/HTTP URL specified');
    }
    case 'url': {
      const data = await fetchUrl(ref.url, ctx.options.urlFetchTimeoutMs, ctx.signal);
      try {
        return await ctx.store.files.addPhoto(data);
      } catch {
        throw badRequest('wrong type of the web page content');
      }
    }
  }
}

async function fetchUrl(url: string, timeoutMs: number, signal: AbortSignal): Promise<Buffer> {
  const link = linkedSignal([signal], timeoutMs);
  try {
    const response = await fetch(url, { signal: link.signal });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return Buffer.from(await response.arrayBuffer());
  } catch {
    throw badRequest('failed to get HTTP URL content');
  } finally {
    link.dispose();
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
