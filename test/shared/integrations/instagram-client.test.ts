import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import util from 'node:util';
import { AppError } from '../../../src/shared/errors.ts';
import { createInstagramClient, type InstagramClient } from '../../../src/shared/integrations/instagram/instagram-client.ts';
import { InstagramError } from '../../../src/shared/integrations/instagram/instagram-error.ts';
import { startInstagramStandIn, type InstagramAccount, type InstagramStandIn } from '../../stand-ins/instagram/instagram-stand-in.ts';
import { startHttpServer } from '../../stand-ins/shared/http-server.ts';
import { makeJpeg, makePng } from '../../stand-ins/shared/media-generator.ts';
import { startStaticFileServer, type StaticFileServer } from '../../stand-ins/shared/static-files.ts';

describe('Instagram client against the Graph stand-in', () => {
  let ig: InstagramStandIn;
  let images: StaticFileServer;
  let account: InstagramAccount;
  let client: InstagramClient;
  const errors: unknown[] = [];
  const tokens: string[] = [];

  /** Runs a call that must fail and returns its InstagramError (also kept for the token check). */
  async function failure(promise: Promise<unknown>): Promise<InstagramError> {
    try {
      await promise;
    } catch (error) {
      errors.push(error);
      assert.ok(error instanceof InstagramError, `expected InstagramError, got ${String(error)}`);
      assert.ok(error instanceof AppError);
      assert.equal(error.code, 'external');
      return error;
    }
    assert.fail('expected the call to fail');
  }

  const url = (path: string): string => `${images.url}${path}`;

  before(async () => {
    ig = await startInstagramStandIn({ finishAfterPolls: 2, imageFetchTimeoutMs: 1_000 });
    images = await startStaticFileServer({
      '/feed.jpg': { body: await makeJpeg({ width: 1080, height: 1350 }), contentType: 'image/jpeg' },
      '/story.jpg': { body: await makeJpeg({ width: 1080, height: 1920 }), contentType: 'image/jpeg' },
      '/ad.png': { body: await makePng({ width: 1080, height: 1080 }), contentType: 'image/png' },
      '/wide.jpg': { body: await makeJpeg({ width: 1200, height: 400 }), contentType: 'image/jpeg' },
      '/tiny.jpg': { body: await makeJpeg({ width: 200, height: 250 }), contentType: 'image/jpeg' },
      '/slow.jpg': { body: await makeJpeg({ width: 1080, height: 1080 }), contentType: 'image/jpeg', delayMs: 4_000 },
    });
    account = ig.addAccount({ username: 'agahi_shop' });
    tokens.push(account.token);
    client = createInstagramClient({ graphUrl: ig.graphUrl, timeoutMs: 2_000, retries: 2, backoffMs: 10 });
  });

  after(async () => {
    await images.close();
    await ig.close();
  });

  it('getMe, then create → poll → publish a feed post; the token only travels in the Authorization header', async () => {
    assert.deepEqual(await client.getMe(account.token), { id: account.userId, username: 'agahi_shop' });
    const { containerId } = await client.createContainer({ userId: account.userId, token: account.token, imageUrl: url('/feed.jpg'), caption: 'Bike for sale #bike' });
    assert.match(containerId, /^\d+$/);
    const polls: string[] = [];
    for (;;) {
      const { statusCode } = await client.getContainerStatus({ containerId, token: account.token });
      polls.push(statusCode);
      if (statusCode !== 'IN_PROGRESS') break;
    }
    assert.deepEqual(polls, ['IN_PROGRESS', 'IN_PROGRESS', 'FINISHED']);
    const { mediaId } = await client.publishContainer({ userId: account.userId, token: account.token, containerId });
    const published = ig.published(account.userId);
    assert.equal(published.length, 1);
    assert.equal(published[0]?.id, mediaId);
    assert.equal(published[0]?.caption, 'Bike for sale #bike');
    assert.equal(published[0]?.mediaType, 'IMAGE');
    assert.equal((await client.getContainerStatus({ containerId, token: account.token })).statusCode, 'PUBLISHED');
    assert.deepEqual(await client.getPublishingLimit({ userId: account.userId, token: account.token }), { quotaUsage: 1, quotaTotal: 100, quotaDurationSeconds: 86_400 });

    const twice = await failure(client.publishContainer({ userId: account.userId, token: account.token, containerId }));
    assert.equal(twice.kind, 'graph');
    assert.equal(ig.published(account.userId).length, 1, 'publishing a container twice never posts twice');

    for (const call of ig.calls()) {
      assert.equal(call.tokenVia, 'header');
      assert.ok(!JSON.stringify(call.params).includes(account.token));
    }
    assert.deepEqual(ig.calls({ endpoint: 'createContainer' })[0]?.params, { image_url: url('/feed.jpg'), caption: 'Bike for sale #bike' });
  });

  it('a story container (media_type=STORIES) publishes as a story', async () => {
    const { containerId } = await client.createContainer({ userId: account.userId, token: account.token, imageUrl: url('/story.jpg'), mediaType: 'STORIES' });
    await client.getContainerStatus({ containerId, token: account.token });
    await client.getContainerStatus({ containerId, token: account.token });
    await client.publishContainer({ userId: account.userId, token: account.token, containerId });
    assert.equal(ig.published(account.userId).at(-1)?.mediaType, 'STORIES');
  });

  it('publishing before FINISHED → isNotReady (9007/2207027), not auto-retried', async () => {
    const { containerId } = await client.createContainer({ userId: account.userId, token: account.token, imageUrl: url('/feed.jpg') });
    const before = ig.calls({ endpoint: 'publish' }).length;
    const error = await failure(client.publishContainer({ userId: account.userId, token: account.token, containerId }));
    assert.equal(error.isNotReady, true);
    assert.equal(error.graphCode, 9007);
    assert.equal(error.graphSubcode, 2207027);
    assert.equal(error.retryable, true, 'worth trying again later');
    assert.equal(ig.calls({ endpoint: 'publish' }).length - before, 1, 'the client does not retry it by itself');
    assert.equal(error.userMessage, 'The media is not ready for publishing, please wait for a moment');
  });

  it('images Meta refuses: PNG, wrong aspect ratio, width, missing, unreachable, too slow', async () => {
    const create = (imageUrl: string) => client.createContainer({ userId: account.userId, token: account.token, imageUrl });
    const png = await failure(create(url('/ad.png')));
    assert.deepEqual([png.graphCode, png.graphSubcode, png.isImageRejected, png.retryable], [36001, 2207005, true, false]);
    const wide = await failure(create(url('/wide.jpg')));
    assert.deepEqual([wide.graphCode, wide.graphSubcode, wide.isImageRejected], [36003, 2207009, true]);
    const tiny = await failure(create(url('/tiny.jpg')));
    assert.equal(tiny.graphCode, 36001);
    const missing = await failure(create(url('/nope.jpg')));
    assert.deepEqual([missing.graphCode, missing.graphSubcode, missing.isMediaFetchFailed, missing.httpStatus], [9004, 2207052, true, 400]);
    const closed = await startHttpServer(() => undefined);
    await closed.close();
    assert.equal((await failure(create(`${closed.url}/x.jpg`))).isMediaFetchFailed, true);
    const slow = await failure(create(url('/slow.jpg')));
    assert.deepEqual([slow.graphCode, slow.graphSubcode, slow.retryable], [-2, 2207003, true]);
    assert.equal(ig.containers(account.userId).filter((c) => c.imageUrl.endsWith('.png')).length, 0);
  });

  it('expired or unknown token → isTokenExpired (190), not retried', async () => {
    const other = ig.addAccount();
    tokens.push(other.token);
    ig.expireToken(other.token);
    const expired = await failure(client.getMe(other.token));
    assert.equal(expired.isTokenExpired, true);
    assert.equal(expired.graphCode, 190);
    assert.equal(expired.retryable, false);
    assert.match(expired.message, /Session has expired/);
    assert.equal(ig.calls({ endpoint: 'me', userId: other.userId }).length, 1);

    const unknownToken = 'EAAGunknownTokenThatNobodyIssued1234567890';
    tokens.push(unknownToken);
    assert.equal((await failure(client.getMe(unknownToken))).isTokenExpired, true);

    ig.inject({ endpoint: 'publishingLimit', fault: { kind: 'expired_token' }, times: 1 });
    assert.equal((await failure(client.getPublishingLimit({ userId: account.userId, token: account.token }))).isTokenExpired, true);
  });

  it('quota reached → isQuotaReached (9/2207042)', async () => {
    const shop = ig.addAccount();
    tokens.push(shop.token);
    ig.configure({ quotaTotal: 1 });
    try {
      const publishOne = async () => {
        const { containerId } = await client.createContainer({ userId: shop.userId, token: shop.token, imageUrl: url('/feed.jpg') });
        await client.getContainerStatus({ containerId, token: shop.token });
        await client.getContainerStatus({ containerId, token: shop.token });
        return client.publishContainer({ userId: shop.userId, token: shop.token, containerId });
      };
      await publishOne();
      const error = await failure(publishOne());
      assert.equal(error.isQuotaReached, true);
      assert.equal(error.retryable, false);
      assert.equal((await client.getPublishingLimit({ userId: shop.userId, token: shop.token })).quotaUsage, 1);
    } finally {
      ig.configure({ quotaTotal: 100 });
    }
  });

  it('retries 5xx and 429 with backoff (honouring Retry-After), then gives up with a retryable error', async () => {
    const { containerId } = await client.createContainer({ userId: account.userId, token: account.token, imageUrl: url('/feed.jpg') });
    ig.clearCalls();
    ig.inject({ endpoint: 'containerStatus', fault: { kind: 'status', status: 500 }, times: 2 });
    assert.equal((await client.getContainerStatus({ containerId, token: account.token })).statusCode, 'IN_PROGRESS');
    assert.equal(ig.calls({ endpoint: 'containerStatus' }).length, 3);

    ig.inject({ endpoint: 'containerStatus', fault: { kind: 'status', status: 503 }, times: 3 });
    const gaveUp = await failure(client.getContainerStatus({ containerId, token: account.token }));
    assert.deepEqual([gaveUp.kind, gaveUp.httpStatus, gaveUp.graphCode, gaveUp.retryable, gaveUp.attempts], ['graph', 503, 2, true, 3]);

    ig.inject({ endpoint: 'containerStatus', fault: { kind: 'status', status: 429, retryAfter: 1 }, times: 1 });
    const started = Date.now();
    await client.getContainerStatus({ containerId, token: account.token });
    assert.ok(Date.now() - started >= 950, 'waited for Retry-After');

    ig.inject({ endpoint: 'containerStatus', fault: { kind: 'status', status: 400, message: 'bad' }, times: 1 });
    const before = ig.calls({ endpoint: 'containerStatus' }).length;
    const rejected = await failure(client.getContainerStatus({ containerId, token: account.token }));
    assert.equal(rejected.retryable, false);
    assert.equal(ig.calls({ endpoint: 'containerStatus' }).length - before, 1, '4xx is not retried');
  });

  it('hang → timeout per attempt; network errors; malformed replies; caller abort', async () => {
    const quick = createInstagramClient({ graphUrl: ig.graphUrl, timeoutMs: 200, retries: 1, backoffMs: 10 });
    ig.inject({ endpoint: 'me', fault: 'hang', times: 2 });
    const before = ig.calls({ endpoint: 'me' }).length;
    const timeout = await failure(quick.getMe(account.token));
    assert.deepEqual([timeout.kind, timeout.retryable, timeout.attempts], ['timeout', true, 2]);
    assert.equal(ig.calls({ endpoint: 'me' }).length - before, 2);

    const closed = await startHttpServer(() => undefined);
    await closed.close();
    const offline = createInstagramClient({ graphUrl: `${closed.url}/v21.0`, retries: 2, backoffMs: 5 });
    const network = await failure(offline.getMe(account.token));
    assert.deepEqual([network.kind, network.retryable, network.attempts], ['network', true, 3]);
    assert.match(network.message, /ECONNREFUSED/);

    ig.inject({ endpoint: 'me', fault: { kind: 'malformed', status: 200, body: '<html>oops</html>' }, times: 1 });
    const garbled = await failure(client.getMe(account.token));
    assert.deepEqual([garbled.kind, garbled.attempts], ['malformed', 1]);

    ig.inject({ endpoint: 'me', fault: 'malformed', times: 1 });
    assert.equal((await client.getMe(account.token)).id, account.userId, 'a 502 HTML page is retried');

    ig.inject({ endpoint: 'me', fault: 'hang', times: 1 });
    const aborted = await failure(client.getMe(account.token, { signal: AbortSignal.timeout(100) }));
    assert.deepEqual([aborted.kind, aborted.retryable], ['aborted', false]);
  });

  it('containers that end in ERROR or EXPIRED', async () => {
    ig.inject({ endpoint: 'createContainer', fault: { kind: 'container_outcome', status: 'ERROR' }, times: 1 });
    const { containerId } = await client.createContainer({ userId: account.userId, token: account.token, imageUrl: url('/feed.jpg') });
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await client.getContainerStatus({ containerId, token: account.token })).statusCode);
    assert.deepEqual(statuses, ['IN_PROGRESS', 'IN_PROGRESS', 'ERROR']);
    const failed = await failure(client.publishContainer({ userId: account.userId, token: account.token, containerId }));
    assert.deepEqual([failed.graphCode, failed.graphSubcode], [-1, 2207032]);

    const second = await client.createContainer({ userId: account.userId, token: account.token, imageUrl: url('/feed.jpg') });
    ig.failContainer(second.containerId, 'EXPIRED');
    ig.configure({ timing: { finishAfterPolls: 0 } });
    try {
      assert.equal((await client.getContainerStatus({ containerId: second.containerId, token: account.token })).statusCode, 'EXPIRED');
      const expired = await failure(client.publishContainer({ userId: account.userId, token: account.token, containerId: second.containerId }));
      assert.equal(expired.isContainerExpired, true);
    } finally {
      ig.configure({ timing: { finishAfterPolls: 2 } });
    }
  });

  it('deleteMedia removes a published post; ids are validated before any call', async () => {
    const mediaId = ig.published(account.userId)[0]?.id ?? '';
    await client.deleteMedia({ mediaId, token: account.token });
    assert.equal(ig.published(account.userId)[0]?.deleted, true);
    const again = await failure(client.deleteMedia({ mediaId, token: account.token }));
    assert.deepEqual([again.graphCode, again.graphSubcode], [100, 33]);
    const invalid = await failure(client.publishContainer({ userId: '../me', token: account.token, containerId: '1' }));
    assert.equal(invalid.kind, 'invalid_argument');
  });

  it('no access token in any error message, string form, inspection or JSON', () => {
    assert.ok(errors.length >= 20, `collected ${errors.length} errors`);
    for (const error of errors) {
      const forms = [String(error), (error as Error).message, (error as Error).stack ?? '', util.inspect(error, { depth: 10 }), JSON.stringify(error)];
      for (const token of tokens) {
        for (const form of forms) assert.ok(!form.includes(token), `token leaked in: ${form.slice(0, 200)}`);
      }
    }
  });
});
