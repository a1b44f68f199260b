import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { argon2Hasher } from '../../mock-server/node/argon2-hasher.js';

describe('the Node host\'s password hasher', () => {
  const hasher = argon2Hasher();

  test('Argon2id PHC strings at or above OWASP\'s minimum (m ≥ 19456 KiB, t ≥ 2, p = 1), salted per hash', async () => {
    const [first, second] = [await hasher.hash('Same-Password-1'), await hasher.hash('Same-Password-1')];
    const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/.exec(first);
    assert.ok(match, first);
    const [, m, t, p, salt] = match;
    assert.ok(Number(m) >= 19_456 && Number(t) >= 2 && Number(p) === 1, `params m=${m} t=${t} p=${p}`);
    assert.ok(Buffer.from(salt!, 'base64').length >= 16, 'salt of at least 16 bytes');
    assert.notEqual(first, second, 'the same password gives different hashes');
  });

  test('verifies the right password only, and never throws on a foreign hash', async () => {
    const phc = await hasher.hash('Right-Password-1');
    assert.equal(await hasher.verify(phc, 'Right-Password-1'), true);
    assert.equal(await hasher.verify(phc, 'Wrong-Password-1'), false);
    assert.equal(await hasher.verify('$pbkdf2-sha256$i=1000$abc$def', 'Right-Password-1'), false);
    assert.equal(await hasher.verify('not a hash', 'x'), false);
  });
});
