import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startInstagramStandIn, type InstagramAccount, type InstagramStandIn } from './instagram/instagram-stand-in.ts';
import { makeJpeg } from './shared/media-generator.ts';
import { startStaticFileServer, type StaticFileServer } from './shared/static-files.ts';

describe('instagram stand-in: Graph wire format', () => {
  let ig: InstagramStandIn;
  let images: StaticFileServer;
  let account: InstagramAccount;

  before(async () => {
    ig = await startInstagramStandIn({ finishAfterPolls: 0, basePath: '/v22.0' });
    images = await startStaticFileServer({ '/a.jpg': { body: await makeJpeg({ width: 1080, height: 1080 }), contentType: 'image/jpeg' } });
    account = ig.addAccount({ username: 'shop' });
  });

  after(async () => {
    await images.close();
    await ig.close();
  });

  it('accepts access_token in the query, a form body or Authorization: Bearer/OAuth', async () => {
    const viaQuery = await fetch(`${ig.graphUrl}/me?fields=id,username&access_token=${encodeURIComponent(account.token)}`);
    assert.deepEqual(await viaQuery.json(), { id: account.userId, username: 'shop' });
    const viaBody = await fetch(`${ig.graphUrl}/${account.userId}/media`, {
      method: 'POST',
      body: new URLSearchParams({ image_url: `${images.url}/a.jpg`, caption: 'hi', access_token: account.token }),
    });
    const { id } = (await viaBody.json()) as { id: string };
    assert.match(id, /^\d{17}$/);
    const viaOAuth = await fetch(`${ig.url}/v19.0/${id}?fields=status_code`, { headers: { authorization: `OAuth ${account.token}` } });
    assert.deepEqual(await viaOAuth.json(), { status_code: 'FINISHED', id });
    const publish = await fetch(`${ig.graphUrl}/${account.userId}/media_publish`, {
      method: 'POST',
      headers: { authorization: `Bearer ${account.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ creation_id: id }),
    });
    const media = (await publish.json()) as { id: string };
    assert.deepEqual(ig.calls().map((c) => c.tokenVia), ['query', 'body', 'header', 'header']);
    assert.ok(ig.calls().every((c) => !('access_token' in c.params)));
    const list = await fetch(`${ig.graphUrl}/${account.userId}/media?fields=id,caption,permalink`, { headers: { authorization: `Bearer ${account.token}` } });
    const listed = (await list.json()) as { data: Array<{ id: string; caption: string; permalink: string }> };
    assert.equal(listed.data[0]?.id, media.id);
    assert.match(listed.data[0]?.permalink ?? '', /^https:\/\/www\.instagram\.com\/p\//);
    const limit = await fetch(`${ig.graphUrl}/${account.userId}/content_publishing_limit?fields=quota_usage,config`, { headers: { authorization: `Bearer ${account.token}` } });
    assert.deepEqual(await limit.json(), { data: [{ quota_usage: 1, config: { quota_total: 100, quota_duration: 86400 } }] });
  });

  it('Graph-style errors: missing token, unknown ids, another user\'s id, missing parameters, captions', async () => {
    const noToken = await fetch(`${ig.graphUrl}/me`);
    assert.equal(noToken.status, 400);
    const body = (await noToken.json()) as { error: { code: number; type: string; fbtrace_id: string } };
    assert.equal(body.error.code, 104);
    assert.equal(body.error.type, 'OAuthException');
    assert.ok(body.error.fbtrace_id.length > 10);
    const auth = { authorization: `Bearer ${account.token}` };
    const unknown = (await (await fetch(`${ig.graphUrl}/123456789`, { headers: auth })).json()) as { error: { code: number; error_subcode: number } };
    assert.deepEqual([unknown.error.code, unknown.error.error_subcode], [100, 33]);
    const other = ig.addAccount();
    const foreign = (await (await fetch(`${ig.graphUrl}/${other.userId}/media`, { method: 'POST', headers: auth, body: new URLSearchParams({ image_url: `${images.url}/a.jpg` }) })).json()) as { error: { code: number } };
    assert.equal(foreign.error.code, 100);
    const missing = (await (await fetch(`${ig.graphUrl}/${account.userId}/media_publish`, { method: 'POST', headers: auth })).json()) as { error: { message: string } };
    assert.match(missing.error.message, /creation_id is required/);
    const tags = '#a #b #c #d #e #f';
    const caption = (await (await fetch(`${ig.graphUrl}/${account.userId}/media`, { method: 'POST', headers: auth, body: new URLSearchParams({ image_url: `${images.url}/a.jpg`, caption: tags }) })).json()) as { error: { error_user_msg: string } };
    assert.match(caption.error.error_user_msg, /6 hashtags; at most 5/);
  });

  it('faults: hang on one endpoint, 500 with is_transient, scoped to one account', async () => {
    ig.inject({ endpoint: 'me', userId: account.userId, fault: { kind: 'status', status: 500 }, times: 1 });
    const failed = await fetch(`${ig.graphUrl}/me`, { headers: { authorization: `Bearer ${account.token}` } });
    assert.equal(failed.status, 500);
    assert.deepEqual(((await failed.json()) as { error: { code: number; is_transient: boolean } }).error.is_transient, true);
    ig.inject({ endpoint: 'publishingLimit', fault: 'hang' });
    await assert.rejects(
      fetch(`${ig.graphUrl}/${account.userId}/content_publishing_limit`, { headers: { authorization: `Bearer ${account.token}` }, signal: AbortSignal.timeout(150) }),
      (e: unknown) => e instanceof Error && e.name === 'TimeoutError',
    );
    ig.clearFaults();
    const ok = await fetch(`${ig.graphUrl}/${account.userId}/content_publishing_limit`, { headers: { authorization: `Bearer ${account.token}` } });
    assert.equal(ok.status, 200);
  });
});
