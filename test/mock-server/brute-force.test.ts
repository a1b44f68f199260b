import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { ADA, normalized, testServer, type TestServer, type TestServerOptions } from './helpers.js';

const BLOCKED = {
  error: 'too_many_attempts',
  error_description: 'Your account has been blocked after multiple consecutive login attempts. Reset your password to unblock it.',
};
const from = (address: string) => ({ 'x-test-client-ip': address });

describe('brute-force protection (Auth0: 10 failures per identifier and address)', () => {
  let server: TestServer;
  const fresh = async (options?: TestServerOptions) => { server = await testServer(options); };
  afterEach(() => server.close());

  const fail = async (username: string, address: string, times: number) => {
    for (let i = 0; i < times; i++) assert.equal((await server.login(username, 'wrong-guess', {}, from(address))).status, 403);
  };

  test('after 10 failures that address is blocked for that user, even with the right password; other addresses are not', async () => {
    await fresh();
    await fail(ADA.email, '10.2.0.1', 10);
    const blocked = await server.login(ADA.email, ADA.password, {}, from('10.2.0.1'));
    assert.equal(blocked.status, 429);
    assert.deepEqual(await blocked.json(), BLOCKED);
    assert.equal((await server.login(ADA.email, ADA.password, {}, from('10.2.0.2'))).status, 200, 'the user is not locked out everywhere');
  });

  test('an unknown email is blocked at the same attempt with the same answer: a block reveals nothing', async () => {
    await fresh();
    await fail(ADA.email, '10.2.0.3', 10);
    await fail('nobody@example.com', '10.2.0.3', 10);
    assert.deepEqual(
      await normalized(await server.login('nobody@example.com', 'anything', {}, from('10.2.0.3'))),
      await normalized(await server.login(ADA.email, ADA.password, {}, from('10.2.0.3'))),
    );
  });

  test('a successful sign-in starts the count again', async () => {
    await fresh();
    await fail(ADA.email, '10.2.0.4', 9);
    assert.equal((await server.login(ADA.email, ADA.password, {}, from('10.2.0.4'))).status, 200);
    await fail(ADA.email, '10.2.0.4', 9);
    assert.equal((await server.login(ADA.email, ADA.password, {}, from('10.2.0.4'))).status, 200);
  });

  test('a password reset lifts the block (both stores)', async () => {
    for (const store of ['sqlite', 'memory'] as const) {
      server?.close();
      await fresh({ store });
      await fail(ADA.email, '10.2.0.5', 10);
      assert.equal((await server.login(ADA.email, ADA.password, {}, from('10.2.0.5'))).status, 429);
      assert.equal((await server.reset(await server.ticketFor(), 'Babbage-Engine-1834')).status, 200);
      assert.equal((await server.login(ADA.email, 'Babbage-Engine-1834', {}, from('10.2.0.5'))).status, 200, store);
    }
  });

  test('the tenant can change the threshold or turn the protection off', async () => {
    await fresh({ tenant: (tenant) => { tenant.bruteForceProtection = { maxAttempts: 3 }; } });
    await fail(ADA.email, '10.2.0.6', 3);
    assert.equal((await server.login(ADA.email, ADA.password, {}, from('10.2.0.6'))).status, 429);
    server.close();
    await fresh({ tenant: (tenant) => { tenant.bruteForceProtection = { enabled: false }; } });
    await fail(ADA.email, '10.2.0.7', 15);
    assert.equal((await server.login(ADA.email, ADA.password, {}, from('10.2.0.7'))).status, 200);
  });
});
