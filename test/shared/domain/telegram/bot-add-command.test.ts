import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { testProviders, createTestDatabaseUrl } from '../../../helpers/databases.ts';
import { runTs } from '../../../helpers/child-process.ts';
import { startTelegramStandIn, type TelegramStandIn } from '../../../stand-ins/telegram/telegram-stand-in.ts';
import { createDatabase } from '../../../../src/shared/db/create-db.ts';
import { createSecretBox } from '../../../../src/shared/crypto/secret-box.ts';
import { createConfig } from '../../../../src/shared/config/create-config.ts';
import { runCli } from '../../../../src/cli/run-cli.ts';

for (const provider of testProviders()) {
  describe(`npm run cli -- bot:add (${provider})`, () => {
    let tg: TelegramStandIn;
    let target: Awaited<ReturnType<typeof createTestDatabaseUrl>>;
    let env: Record<string, string>;
    const appSecret = crypto.randomBytes(32).toString('hex');

    before(async () => {
      tg = await startTelegramStandIn();
      target = await createTestDatabaseUrl(provider);
      env = { DATABASE_URL: target.url, APP_SECRET: appSecret, TELEGRAM_API_ROOT: tg.url, PUBLIC_BASE_URL: 'https://ads.example.com', CWD: target.dir };
    });

    after(async () => {
      await target.drop();
      await tg.close();
    });

    /** The same command in this process (the entry point itself is run by the other test). */
    async function cli(argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
      const out: string[] = [];
      const err: string[] = [];
      const { CWD: cwd, ...vars } = env;
      const config = () => createConfig({ ...vars, LOG_LEVEL: 'silent' }, { cwd: cwd ?? '.', version: '0.0.0-test' });
      const code = await runCli(argv, config, { out: (line) => out.push(line), err: (line) => err.push(line) });
      return { code, out, err };
    }

    it('npm run cli: prints the new id alone on the last line, and a refused token as one line with exit 1', async () => {
      const first = tg.addBot({ username: 'cli_added_bot' });
      const run = await runTs('src/cli/main.ts', ['bot:add', '--token', first.token], env);
      assert.equal(run.code, 0, run.stderr);
      const lines = run.stdout.trim().split('\n');
      assert.match(lines.at(-1) ?? '', /^\d+$/);
      assert.match(run.stdout, /@cli_added_bot \(polling, default\)/);
      assert.ok(!run.stdout.includes(first.token) && !run.stderr.includes(first.token), 'the token is never printed');

      const unknown = '123456789:AAthisTokenIsNotKnownToTelegramAtAll12';
      const refused = await runTs('src/cli/main.ts', ['bot:add', '--token', unknown], env);
      assert.equal(refused.code, 1, refused.stdout + refused.stderr);
      assert.equal(refused.stdout.trim(), '');
      const errLines = refused.stderr.trim().split('\n');
      assert.equal(errLines.length, 1, refused.stderr);
      assert.match(errLines[0] ?? '', /^bot:add: Telegram rejected the bot token \(401 Unauthorized\)$/);
      assert.ok(!refused.stderr.includes('AAthisToken'), 'the token is never printed');

      const database = createDatabase({ url: target.url });
      try {
        const row = await database.db.telegramBot.findUniqueOrThrow({ where: { id: Number(lines.at(-1)) } });
        assert.equal(row.isDefault, true);
        assert.equal(createSecretBox(Buffer.from(appSecret, 'hex')).decrypt(row.tokenEncrypted), first.token);
      } finally {
        await database.close();
      }
    });

    it('webhook mode registers the webhook; a malformed token, a second add or a bad mode fail with one line', async () => {
      const second = tg.addBot();
      const hooked = await cli(['bot:add', '--token', second.token, '--mode', 'webhook', '--name', 'Second']);
      assert.equal(hooked.code, 0, hooked.err.join('\n'));
      const id = Number(hooked.out.at(-1));
      assert.ok(Number.isInteger(id) && id > 0, hooked.out.join('\n'));
      assert.equal(tg.webhookInfo(second).url, `https://ads.example.com/telegram/webhook/${id}`);

      const malformed = await cli(['bot:add', '--token', 'garbage-token-value']);
      assert.equal(malformed.code, 1);
      assert.deepEqual(malformed.out, []);
      assert.equal(malformed.err.length, 1);
      assert.match(malformed.err[0] ?? '', /not a Telegram bot token/);
      assert.ok(!malformed.err[0]?.includes('garbage-token-value'));

      const again = await cli(['bot:add', '--token', second.token]);
      assert.equal(again.code, 1);
      assert.deepEqual(again.err, [`bot:add: This bot is already registered (id ${id})`]);

      const badMode = await cli(['bot:add', '--token', tg.addBot().token, '--mode', 'push']);
      assert.notEqual(badMode.code, 0);
      assert.equal(badMode.err.length, 1);
      const missing = await cli(['bot:add']);
      assert.notEqual(missing.code, 0);
      assert.deepEqual(missing.err, ['bot:add: --token is required']);
    });
  });
}
