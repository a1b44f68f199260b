/** The digests of domain/secrets.ts: Node's synchronous hash gives exactly what Web Crypto (the browsers' path) gives. */
import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import { digestHex, sha256Base64url, sha256Hex } from '../../mock-server/domain/secrets.js';

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
