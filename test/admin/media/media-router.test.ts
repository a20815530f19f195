import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import sharp from 'sharp';
import { createTestRuntime, startTestWebServer, type TestRuntime, type TestServer } from '../../helpers/test-runtime.ts';
import { mediaRootOf } from '../../../src/shared/domain/images/media-storage.ts';

/** A raw GET that keeps the path exactly as written (fetch would normalise `..`). */
function rawRequest(base: string, rawPath: string, method = 'GET'): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: rawPath, method }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('GET /media/<path> (public generated images)', () => {
  let rt: TestRuntime;
  let web: TestServer;
  let jpeg: Buffer;
  before(async () => {
    rt = await createTestRuntime('sqlite');
    web = await startTestWebServer(rt);
    const root = mediaRootOf(rt.config.dataDir);
    jpeg = await sharp({ create: { width: 40, height: 50, channels: 3, background: '#336699' } }).jpeg().toBuffer();
    fs.mkdirSync(path.join(root, 'ads', 'abc'), { recursive: true });
    fs.writeFileSync(path.join(root, 'ads', 'abc', 'feed-v1.jpg'), jpeg);
    fs.writeFileSync(path.join(root, 'ads', 'abc', 'notes.txt'), 'not an image');
    fs.writeFileSync(path.join(root, 'ads', 'abc', '.hidden.jpg'), jpeg);
    fs.writeFileSync(path.join(rt.config.dataDir, 'secret.jpg'), jpeg);
  });
  after(async () => {
    await web.close();
    await rt.close();
  });

  it('serves a stored image publicly with its content type and cache headers', async () => {
    const response = await fetch(`${web.url}/media/ads/abc/feed-v1.jpg`, { redirect: 'manual' });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'image/jpeg');
    assert.match(response.headers.get('cache-control') ?? '', /public, max-age=\d+/);
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.deepEqual(Buffer.from(await response.arrayBuffer()), jpeg);
    const head = await rawRequest(web.url, '/media/ads/abc/feed-v1.jpg', 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.headers['content-length'], String(jpeg.length));
  });

  it('answers 404 in the JSON error shape for missing files, directories, other files and any way out of the folder', async () => {
    const paths = [
      '/media/ads/abc/missing.jpg',
      '/media/ads/abc',
      '/media/ads/abc/',
      '/media',
      '/media/',
      '/media/ads/abc/notes.txt',
      '/media/ads/abc/.hidden.jpg',
      '/media/../secret.jpg',
      '/media/ads/../../secret.jpg',
      '/media/%2e%2e/secret.jpg',
      '/media/ads/%2e%2e%2f%2e%2e%2fsecret.jpg',
      '/media/ads%2f..%2f..%2fsecret.jpg',
      '/media/..%5csecret.jpg',
      '/media/ads/abc/feed-v1.jpg%00.txt',
      '/media/%E0%A4%A',
    ];
    for (const rawPath of paths) {
      const response = await rawRequest(web.url, rawPath);
      assert.equal(response.status, 404, `${rawPath} → ${response.status}`);
      assert.match(String(response.headers['content-type']), /application\/json/, rawPath);
      const body = JSON.parse(response.body.toString()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'not_found', rawPath);
    }
  });
});
