/**
 * domain/secrets.ts: Node's synchronous hash gives exactly what Web Crypto (the browsers' path) gives, and the pooled
 * random bytes are never handed out twice.
 */
import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import { digestHex, newResetCode, newSecret, randomBytes, sha256Base64url, sha256Hex } from '../../mock-server/domain/secrets.js';

const webCryptoHex = async (value: string) =>
  Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(value))).toString('hex');

test('sha256Hex: the FIPS 180-2 vector, and Web Crypto\'s digest for any UTF-8 text', async () => {
  assert.equal(await sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  for (const value of ['', 'ticket-Zx_9', 'Ümlaut ☃ 日本語 😀', 'x'.repeat(10_000)]) {
    assert.equal(await sha256Hex(value), await webCryptoHex(value), JSON.stringify(value.slice(0, 20)));
  }
});

test('in Node the digests never reach Web Crypto (its thread-pool hand-off is what they avoid)', async (t) => {
  t.after(() => mock.restoreAll());
  mock.method(crypto.subtle, 'digest', () => { throw new Error('Web Crypto digest called'); });
  assert.equal(await digestHex('SHA-1', 'abc'), 'a9993e364706816aba3e25717850c26c9cd0d89d');
  assert.equal((await sha256Hex('abc')).length, 64);
});

test('sha256Base64url: RFC 7636 appendix B\'s S256 challenge', async () => {
  assert.equal(await sha256Base64url('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'), 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
});

test('random bytes: across pool refills no stretch comes back, and big draws work too', () => {
  const seen = new Set<string>();
  // 64 × 1000 bytes: the 4096-byte pool refills many times over, with draws that straddle its end.
  for (let i = 0; i < 1000; i++) {
    const bytes = randomBytes(64);
    assert.equal(bytes.length, 64);
    const key = Buffer.from(bytes).toString('hex');
    assert.ok(!seen.has(key), `draw ${i} repeated an earlier one`);
    seen.add(key);
  }
  const ones = [...randomBytes(8192)].reduce((sum, byte) => sum + byte.toString(2).replaceAll('0', '').length, 0);
  assert.ok(ones > 8192 * 8 * 0.45 && ones < 8192 * 8 * 0.55, `${ones} one bits in 65536`);
});

test('secrets and reset codes drawn from the pool: all different, codes eight digits', async () => {
  const secrets = await Promise.all(Array.from({ length: 500 }, () => newSecret()));
  assert.equal(new Set(secrets.map((s) => s.secret)).size, 500);
  assert.ok(secrets.every((s) => /^[A-Za-z0-9_-]{43}$/.test(s.secret)));
  const codes = Array.from({ length: 500 }, () => newResetCode());
  assert.ok(codes.every((code) => /^\d{8}$/.test(code)));
  assert.ok(new Set(codes).size > 490, 'codes spread over 10^8 values');
});
