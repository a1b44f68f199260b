/** The client address behind reverse proxies (mock-server/node/trusted-proxy.ts), and digests compared in constant time. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { constantTimeEqual, sha256Hex } from '../../mock-server/domain/secrets.js';
import { canonicalAddress, clientAddress, parseTrustedProxies, TrustProxyError } from '../../mock-server/node/trusted-proxy.js';
import { testServer } from './helpers.js';

describe('trusted proxies', () => {
  const proxies = parseTrustedProxies('10.0.0.0/8, 127.0.0.1, fd00::/8, 2001:db8::7');

  test('addresses and CIDR ranges, IPv4 and IPv6 (IPv4-mapped too)', () => {
    for (const address of ['10.1.2.3', '10.255.255.255', '127.0.0.1', '::ffff:127.0.0.1', '::ffff:10.9.9.9', 'fd12:3456::1', '2001:db8::7', '2001:DB8:0:0::7']) {
      assert.ok(proxies.has(address), address);
    }
    for (const address of ['11.0.0.1', '127.0.0.2', '::1', 'fe80::1', '2001:db8::8', '203.0.113.9', 'not-an-ip', '']) {
      assert.ok(!proxies.has(address), address);
    }
    assert.equal(canonicalAddress('::ffff:203.0.113.9'), '203.0.113.9', 'one key per client, however the socket spells it');
    assert.equal(canonicalAddress('2001:0DB8:0000::0001'), '2001:db8::1');
  });

  test('a bad list is refused with the entry named', () => {
    for (const list of ['', ' , ', '10.0.0.0/33', '::/129', '10.0.0.0/8/1', 'proxy.internal', '10.0.0.0/x', '10.0.0.256']) {
      assert.throws(() => parseTrustedProxies(list), TrustProxyError, JSON.stringify(list));
    }
    assert.throws(() => parseTrustedProxies('10.0.0.1, nginx'), /got "nginx"/);
  });

  test('without a list, or from an untrusted peer, X-Forwarded-For is ignored', () => {
    assert.equal(clientAddress('203.0.113.9', '198.51.100.1', undefined), '203.0.113.9');
    assert.equal(clientAddress('203.0.113.9', '198.51.100.1', proxies), '203.0.113.9', 'a client cannot claim another address');
    assert.equal(clientAddress('::ffff:203.0.113.9', '10.0.0.1', proxies), '203.0.113.9');
    assert.equal(clientAddress(undefined, '198.51.100.1', proxies), 'unknown');
  });

  test('from a trusted peer: read from the right, skipping trusted hops; the first untrusted address is the client', () => {
    assert.equal(clientAddress('10.0.0.5', '198.51.100.1', proxies), '198.51.100.1');
    assert.equal(clientAddress('10.0.0.5', '6.6.6.6, 198.51.100.1', proxies), '198.51.100.1', 'what the client itself sent (left) is not believed');
    assert.equal(clientAddress('10.0.0.5', '6.6.6.6, 198.51.100.1, 10.2.2.2', proxies), '198.51.100.1', 'a chain of trusted hops');
    assert.equal(clientAddress('10.0.0.5', '6.6.6.6,198.51.100.1 , 10.2.2.2', proxies), '198.51.100.1', 'spaces or none');
    assert.equal(clientAddress('::ffff:127.0.0.1', '2001:DB8::1', proxies), '2001:db8::1');
    assert.equal(clientAddress('10.0.0.5', '10.3.3.3, 127.0.0.1', proxies), '10.3.3.3', 'all trusted: the leftmost');
    assert.equal(clientAddress('10.0.0.5', '198.51.100.1:4711, [2001:db8::9]:443', proxies), '2001:db8::9', 'ports are dropped');
    assert.equal(clientAddress('10.0.0.5', 'garbage, 10.3.3.3', proxies), '10.3.3.3', 'an entry that is no address ends the chain');
    assert.equal(clientAddress('10.0.0.5', ' , ', proxies), '10.0.0.5');
    assert.equal(clientAddress('10.0.0.5', '', proxies), '10.0.0.5');
    assert.equal(clientAddress('10.0.0.5', null, proxies), '10.0.0.5');
  });
});

describe('constant-time digest comparison', () => {
  test('equal digests only', async () => {
    const digest = await sha256Hex('client-secret');
    assert.ok(constantTimeEqual(digest, await sha256Hex('client-secret')));
    assert.ok(!constantTimeEqual(digest, await sha256Hex('client-secreT')));
    assert.ok(!constantTimeEqual(digest, `x${digest.slice(1)}`), 'differs in the first character');
    assert.ok(!constantTimeEqual(digest, `${digest.slice(0, -1)}${digest.endsWith('0') ? '1' : '0'}`), 'differs in the last character');
    assert.ok(!constantTimeEqual(digest, digest.slice(0, -1)), 'a prefix');
    assert.ok(constantTimeEqual('', ''));
  });
});

describe('HSTS follows the public URL', () => {
  for (const [baseUrl, expected] of [['https://login.example.test', 'max-age=31536000'], ['http://127.0.0.1:8787', null]] as const) {
    test(`${baseUrl}: ${expected ?? 'none'}`, async () => {
      const server = await testServer({ baseUrl });
      for (const path of ['/.well-known/openid-configuration', '/lo/reset?ticket=unknown', '/dashboard', '/no-such-route']) {
        assert.equal((await server.request(path)).headers.get('strict-transport-security'), expected, path);
      }
    });
  }
});
