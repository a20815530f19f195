import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { Writable } from 'node:stream';
import { createSecretBox, maskSecret } from '../../../src/shared/crypto/secret-box.ts';
import { issueToken, parseTokenPrefix, tokenMatches } from '../../../src/shared/crypto/keyed-token.ts';
import { redactText } from '../../../src/shared/redact.ts';
import { createLogger } from '../../../src/shared/logger.ts';

describe('secrets', () => {
  it('AES-GCM round trip; a different APP_SECRET cannot read it; tampering is detected', () => {
    const box = createSecretBox(crypto.randomBytes(32));
    const stored = box.encrypt('123456:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghi');
    assert.equal(box.decrypt(stored), '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghi');
    assert.notEqual(box.encrypt('same'), box.encrypt('same'));
    assert.throws(() => createSecretBox(crypto.randomBytes(32)).decrypt(stored));
    const parts = stored.split(':');
    parts[3] = Buffer.from('tampered').toString('base64url');
    assert.throws(() => box.decrypt(parts.join(':')));
  });

  it('masks without revealing the middle', () => {
    assert.equal(maskSecret(''), '');
    assert.equal(maskSecret('short'), '••••');
    assert.equal(maskSecret('sk-abcdefghijkl'), 'sk••••kl');
  });

  it('issues prefixed tokens and checks them in constant time', () => {
    const issued = issueToken('pk');
    assert.equal(parseTokenPrefix('pk', issued.token), issued.prefix);
    assert.equal(parseTokenPrefix('st', issued.token), null);
    assert.ok(tokenMatches(issued.token, issued.hash));
    assert.ok(!tokenMatches(`${issued.token}x`, issued.hash));
  });

  it('scrubs bot tokens, keys and bearer tokens out of text and log lines', () => {
    const token = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1';
    const text = `GET https://api.telegram.org/bot${token}/getMe failed; key sk-proj-abcdefgh12345678; Authorization: Bearer abc.def.ghi; ${issueToken('st').token}; https://x/y?access_token=EAAB123&z=1`;
    const scrubbed = redactText(text);
    for (const secret of [token, 'sk-proj-abcdefgh12345678', 'abc.def.ghi', 'EAAB123']) assert.ok(!scrubbed.includes(secret), scrubbed);
    assert.ok(!/st_[0-9a-f]{12}_/.test(scrubbed));

    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
    const logger = createLogger({ level: 'info', destination: sink });
    logger.info({ token, headers: { authorization: 'Bearer xyz' }, err: new Error(`call to /bot${token}/sendMessage failed`) }, `msg with ${token}`);
    const out = lines.join('');
    assert.ok(!out.includes(token), out);
    assert.ok(!out.includes('AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1'), out);
    assert.ok(!out.includes('Bearer xyz'), out);
  });
});
