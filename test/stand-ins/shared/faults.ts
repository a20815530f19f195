/**
 * Fault injection shared by the stand-ins. A fault either replaces the normal handling
 * ("before the effect": nothing happens server-side) or is applied to the reply after the
 * request took effect (`afterEffect: true`, or the `*_after_effect` shorthands).
 */
export type FaultShorthand = 'hang' | 'hang_after_effect' | 'reset' | 'reset_after_effect' | 'malformed';

export type CommonFault =
  /** Wait `ms` before handling (or, with afterEffect, before answering). */
  | { readonly kind: 'delay'; readonly ms: number; readonly afterEffect?: boolean }
  /** Never answer (the connection stays open until the client gives up or the stand-in closes). */
  | { readonly kind: 'hang'; readonly afterEffect?: boolean }
  /** Destroy the connection without an HTTP reply. */
  | { readonly kind: 'reset'; readonly afterEffect?: boolean }
  /** Answer an error in the service's own wire format; nothing happens. */
  | {
      readonly kind: 'status';
      readonly status: number;
      /** Seconds, for 429 (Telegram `parameters.retry_after`, HTTP `retry-after`). */
      readonly retryAfter?: number;
      /** Overrides the service's default error text for that status. */
      readonly message?: string;
    }
  /** Answer a body that is not JSON (an HTML error page by default). */
  | {
      readonly kind: 'malformed';
      readonly status?: number;
      readonly body?: string;
      readonly afterEffect?: boolean;
    };

export type FaultInput<Extra> = FaultShorthand | CommonFault | Extra;

export interface FaultRuleInput<Extra> {
  /** Which operation (Telegram method, OpenAI/Instagram endpoint name); omitted = every one. */
  readonly target?: string | RegExp;
  /** Restricts the fault to one caller (bot token, API key, access token, user id...). */
  readonly scope?: string;
  readonly fault: FaultInput<Extra>;
  /** Apply this many times, then remove itself. Default: until cleared. */
  readonly times?: number;
}

export interface FaultHandle {
  /** Remove this rule. */
  clear(): void;
  /** How many more times it will apply (Infinity when unbounded, 0 when used up or cleared). */
  remaining(): number;
  /** How many times it has applied so far. */
  applied(): number;
}

interface FaultRule<Extra> {
  readonly target: string | RegExp | undefined;
  readonly scope: string | undefined;
  readonly fault: CommonFault | Extra;
  remaining: number;
  applied: number;
}

export function normalizeFault<Extra>(input: FaultInput<Extra>): CommonFault | Extra {
  switch (input) {
    case 'hang':
      return { kind: 'hang' };
    case 'hang_after_effect':
      return { kind: 'hang', afterEffect: true };
    case 'reset':
      return { kind: 'reset' };
    case 'reset_after_effect':
      return { kind: 'reset', afterEffect: true };
    case 'malformed':
      return { kind: 'malformed' };
    default:
      return input as CommonFault | Extra;
  }
}

export function describeFault(fault: { readonly kind: string } & Record<string, unknown>): string {
  const after = fault.afterEffect === true ? '_after_effect' : '';
  if (fault.kind === 'status') return `status_${String(fault.status)}`;
  if (fault.kind === 'delay') return `delay_${String(fault.ms)}ms${after}`;
  return `${fault.kind}${after}`;
}

export class FaultRegistry<Extra extends { readonly kind: string } = never> {
  private rules: FaultRule<Extra>[] = [];

  inject(input: FaultRuleInput<Extra>): FaultHandle {
    const rule: FaultRule<Extra> = {
      target: input.target,
      scope: input.scope,
      fault: normalizeFault(input.fault),
      remaining: input.times ?? Infinity,
      applied: 0,
    };
    this.rules.push(rule);
    return {
      clear: () => {
        rule.remaining = 0;
        this.rules = this.rules.filter((r) => r !== rule);
      },
      remaining: () => rule.remaining,
      applied: () => rule.applied,
    };
  }

  /** Finds the first matching rule, counts one use and returns its fault. */
  take(target: string, scopes: readonly (string | undefined)[] = []): CommonFault | Extra | undefined {
    const rule = this.rules.find((r) => matches(r, target, scopes));
    if (!rule) return undefined;
    rule.applied += 1;
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.rules = this.rules.filter((r) => r !== rule);
    return rule.fault;
  }

  clear(): void {
    this.rules = [];
  }

  get size(): number {
    return this.rules.length;
  }
}

function matches<Extra>(rule: FaultRule<Extra>, target: string, scopes: readonly (string | undefined)[]): boolean {
  if (rule.scope !== undefined && !scopes.includes(rule.scope)) return false;
  if (rule.target === undefined || rule.target === '*') return true;
  if (typeof rule.target === 'string') return rule.target.toLowerCase() === target.toLowerCase();
  rule.target.lastIndex = 0;
  return rule.target.test(target);
}
