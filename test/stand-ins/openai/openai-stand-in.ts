import { CallLog } from '../shared/call-log.ts';
import { FaultRegistry, type FaultHandle, type FaultInput } from '../shared/faults.ts';
import { startHttpServer, type ListenOptions } from '../shared/http-server.ts';
import { matchOpenAICall, type OpenAICall, type OpenAICallFilter } from './call-record.ts';
import type { ChatHandler } from './chat-completion.ts';
import type { ModerationHandler } from './moderation.ts';
import { createOpenAIServer, type OpenAIFault } from './server.ts';

/** The key the stand-in accepts by default (pass it as `apiKey` to the SDK). */
export const OPENAI_STAND_IN_KEY = 'sk-standin-0123456789abcdefghijklmnop';

export interface OpenAIStandInOptions extends ListenOptions {
  /** Accepted key (default OPENAI_STAND_IN_KEY); null accepts any non-empty key. */
  readonly apiKey?: string | null;
}

export interface OpenAIFaultRule {
  /** `moderations`, `chat.completions`, `models`, a RegExp, or omitted for all. */
  readonly endpoint?: string | RegExp;
  readonly fault: FaultInput<OpenAIFault>;
  readonly times?: number;
}

/** The OpenAI API stand-in (moderations and chat completions). */
export class OpenAIStandIn {
  private moderationHandler: ModerationHandler | undefined;
  private chatHandler: ChatHandler | undefined;
  private expectedKey: string | null;

  private constructor(
    /** Origin, e.g. http://127.0.0.1:PORT */
    readonly url: string,
    private readonly log: CallLog<OpenAICall>,
    private readonly faults: FaultRegistry<OpenAIFault>,
    private readonly lifetime: AbortController,
    private readonly closeServer: () => Promise<void>,
    apiKey: string | null,
  ) {
    this.expectedKey = apiKey;
  }

  static async start(options: OpenAIStandInOptions = {}): Promise<OpenAIStandIn> {
    const log = new CallLog<OpenAICall>();
    const faults = new FaultRegistry<OpenAIFault>();
    const lifetime = new AbortController();
    let standIn: OpenAIStandIn | undefined;
    const handler = createOpenAIServer({
      log,
      faults,
      lifetime: lifetime.signal,
      apiKey: () => standIn?.expectedKey ?? null,
      moderation: () => standIn?.moderationHandler,
      chat: () => standIn?.chatHandler,
    });
    const server = await startHttpServer(handler, options);
    standIn = new OpenAIStandIn(server.url, log, faults, lifetime, server.close, options.apiKey === undefined ? OPENAI_STAND_IN_KEY : options.apiKey);
    return standIn;
  }

  /** The SDK's `baseURL` (`<url>/v1`). */
  get baseURL(): string {
    return `${this.url}/v1`;
  }

  /** The key the stand-in currently accepts (null: any). */
  get apiKey(): string | null {
    return this.expectedKey;
  }

  setApiKey(key: string | null): void {
    this.expectedKey = key;
  }

  /** Programs moderation verdicts per input; return undefined for the default (not flagged). */
  onModeration(handler: ModerationHandler | undefined): void {
    this.moderationHandler = handler;
  }

  /** Programs chat completions; return undefined for the default (an approve verdict matching the schema). */
  onChat(handler: ChatHandler | undefined): void {
    this.chatHandler = handler;
  }

  inject(rule: OpenAIFaultRule): FaultHandle {
    return this.faults.inject({
      ...(rule.endpoint !== undefined ? { target: rule.endpoint } : {}),
      fault: rule.fault,
      ...(rule.times !== undefined ? { times: rule.times } : {}),
    });
  }

  clearFaults(): void {
    this.faults.clear();
  }

  calls(filter?: OpenAICallFilter): OpenAICall[] {
    return this.log.list((call) => matchOpenAICall(call, filter));
  }

  clearCalls(): void {
    this.log.clear();
  }

  onCall(listener: (call: OpenAICall) => void): () => void {
    return this.log.onRecord(listener);
  }

  /** Clears handlers, faults and calls (between tests). */
  reset(): void {
    this.moderationHandler = undefined;
    this.chatHandler = undefined;
    this.faults.clear();
    this.log.clear();
  }

  async close(): Promise<void> {
    this.lifetime.abort(new Error('stand-in closed'));
    await this.closeServer();
  }
}

export function startOpenAIStandIn(options: OpenAIStandInOptions = {}): Promise<OpenAIStandIn> {
  return OpenAIStandIn.start(options);
}
