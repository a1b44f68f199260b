/** The dashboard's server side: its page, its bundle, and the admin sign-in that yields a Management token. */
import assert from 'node:assert/strict';
import { after, beforeEach, describe, test } from 'node:test';
import { ADA, ADMIN, testServer, type TestServer } from './helpers.js';

describe('dashboard', () => {
  let server: TestServer;
  beforeEach(async () => {
    server?.close();
    server = await testServer();
  });
  after(() => server.close());

  const signIn = (body: unknown) => server.json('/dashboard/session', body);

  test('GET /dashboard: the shell under a strict CSP, no-store, no-referrer, only same-origin script', async () => {
    const response = await server.request('/dashboard');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
    const csp = response.headers.get('content-security-policy')!;
    for (const directive of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "connect-src 'self'", "frame-ancestors 'none'"]) assert.ok(csp.includes(directive), directive);
    const page = await response.text();
    assert.match(page, /<script type="module" src="\/dashboard\/dashboard.js"><\/script>/);
    assert.match(page, /<dashboard-app tenant="login-box demo"><\/dashboard-app>/);
    assert.doesNotMatch(page, /<script>|<style|style=/);
    assert.equal((await server.request('/dashboard/')).headers.get('location'), '/dashboard');
  });

  test('an admin gets a 15-minute Management token with the dashboard scopes; it reads and writes users, then expires', async () => {
    const response = await signIn({ email: 'Admin@Example.com', password: ADMIN.password });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.equal(response.headers.get('set-cookie'), null, 'no cookie: nothing for a cross-site request to ride on');
    const token = (await response.json()) as { access_token: string; scope: string; expires_in: number; token_type: string };
    assert.deepEqual([token.scope, token.expires_in, token.token_type], ['read:users update:users create:user_tickets read:connections', 900, 'Bearer']);
    const users = await server.request('/api/v2/users', { headers: { authorization: `Bearer ${token.access_token}` } });
    assert.equal(users.status, 200);
    assert.ok(server.logs.some((log) => log.event === 'admin_login' && log.fields.admin === ADMIN.email));
    server.advance(900_000);
    assert.equal((await server.request('/api/v2/users', { headers: { authorization: `Bearer ${token.access_token}` } })).status, 401);
  });

  test('wrong passwords, app users and unknown addresses get the same 401; bad bodies get 4xx; nothing secret is logged', async () => {
    const wrong = { statusCode: 401, error: 'Unauthorized', message: 'Wrong email or password.', attributes: { error: 'Wrong email or password.' } };
    for (const body of [{ ...ADMIN, password: 'Admin-Demo-2027' }, { email: ADA.email, password: ADA.password }, { email: 'nobody@example.com', password: ADMIN.password }]) {
      const response = await signIn(body);
      assert.equal(response.status, 401);
      assert.deepEqual(await response.json(), wrong);
    }
    const cases: [unknown, number, string][] = [
      [{ email: ADMIN.email }, 400, 'Payload validation error: password is required'],
      [{ email: 'x', password: 'y' }, 400, 'Payload validation error: email is not a valid email address'],
      [{ ...ADMIN, remember: true }, 400, 'Payload validation error: Unrecognized key: "remember"'],
    ];
    for (const [body, status, message] of cases) {
      const response = await signIn(body);
      assert.equal(response.status, status);
      assert.equal(((await response.json()) as { message: string }).message, message);
    }
    const form = await server.request('/dashboard/session', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=a' });
    assert.equal(form.status, 415, 'JSON only: a cross-site form cannot post here');
    assert.ok(!JSON.stringify(server.logs).includes('Admin-Demo-2027'));
  });

  test('admins may be configured with a PHC hash instead of a password', async () => {
    const hash = await server.deps.hasher.hash('Hashed-Admin-Pass-1');
    server.close();
    server = await testServer({ tenant: (tenant) => { tenant.admins = [{ email: 'ops@example.com', passwordHash: hash }]; } });
    assert.equal((await signIn({ email: 'ops@example.com', password: 'Hashed-Admin-Pass-1' })).status, 200);
    assert.equal((await signIn({ email: 'ops@example.com', password: 'Hashed-Admin-Pass-2' })).status, 401);
    assert.equal((await signIn(ADMIN)).status, 401, 'only the configured admins');
  });
});
