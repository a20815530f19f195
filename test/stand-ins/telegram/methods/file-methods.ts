import { badRequest } from '../api-error.ts';
import { MAX_DOWNLOAD_BYTES } from '../file-store.ts';
import type { MethodHandler } from './context.ts';

const getFile: MethodHandler = async (ctx) => {
  const fileId = ctx.params.string('file_id');
  if (!fileId) throw badRequest('file_id is empty');
  const file = ctx.store.files.get(fileId);
  if (!file) throw badRequest('invalid file_id');
  const data = await ctx.store.files.content(file);
  if (data.length > MAX_DOWNLOAD_BYTES) throw badRequest('file is too big');
  return { file_id: file.fileId, file_unique_id: file.uniqueId, file_size: data.length, file_path: file.path };
};

export const fileMethods: Record<string, MethodHandler> = { getFile };
