import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { createTestDatabase, testProviders, type TestDatabase } from '../../../helpers/databases.ts';
import { createSettingsService } from '../../../../src/shared/domain/settings/settings-service.ts';
import { createSecretBox } from '../../../../src/shared/crypto/secret-box.ts';
import { AppError } from '../../../../src/shared/errors.ts';

for (const provider of testProviders()) {
  describe(`settings service on ${provider}`, () => {
    let database: TestDatabase;
    const secretBox = createSecretBox(crypto.randomBytes(32));
    before(async () => {
      database = await createTestDatabase(provider);
    });
    after(async () => {
      await database.drop();
    });

    it('a save is visible at once in the saving process and within 60 s in another', async () => {
      let clock = 1_000_000;
      const saving = createSettingsService({ db: database.db, secretBox, now: () => clock });
      const other = createSettingsService({ db: database.db, secretBox, now: () => clock });
      assert.equal(await saving.get('ads.maxLength'), 500);
      assert.equal(await other.get('ads.maxLength'), 500);

      await saving.set({ 'ads.maxLength': 800 }, { type: 'cli' });
      assert.equal(await saving.get('ads.maxLength'), 800, 'the saving process still saw the old value');
      assert.equal(await other.get('ads.maxLength'), 500, 'the other process should still be on its cache');

      clock += 59_000;
      assert.equal(await other.get('ads.maxLength'), 500);
      clock += 1_001;
      assert.equal(await other.get('ads.maxLength'), 800, 'the other process did not see the save after 60 s');
    });

    it('stores secrets encrypted, returns them decrypted, shows them masked', async () => {
      const settings = createSettingsService({ db: database.db, secretBox });
      await settings.set({ 'openai.apiKey': 'sk-test-1234567890abcdef' }, { type: 'cli' });
      const row = await database.db.setting.findUniqueOrThrow({ where: { key: 'openai.apiKey' } });
      assert.equal(row.encrypted, true);
      assert.ok(!row.value.includes('1234567890'), 'the secret is stored in clear');
      assert.equal(await settings.get('openai.apiKey'), 'sk-test-1234567890abcdef');
      const described = (await settings.describe()).find((d) => d.key === 'openai.apiKey');
      assert.ok(described?.isSet);
      assert.ok(!String(described.value).includes('1234567890'));
      await settings.set({ 'openai.apiKey': '' }, { type: 'cli' });
      assert.equal(await settings.get('openai.apiKey'), '');
    });

    it('refuses invalid values with a field message and changes nothing', async () => {
      const settings = createSettingsService({ db: database.db, secretBox });
      await assert.rejects(
        settings.set({ 'ads.lifetimeDays': 7, 'webhook.url': 'not a url' }, { type: 'cli' }),
        (error: unknown) => error instanceof AppError && error.code === 'validation_failed' && Boolean(error.fields?.['webhook.url']),
      );
      assert.equal(await settings.get('ads.lifetimeDays'), 30);
      assert.ok((await database.db.auditLog.count({ where: { action: 'settings.update' } })) >= 1);
    });
  });
}
