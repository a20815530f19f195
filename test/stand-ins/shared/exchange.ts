import type http from 'node:http';
import type { CommonFault } from './faults.ts';
import { sleep } from './timing.ts';

export interface HttpReply {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body: string | Buffer;
}

export type StatusFault = Extract<CommonFault, { kind: 'status' }>;
export type MalformedFault = Extract<CommonFault, { kind: 'malformed' }>;

export interface ExchangeOptions {
  readonly res: http.ServerResponse;
  readonly fault: CommonFault | undefined;
  /** Aborted when the stand-in closes: ends delays. */
  readonly lifetime: AbortSignal;
  /** Does the work and builds the normal reply. */
  readonly effect: () => Promise<HttpReply>;
  /** Builds the service's own error reply for a `status` fault. */
  readonly renderStatus: (fault: StatusFault) => HttpReply;
}

export interface ExchangeOutcome {
  /** What was written, when something was. */
  readonly reply: HttpReply | undefined;
  readonly effectRan: boolean;
  /** Left unanswered on purpose (hang) or cut (reset). */
  readonly unanswered: 'hang' | 'reset' | undefined;
}

const NGINX_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

export function malformedReply(fault: MalformedFault): HttpReply {
  return {
    status: fault.status ?? 502,
    headers: { 'content-type': 'text/html' },
    body: fault.body ?? NGINX_502,
  };
}

/**
 * Runs one request/response exchange with an optional injected fault. A fault without
 * `afterEffect` replaces the work (nothing happens); with `afterEffect` the work is done and
 * only the reply is delayed, withheld, cut or garbled.
 */
export async function runExchange(options: ExchangeOptions): Promise<ExchangeOutcome> {
  const { res, fault } = options;
  const after = fault !== undefined && 'afterEffect' in fault && fault.afterEffect === true;
  if (fault && !after) {
    switch (fault.kind) {
      case 'hang':
        return { reply: undefined, effectRan: false, unanswered: 'hang' };
      case 'reset':
        res.socket?.destroy();
        return { reply: undefined, effectRan: false, unanswered: 'reset' };
      case 'status': {
        const reply = options.renderStatus(fault);
        writeReply(res, reply);
        return { reply, effectRan: false, unanswered: undefined };
      }
      case 'malformed': {
        const reply = malformedReply(fault);
        writeReply(res, reply);
        return { reply, effectRan: false, unanswered: undefined };
      }
      case 'delay':
        try {
          await sleep(fault.ms, options.lifetime);
        } catch {
          return { reply: undefined, effectRan: false, unanswered: 'hang' };
        }
        break;
    }
  }
  let reply = await options.effect();
  if (fault && after) {
    switch (fault.kind) {
      case 'hang':
        return { reply: undefined, effectRan: true, unanswered: 'hang' };
      case 'reset':
        res.socket?.destroy();
        return { reply: undefined, effectRan: true, unanswered: 'reset' };
      case 'malformed':
        reply = malformedReply(fault);
        break;
      case 'delay':
        try {
          await sleep(fault.ms, options.lifetime);
        } catch {
          return { reply: undefined, effectRan: true, unanswered: 'hang' };
        }
        break;
      default:
        break;
    }
  }
  writeReply(res, reply);
  return { reply, effectRan: true, unanswered: undefined };
}

export function writeReply(res: http.ServerResponse, reply: HttpReply): void {
  if (res.destroyed || res.writableEnded) return;
  const body = typeof reply.body === 'string' ? Buffer.from(reply.body, 'utf8') : reply.body;
  res.writeHead(reply.status, { 'content-length': String(body.length), ...reply.headers });
  res.end(body);
}

export function jsonReply(status: number, value: unknown, headers: Record<string, string> = {}): HttpReply {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(value) };
}
