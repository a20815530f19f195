import { startHttpServer, type RunningServer } from './http-server.ts';

export interface StaticFile {
  readonly body: Buffer;
  readonly contentType: string;
  /** Wait this long before answering (to test fetch timeouts). */
  readonly delayMs?: number;
}

export interface StaticFileServer extends RunningServer {
  /** Serves `body` at `path` (leading slash), replacing what was there. Returns the full URL. */
  put(path: string, file: StaticFile): string;
  /** How many times each path was requested. */
  readonly hits: Map<string, number>;
}

/** A tiny loopback file server (images for sendPhoto-by-URL and for Instagram to fetch). */
export async function startStaticFileServer(files: Record<string, StaticFile> = {}): Promise<StaticFileServer> {
  const table = new Map(Object.entries(files));
  const hits = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  const server = await startHttpServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://static').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const file = table.get(path);
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    const send = (): void => {
      if (res.destroyed) return;
      res.writeHead(200, { 'content-type': file.contentType, 'content-length': String(file.body.length) });
      res.end(req.method === 'HEAD' ? undefined : file.body);
    };
    if (!file.delayMs) {
      send();
      return;
    }
    const timer = setTimeout(() => {
      timers.delete(timer);
      send();
    }, file.delayMs);
    timers.add(timer);
  });
  return {
    ...server,
    hits,
    put(path, file) {
      table.set(path, file);
      return `${server.url}${path}`;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      await server.close();
    },
  };
}
