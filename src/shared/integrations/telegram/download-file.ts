import type { Api } from 'grammy';

/**
 * Downloads a file a user sent to a bot: `getFile` (the path, valid for an hour), then
 * `<apiRoot>/file/bot<token>/<path>`. A file_id works only with the bot that received it.
 * Errors never contain the URL (it holds the token).
 */
export class TelegramDownloadError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TelegramDownloadError';
  }
}

/** The Bot API serves files up to 20 MB. */
const MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;

export async function downloadTelegramFile(input: {
  readonly api: Api;
  readonly token: string;
  readonly apiRoot: string;
  readonly fileId: string;
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
}): Promise<Buffer> {
  let filePath: string | undefined;
  try {
    filePath = (await input.api.getFile(input.fileId)).file_path;
  } catch (error) {
    throw new TelegramDownloadError(`getFile failed: ${error instanceof Error ? error.message.split(input.token).join('<token>') : String(error)}`, { cause: error });
  }
  if (!filePath) throw new TelegramDownloadError('getFile returned no file_path (the file may be too big to download)');
  const timeout = AbortSignal.timeout(input.timeoutMs ?? 30_000);
  const signal = input.signal ? AbortSignal.any([input.signal, timeout]) : timeout;
  const url = `${input.apiRoot.replace(/\/+$/, '')}/file/bot${input.token}/${filePath.split('/').map(encodeURIComponent).join('/')}`;
  let response: Response;
  try {
    response = await fetch(url, { signal });
  } catch (error) {
    throw new TelegramDownloadError(`file download failed: ${error instanceof Error ? error.name : 'network error'}`, { cause: error });
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new TelegramDownloadError(`file download failed: HTTP ${response.status}`);
  }
  const data = Buffer.from(await response.arrayBuffer());
  if (data.length === 0 || data.length > MAX_DOWNLOAD_BYTES) throw new TelegramDownloadError(`file download returned ${data.length} bytes`);
  return data;
}
