import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testProviders } from '../../helpers/databases.ts';
import { createTestRuntime, startTestWebServer, type TestRuntime, type TestServer } from '../../helpers/test-runtime.ts';
import { runCli } from '../../../src/cli/run-cli.ts';

async function cli(runtime: TestRuntime, argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, () => runtime.config, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out, err };
}

for (const provider of testProviders()) {
  describe(`apikey:create (${provider})`, () => {
    let runtime: TestRuntime;
    let server: TestServer;

    before(async () => {
      runtime = await createTestRuntime(provider);
      server = await startTestWebServer(runtime);
    });
    after(async () => {
      await server?.close();
      await runtime?.close();
    });

    it('prints a new working key alone on the last line and stores only its hash', async () => {
      const { code, out, err } = await cli(runtime, ['apikey:create', '--name', 'Partner Shop', '--rate-limit', '90']);
      assert.equal(code, 0, err.join('\n'));
      assert.deepEqual(err, []);
      const key = out[out.length - 1] ?? '';
      assert.match(key, /^pk_[0-9a-f]{12}_[A-Za-z0-9_-]{20,64}$/);
      const row = await runtime.database.db.partnerClient.findFirstOrThrow({ where: { name: 'Partner Shop' } });
      assert.equal(row.rateLimitPerMin, 90);
      assert.notEqual(row.keyHash, key);
      assert.equal(await runtime.database.db.auditLog.count({ where: { action: 'partner.create', actorType: 'cli', targetId: String(row.id) } }), 1);
      const response = await fetch(`${server.url}/api/v1/categories`, { headers: { 'x-api-key': key } });
      assert.equal(response.status, 200);
    });

    it('uses the default limit of 60 per minute', async () => {
      const { code } = await cli(runtime, ['apikey:create', '--name=Default']);
      assert.equal(code, 0);
      assert.equal((await runtime.database.db.partnerClient.findFirstOrThrow({ where: { name: 'Default' } })).rateLimitPerMin, 60);
    });

    it('fails with one line on stderr for missing or invalid options', async () => {
      for (const argv of [['apikey:create'], ['apikey:create', '--name', 'X', '--rate-limit', 'abc'], ['apikey:create', '--name', 'X', '--rate-limit', '0'], ['apikey:create', '--name', '   ']]) {
        const { code, out, err } = await cli(runtime, argv);
        assert.notEqual(code, 0, argv.join(' '));
        assert.equal(err.length, 1, `${argv.join(' ')}: ${err.join(' | ')}`);
        assert.ok(!out.some((line) => line.startsWith('pk_')));
      }
    });
  });
}
