/**
 * The browser tests' msw overrides (mock-server/msw/scenarios.ts) answer as the app does: a
 * `rateLimited(path)` 429 is the one the real server sends at that path once its limiter refuses,
 * in the same envelope, with the same status, Retry-After and body.
 */
import { getResponse } from 'msw';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { rateLimited } from '../../mock-server/msw/scenarios.js';
import { ADA, ADMIN, BASE, resetRequest, testServer, type TestServer } from './helpers.js';

/** Every rate-limited call the components make, with a body the server would otherwise act on. */
const CALLS: [path: string, body: unknown][] = [
  ['/dbconnections/change_password', resetRequest(ADA.email)],
  ['/oauth/token', null], // the password-realm grant, see below
  ['/lo/reset/ticket', { ticket: 'no-such-ticket' }],
  ['/lo/reset', { ticket: 'no-such-ticket', newPassword: 'Babbage-Engine-1834' }],
  ['/dashboard/session', { email: ADMIN.email, password: 'Not-The-Admin-Password-1' }],
];

const answer = async (response: Response) => ({
  status: response.status,
  type: response.headers.get('content-type'),
  retryAfter: response.headers.get('retry-after'),
  body: await response.json() as unknown,
});

describe('msw scenarios answer as the app does', () => {
  let server: TestServer;
  before(async () => { server = await testServer({ rateLimited: true }); });
  after(() => server.close());

  CALLS.forEach(([path, body], index) => {
    test(`rateLimited('${path}') is the real server's 429 there`, async () => {
      const from = { 'x-test-client-ip': `10.9.0.${index}` };
      const send = () => (body === null ? server.login(ADA.email, ADA.password, {}, from) : server.json(path, body, from));
      let refused: Response | undefined;
      for (let i = 0; i < 100 && !refused; i++) {
        const response = await send();
        if (response.status === 429) refused = response;
      }
      assert.ok(refused, `${path} was never rate limited`);
      const real = await answer(refused);

      const request = new Request(`${BASE}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const mocked = await getResponse([rateLimited(path, Number(real.retryAfter), BASE)], request);
      assert.ok(mocked, 'the scenario answers');
      assert.deepEqual(await answer(mocked), real);
    });
  });
});
