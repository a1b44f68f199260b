import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { ADA, ADMIN, normalized, resetRequest, testServer, ticketFromMail, type TestServer } from './helpers.js';

const from = (address: string) => ({ 'x-test-client-ip': address });

describe('rate limits (the Node host\'s limiter, the demo tenant\'s limits)', () => {
  let server: TestServer;
  beforeEach(async () => { server = await testServer({ rateLimited: true }); });
  afterEach(() => server.close());

  const requestReset = (email: string, address: string) =>
    server.json('/dbconnections/change_password', resetRequest(email), from(address));

  test('change_password: 10 per address and email, with X-RateLimit headers; the 11th gets 429 and Retry-After', async () => {
    for (let i = 1; i <= 10; i++) {
      const response = await requestReset(ADA.email, '10.0.0.1');
      assert.equal(response.status, 200, `request ${i}`);
      assert.equal(response.headers.get('x-ratelimit-limit'), '10');
      assert.equal(response.headers.get('x-ratelimit-remaining'), String(10 - i));
      assert.equal(response.headers.get('x-ratelimit-reset'), String(server.now().getTime() / 1000 + 600));
    }
    const refused = await requestReset(ADA.email, '10.0.0.1');
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get('retry-after'), '600');
    assert.deepEqual(await refused.json(), { error: 'too_many_requests', error_description: 'Too many requests. Try again in 600 seconds.' });
    assert.equal((await requestReset('someone@example.com', '10.0.0.1')).status, 200, 'another email from the same address');
    assert.equal((await requestReset(ADA.email, '10.0.0.2')).status, 200, 'the same email from another address');
    server.advance(600_000);
    assert.equal((await requestReset(ADA.email, '10.0.0.1')).status, 200, 'a new window');
  });

  test('an unknown email is limited at exactly the same request, with the same answers', async () => {
    for (let i = 0; i < 11; i++) {
      assert.deepEqual(await normalized(await requestReset('nobody@example.com', '10.0.0.3')), await normalized(await requestReset(ADA.email, '10.0.0.4')), `request ${i + 1}`);
    }
  });

  test('one user gets at most 5 reset mails an hour, however many addresses ask; the answers do not change', async () => {
    const answers = [];
    for (let i = 0; i < 8; i++) answers.push(await normalized(await requestReset(ADA.email, `10.1.0.${i}`)));
    for (const answer of answers) assert.deepEqual({ ...answer, headers: [] }, { ...answers[0]!, headers: [] });
    const mails = await server.outbox();
    assert.equal(mails.length, 5);
    assert.equal((await server.reset(ticketFromMail(mails.at(-1)!.text), 'Babbage-Engine-1834')).status, 200, 'the last link sent still works');
    server.advance(3600_000);
    await requestReset(ADA.email, '10.1.0.9');
    const resetMails = (await server.outbox()).filter((mail) => mail.subject.startsWith('Reset your'));
    assert.equal(resetMails.length, 6, 'a new hour, a new mail');
  });

  test('change_password: 50 different emails an hour from one address', async () => {
    for (let i = 0; i < 50; i++) assert.equal((await requestReset(`user${i}@example.com`, '10.0.0.5')).status, 200);
    assert.equal((await requestReset('user50@example.com', '10.0.0.5')).status, 429);
  });

  test('password logins: 20 a minute per address and user, then 429 too_many_requests', async () => {
    for (let i = 0; i < 20; i++) assert.equal((await server.login(ADA.email, ADA.password, {}, from('10.0.0.6'))).status, 200);
    const refused = await server.login(ADA.email, ADA.password, {}, from('10.0.0.6'));
    assert.equal(refused.status, 429);
    assert.equal((await refused.json() as { error: string }).error, 'too_many_requests');
    assert.equal((await server.login(ADA.email, ADA.password, {}, from('10.0.0.7'))).status, 200, 'another address is not blocked');
  });

  test('reset page: 30 ticket look-ups or submissions a minute per address, in the reset page\'s own (legacy) envelope', async () => {
    for (let i = 0; i < 30; i++) assert.equal((await server.json('/lo/reset/ticket', { ticket: `guess-${i}` }, from('10.0.0.8'))).status, 400);
    const refused = await server.reset('guess', 'Whatever-Password-1', from('10.0.0.8'));
    assert.equal(refused.status, 429);
    assert.deepEqual(await refused.json(), { name: 'TooManyRequestsError', code: 'too_many_requests', description: 'Too many requests. Try again in 60 seconds.', statusCode: 429 });
    const ticket = await server.ticketFor();
    assert.equal((await server.reset(ticket, 'Babbage-Engine-1834', from('10.0.0.9'))).status, 200, 'a real link from another address still works');
  });

  test('dashboard sign-in: 10 a minute per address, in the Management envelope', async () => {
    const signIn = () => server.json('/dashboard/session', { email: ADMIN.email, password: 'wrong' }, from('10.0.0.10'));
    for (let i = 0; i < 10; i++) assert.equal((await signIn()).status, 401);
    const refused = await signIn();
    assert.equal(refused.status, 429);
    assert.deepEqual(await refused.json(), { statusCode: 429, error: 'Too Many Requests', message: 'Too many requests. Try again in 60 seconds.', errorCode: 'too_many_requests' });
  });
});
