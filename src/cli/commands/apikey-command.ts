import { CliUsageError, requireOption, type CliCommand } from '../cli-command.ts';
import { withRuntime } from '../with-runtime.ts';
import { CLI_ACTOR } from '../../shared/domain/audit/record-audit.ts';
import {
  createPartnerClient,
  DEFAULT_PARTNER_RATE_LIMIT_PER_MIN,
  MAX_PARTNER_RATE_LIMIT_PER_MIN,
} from '../../shared/domain/partners/partner-clients.ts';

export const apikeyCreateCommand: CliCommand = {
  name: 'apikey:create',
  usage: `apikey:create --name N [--rate-limit N]   print a new partner API key (shown once; default ${DEFAULT_PARTNER_RATE_LIMIT_PER_MIN}/min)`,
  async run(args, config, io) {
    const name = requireOption(args, 'name');
    const rateLimitPerMin = parseRateLimit(args.options['rate-limit']);
    const { client, key } = await withRuntime(config, (rt) => createPartnerClient(rt.database.db, { name, rateLimitPerMin }, CLI_ACTOR));
    io.out(`created partner client ${client.id} "${client.name}" (${client.rateLimitPerMin} requests/min); the key is shown only now:`);
    io.out(key);
    return 0;
  },
};

function parseRateLimit(value: string | true | undefined): number {
  if (value === undefined) return DEFAULT_PARTNER_RATE_LIMIT_PER_MIN;
  const number = typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(number) || number < 1 || number > MAX_PARTNER_RATE_LIMIT_PER_MIN) {
    throw new CliUsageError(`--rate-limit must be a whole number from 1 to ${MAX_PARTNER_RATE_LIMIT_PER_MIN}`);
  }
  return number;
}
