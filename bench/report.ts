import type { DatabaseProvider } from '../src/shared/db/create-db.ts';
import type { MachineInfo } from './machine.ts';
import { describeMachine } from './machine.ts';
import type { ConversationResult } from './scenarios/conversations.ts';
import type { ApprovalResult } from './scenarios/approvals.ts';
import type { PartnerReadResult } from './scenarios/partner-reads.ts';
import type { AcceptanceResult } from './scenarios/webhook-acceptance.ts';
import { round } from './stats.ts';

/** What one provider's run measured (raw), kept whole in results.json. */
export interface ProviderMeasurements {
  readonly acceptance: AcceptanceResult;
  readonly conversations: ConversationResult;
  readonly partnerReads: PartnerReadResult;
  readonly approvals: ApprovalResult;
  readonly lockErrors: number;
  /** 5xx counted by the web process itself plus any the load generator saw from hello-world. */
  readonly serverErrors: number;
  readonly httpCounts: Readonly<Record<string, number>>;
  readonly peakRssMB: { readonly web: number | null; readonly bot: number | null };
  readonly seededAds: number;
  readonly seedSeconds: number;
}

export interface Figure {
  readonly id: string;
  readonly label: string;
  readonly unit: string;
  readonly value: number | null;
  readonly baseline: number | null;
  readonly baselineLabel: string | null;
  /** value / baseline, when there is a baseline. */
  readonly ratio: number | null;
  /** Human-readable target, or null for figures reported without one. */
  readonly target: string | null;
  readonly pass: boolean | null;
}

export interface ProviderReport {
  readonly provider: DatabaseProvider;
  readonly figures: Figure[];
  readonly measurements: ProviderMeasurements;
}

export interface BenchResults {
  readonly generatedAt: string;
  readonly command: string;
  readonly profile: string;
  readonly machine: MachineInfo;
  readonly loadAverageAtEnd: readonly number[];
  readonly providers: ProviderReport[];
}

const ratioOf = (value: number | null, baseline: number | null) => (value !== null && baseline ? round(value / baseline, 3) : null);

export function buildFigures(m: ProviderMeasurements): Figure[] {
  const figure = (f: Omit<Figure, 'ratio'>): Figure => ({ ...f, ratio: ratioOf(f.value, f.baseline) });
  const accepted = m.acceptance.webhook.perSecond;
  const helloPost = m.acceptance.helloWorld;
  const reads = m.partnerReads.reads.perSecond;
  const helloGet = m.partnerReads.helloWorld;
  return [
    figure({
      id: 'webhook_accepted_per_s', label: 'Webhook updates accepted/s', unit: 'req/s',
      value: accepted, baseline: helloPost.perSecond, baselineLabel: 'hello-world POST req/s',
      target: '≥ 50% of hello-world', pass: ratioOf(accepted, helloPost.perSecond) !== null && accepted / helloPost.perSecond >= 0.5,
    }),
    figure({
      id: 'webhook_accept_p99_ms', label: 'Webhook accept p99', unit: 'ms',
      value: m.acceptance.webhook.latency.p99, baseline: helloPost.latency.p99, baselineLabel: 'hello-world POST p99',
      target: null, pass: null,
    }),
    figure({
      id: 'webhook_cpu_ms_per_update', label: 'Webhook: web CPU per update (less sensitive to other load)', unit: 'ms',
      value: m.acceptance.webhook.serverCpuMsPerRequest, baseline: helloPost.serverCpuMsPerRequest, baselineLabel: 'hello-world CPU per request',
      target: null, pass: null,
    }),
    figure({
      id: 'e2e_handled_per_s', label: 'Updates handled/s end to end', unit: 'upd/s',
      value: m.conversations.handledPerSecond, baseline: null, baselineLabel: null, target: null, pass: null,
    }),
    figure({
      id: 'e2e_p50_ms', label: 'End-to-end p50 (update → reply at stand-in)', unit: 'ms',
      value: m.conversations.latency.p50, baseline: null, baselineLabel: null, target: null, pass: null,
    }),
    figure({
      id: 'e2e_p99_ms', label: 'End-to-end p99', unit: 'ms',
      value: m.conversations.latency.p99, baseline: null, baselineLabel: null,
      target: '< 250 ms', pass: m.conversations.latency.count > 0 && m.conversations.failedConversations === 0 && m.conversations.latency.p99 < 250,
    }),
    figure({
      id: 'partner_reads_per_s', label: 'Partner GET /api/v1/ads req/s', unit: 'req/s',
      value: reads, baseline: helloGet.perSecond, baselineLabel: 'hello-world GET req/s',
      target: '≥ 70% of hello-world', pass: helloGet.perSecond > 0 && reads / helloGet.perSecond >= 0.7,
    }),
    figure({
      id: 'partner_reads_p99_ms', label: 'Partner reads p99', unit: 'ms',
      value: m.partnerReads.reads.latency.p99, baseline: helloGet.latency.p99, baselineLabel: 'hello-world GET p99',
      target: '< 50 ms', pass: m.partnerReads.reads.requests > 0 && m.partnerReads.reads.latency.p99 < 50,
    }),
    figure({
      id: 'partner_submits_per_s', label: 'Partner submits/s during reads (offered 50/s)', unit: 'req/s',
      value: m.partnerReads.submits.perSecond, baseline: null, baselineLabel: null, target: null, pass: null,
    }),
    figure({
      id: 'approval_p99_hung_ms', label: 'Approval p99, Telegram + Instagram hung', unit: 'ms',
      value: m.approvals.hung.latency.p99, baseline: m.approvals.healthy.latency.p99, baselineLabel: 'approval p99, healthy',
      target: '< 50 ms', pass: m.approvals.hung.requests > 0 && m.approvals.hung.latency.p99 < 50,
    }),
    figure({
      id: 'lock_errors', label: 'SQLITE_BUSY / "database is locked"', unit: 'count',
      value: m.lockErrors, baseline: null, baselineLabel: null, target: '0', pass: m.lockErrors === 0,
    }),
    figure({
      id: 'server_errors', label: 'HTTP 5xx', unit: 'count',
      value: m.serverErrors, baseline: null, baselineLabel: null, target: '0', pass: m.serverErrors === 0,
    }),
    figure({
      id: 'web_peak_rss_mb', label: 'Peak RSS, web', unit: 'MB',
      value: m.peakRssMB.web, baseline: null, baselineLabel: null, target: '< 200 MB', pass: m.peakRssMB.web !== null && m.peakRssMB.web < 200,
    }),
    figure({
      id: 'bot_peak_rss_mb', label: 'Peak RSS, bot', unit: 'MB',
      value: m.peakRssMB.bot, baseline: null, baselineLabel: null, target: '< 200 MB', pass: m.peakRssMB.bot !== null && m.peakRssMB.bot < 200,
    }),
  ];
}

const PROVIDER_NAMES: Record<DatabaseProvider, string> = { sqlite: 'SQLite', postgresql: 'PostgreSQL' };

function formatNumber(value: number | null): string {
  if (value === null) return '–';
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  return String(round(value, 1));
}

function cell(f: Figure | undefined): string {
  if (!f) return '';
  let text = `${formatNumber(f.value)}${f.unit === 'count' ? '' : ` ${f.unit}`}`;
  if (f.baseline !== null) text += ` (base ${formatNumber(f.baseline)}, ×${f.ratio ?? '–'})`;
  return text;
}

function verdict(f: Figure | undefined): string {
  if (!f || f.pass === null) return '';
  return f.pass ? 'pass' : '**miss**';
}

/** One row per figure, one value column and one pass column per database. */
export function renderTable(results: BenchResults): string {
  const providers = results.providers;
  const head = ['Figure', 'Target', ...providers.flatMap((p) => [PROVIDER_NAMES[p.provider], ''])];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => ' --- ').join('|')}|`];
  const first = providers[0];
  for (const [index, f] of (first?.figures ?? []).entries()) {
    const row = [f.label, f.target ?? '', ...providers.flatMap((p) => [cell(p.figures[index]), verdict(p.figures[index])])];
    lines.push(`| ${row.join(' | ')} |`);
  }
  return lines.join('\n');
}

export function renderMachineLine(results: BenchResults): string {
  return `Measured ${results.generatedAt.slice(0, 16).replace('T', ' ')} UTC with \`${results.command}\` (${results.profile} profile) on ${describeMachine(results.machine)}; load average (1/5/15 min) ${results.machine.loadAverageAtStart.join(' / ')} at the start, ${results.loadAverageAtEnd.join(' / ')} at the end.`;
}
