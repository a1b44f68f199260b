/** The Management API: scopes, password-change tickets, the direct password set, user look-ups. */
import assert from 'node:assert/strict';
import { after, beforeEach, describe, test } from 'node:test';
import { connectionIdOf } from '../../mock-server/config.js';
import { ADA, BASE, DB_CONNECTION, testServer, ticketFromMail, type TestServer, type TestServerOptions } from './helpers.js';

const AUDIENCE = `${BASE}/api/v2/`;
const NEW_PASSWORD = 'Babbage-Engine-1834';
const FIVE_DAYS_MS = 432_000 * 1000;
const ALL_SCOPES = ['read:users', 'update:users', 'create:user_tickets', 'read:connections'];

async function m2mToken(server: TestServer, scope?: string): Promise<string> {
  const response = await server.json('/oauth/token', {
    grant_type: 'client_credentials', client_id: 'demo-m2m', client_secret: 'demo-m2m-secret', audience: AUDIENCE,
    ...(scope !== undefined && { scope }),
  });
  assert.equal(response.status, 200);
  return ((await response.json()) as { access_token: string }).access_token;
}

function api(server: TestServer, method: string, path: string, token?: string, body?: unknown, headers: Record<string, string> = {}) {
  return server.request(`/api/v2${path}`, {
    method,
    headers: { ...(token && { authorization: `Bearer ${token}` }), ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function expectError(response: Response, statusCode: number, message: string | RegExp, errorCode?: string) {
  const body = (await response.json()) as Record<string, unknown>;
  assert.equal(response.status, statusCode, JSON.stringify(body));
  assert.equal(body.statusCode, statusCode);
  if (typeof message === 'string') assert.equal(body.message, message);
  else assert.match(String(body.message), message);
  if (errorCode !== undefined) assert.equal(body.errorCode, errorCode);
  assert.equal(response.headers.get('cache-control'), 'no-store');
  return body;
}

const userId = async (server: TestServer, email: string) => (await server.store.listUsers({ emailKey: email }, 0, 1)).users[0]!.id;
const withConnectionsScope: TestServerOptions['tenant'] = (tenant) => {
  const m2m = tenant.clients.find((client) => client.clientId === 'demo-m2m')!;
  if (m2m.type === 'm2m') m2m.grants![0]!.scopes.push('read:connections');
};

describe('Management API', () => {
  let server: TestServer;
  let token: string;
  let adaId: string;
  const fresh = async (options: TestServerOptions = { tenant: withConnectionsScope }) => {
    server?.close();
    server = await testServer(options);
    token = await m2mToken(server);
    adaId = await userId(server, ADA.email);
  };
  beforeEach(() => fresh());
  after(() => server.close());

  const ticket = (body: Record<string, unknown>, bearer = token) => api(server, 'POST', '/tickets/password-change', bearer, body);
  const patch = (id: string, body: unknown, bearer = token) => api(server, 'PATCH', `/users/${encodeURIComponent(id)}`, bearer, body);
  const ticketOf = async (response: Response) => {
    assert.equal(response.status, 201);
    return ticketFromMail(((await response.json()) as { ticket: string }).ticket);
  };

  describe('authorization', () => {
    const routes = [
      { scope: 'create:user_tickets', status: 201, call: (t?: string) => api(server, 'POST', '/tickets/password-change', t, { user_id: adaId }) },
      { scope: 'update:users', status: 200, call: (t?: string) => api(server, 'PATCH', `/users/${encodeURIComponent(adaId)}`, t, { connection: DB_CONNECTION }) },
      { scope: 'read:users', status: 200, call: (t?: string) => api(server, 'GET', `/users/${encodeURIComponent(adaId)}`, t) },
      { scope: 'read:users', status: 200, call: (t?: string) => api(server, 'GET', '/users?q=ada', t) },
      { scope: 'read:users', status: 200, call: (t?: string) => api(server, 'GET', `/users-by-email?email=${ADA.email}`, t) },
      { scope: 'read:connections', status: 200, call: (t?: string) => api(server, 'GET', '/connections', t) },
    ];

    test('scope matrix: each route needs its own scope; 401 without a valid token, 403 without the scope', async () => {
      for (const route of routes) {
        const label = `${route.scope} route ${routes.indexOf(route)}`;
        const body401 = await expectError(await route.call(), 401, 'Missing authentication');
        assert.deepEqual(body401, { statusCode: 401, error: 'Unauthorized', message: 'Missing authentication', attributes: { error: 'Missing authentication' } }, label);
        await expectError(await route.call('not.a.jwt'), 401, 'Invalid token');
        const others = ALL_SCOPES.filter((scope) => scope !== route.scope).join(' ');
        const forbidden = await expectError(await route.call(await m2mToken(server, others)), 403, `Insufficient scope, expected any of: ${route.scope}`, 'insufficient_scope');
        assert.equal(forbidden.error, 'Forbidden');
        assert.equal((await route.call(await m2mToken(server, route.scope))).status, route.status, label);
      }
    });

    test('an expired token and one signed for another audience get 401', async () => {
      const userinfoToken = await server.accessToken(ADA.email, ADA.password);
      const response = await api(server, 'GET', '/users', userinfoToken);
      assert.equal(response.headers.get('www-authenticate'), 'Bearer error="invalid_token"');
      await expectError(response, 401, 'Invalid token');
      server.advance(86_400_000 + 1000);
      await expectError(await api(server, 'GET', '/users', token), 401, 'Expired token received for JSON Web Token validation');
    });

    test('a person cannot get a Management token: the password grant refuses that audience', async () => {
      const response = await server.login(ADA.email, ADA.password, { audience: AUDIENCE, scope: `openid ${ALL_SCOPES.join(' ')}` });
      assert.equal(response.status, 403);
      assert.deepEqual(await response.json(), { error: 'access_denied', error_description: `Service not found: ${AUDIENCE}` });
    });

    test('no CORS: a preflight from an allowed app origin gets no Access-Control headers', async () => {
      const response = await server.request('/api/v2/users', {
        method: 'OPTIONS', headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
      });
      assert.equal(response.headers.get('access-control-allow-origin'), null);
      const get = await api(server, 'GET', '/users', token, undefined, { origin: 'http://localhost:5173' });
      assert.equal(get.status, 200);
      assert.equal(get.headers.get('access-control-allow-origin'), null);
    });

    test('unknown routes answer 404 in the Management envelope', async () => {
      await expectError(await api(server, 'GET', '/tickets/password-change', token), 404, 'No route for GET /api/v2/tickets/password-change.', 'not_found');
      await expectError(await api(server, 'DELETE', `/users/${adaId}`, token), 404, /No route/);
    });
  });

  describe('POST /api/v2/tickets/password-change', () => {
    test('201 with a link to the hosted reset page, no-store, and the ticket never logged', async () => {
      const response = await ticket({ user_id: adaId });
      assert.equal(response.status, 201);
      assert.equal(response.headers.get('cache-control'), 'no-store');
      const { ticket: url } = (await response.json()) as { ticket: string };
      assert.match(url, new RegExp(`^${BASE}/lo/reset\\?ticket=[A-Za-z0-9_-]{43}#$`));
      const raw = ticketFromMail(url);
      assert.equal((await server.request(new URL(url).pathname + new URL(url).search)).status, 200);
      const info = await server.json('/lo/reset/ticket', { ticket: raw });
      assert.equal(((await info.json()) as { email: string }).email, ADA.email);
      assert.ok(!JSON.stringify(server.logs).includes(raw), 'the ticket is not in the logs');
      assert.equal((await server.outbox()).length, 0, 'a ticket mails nothing');
    });

    test('email + connection_id finds the user of that connection; connection ids are stable con_ ids', async () => {
      const connectionId = connectionIdOf({ name: DB_CONNECTION });
      assert.match(connectionId, /^con_[a-z0-9]{13}$/);
      const raw = await ticketOf(await ticket({ email: 'ADA@example.com', connection_id: connectionId }));
      assert.equal((await server.reset(raw, NEW_PASSWORD)).status, 200);
      await server.accessToken(ADA.email, NEW_PASSWORD);
    });

    test('exactly one of user_id, or email with connection_id', async () => {
      const connection_id = connectionIdOf({ name: DB_CONNECTION });
      const cases: [Record<string, unknown>, string][] = [
        [{}, 'user_id, or email with connection_id, is required'],
        [{ user_id: adaId, email: ADA.email, connection_id }, 'user_id cannot be combined with email or connection_id'],
        [{ user_id: adaId, connection_id }, 'user_id cannot be combined with email or connection_id'],
        [{ email: ADA.email }, 'connection_id is required with email'],
        [{ connection_id }, 'email is required with connection_id'],
      ];
      for (const [body, message] of cases) await expectError(await ticket(body), 400, message, 'invalid_body');
      await expectError(await ticket({ email: ADA.email, connection_id: 'con_doesnotexist' }), 404, /connection does not exist/, 'inexistent_connection');
      await expectError(await ticket({ email: 'nobody@example.com', connection_id }), 404, 'The user does not exist.', 'inexistent_user');
      await expectError(await ticket({ user_id: 'auth0|nobody' }), 404, 'The user does not exist.', 'inexistent_user');
    });

    test('ttl_sec: absent or 0 means 5 days; a given value is honoured; negative, fractional or huge ones are refused', async () => {
      for (const ttl of [undefined, 0]) {
        const raw = await ticketOf(await ticket({ user_id: adaId, ...(ttl !== undefined && { ttl_sec: ttl }) }, await m2mToken(server)));
        server.advance(FIVE_DAYS_MS - 1000);
        assert.equal((await server.json('/lo/reset/ticket', { ticket: raw })).status, 200, `ttl ${ttl}: alive just before 5 days`);
        server.advance(2000);
        assert.equal((await server.json('/lo/reset/ticket', { ticket: raw })).status, 400, `ttl ${ttl}: dead after 5 days`);
      }
      token = await m2mToken(server);
      const raw = await ticketOf(await ticket({ user_id: adaId, ttl_sec: 60 }));
      server.advance(61_000);
      assert.equal((await server.reset(raw, NEW_PASSWORD)).status, 400);
      for (const [ttl, message] of [[-1, 'ttl_sec must not be negative'], [1.5, 'ttl_sec must be an integer'], ['60', 'ttl_sec must be an integer'], [2_592_001, 'ttl_sec must be at most 2592000']] as const) {
        await expectError(await ticket({ user_id: adaId, ttl_sec: ttl }), 400, `Payload validation error: ${message}`, 'invalid_body');
      }
    });

    test('only the newest works, across tickets and mailed links, both ways', async () => {
      const mailed = await server.ticketFor();
      const first = await ticketOf(await ticket({ user_id: adaId }));
      const second = await ticketOf(await ticket({ user_id: adaId }));
      assert.equal((await server.reset(mailed, NEW_PASSWORD)).status, 400, 'the mailed link died with the first ticket');
      assert.equal((await server.reset(first, NEW_PASSWORD)).status, 400, 'the first ticket died with the second');
      const mailedAfter = await server.ticketFor();
      assert.equal((await server.reset(second, NEW_PASSWORD)).status, 400, 'the ticket died with the newer mail');
      assert.equal((await server.reset(mailedAfter, NEW_PASSWORD)).status, 200);
    });

    test('mark_email_as_verified and includeEmailInRedirect reach the reset; result_url gets success, message and email', async () => {
      await fresh({ tenant: (tenant) => { tenant.users![0]!.emailVerified = false; } });
      assert.equal((await server.store.findUserById(adaId))?.emailVerified, false);
      const raw = await ticketOf(await ticket({
        user_id: adaId, result_url: `${BASE}/demo/done?from=ticket`, mark_email_as_verified: true, includeEmailInRedirect: true,
      }));
      const response = await server.reset(raw, NEW_PASSWORD);
      assert.equal(response.status, 200);
      const next = new URL(((await response.json()) as { result_url: string }).result_url);
      assert.equal(next.origin + next.pathname, `${BASE}/demo/done`);
      assert.deepEqual([...next.searchParams], [['from', 'ticket'], ['success', 'true'], ['message', 'Your password has been reset successfully.'], ['email', ADA.email]]);
      assert.equal((await server.store.findUserById(adaId))?.emailVerified, true);

      const plain = await ticketOf(await ticket({ user_id: adaId, result_url: `${BASE}/demo/` }));
      const plainNext = new URL(((await (await server.reset(plain, 'Lovelace-Analytical-1843')).json()) as { result_url: string }).result_url);
      assert.equal(plainNext.searchParams.get('email'), null, 'no email unless asked');
    });

    test('result_url must be on an allow-list (no open redirect), and cannot be combined with client_id', async () => {
      const refused = [
        'javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', '//evil.test/demo/', 'https:evil.test', '/demo/',
        'http:/127.0.0.1:8787/demo/', 'http://127.0.0.1:8787@evil.test/demo/', 'http://user:pw@127.0.0.1:8787/demo/',
        'http://127.0.0.1:8787.evil.test/demo/', 'http://evil.test/http://127.0.0.1:8787/demo/', 'http://127.0.0.1:8787\\@evil.test/demo/',
        'http://127.0.0.1:8787/\\evil.test', ' http://127.0.0.1:8787/demo/', 'http://127.0.0.1:8787/demo/\n', 'http://127.0.0.1:8787/de\tmo/',
        'http://127.0.0.1:8787/demo/\u0000', 'http://127.0.0.1:8787/demo/\u2028', 'https://127.0.0.1:8787/demo/', 'http://127.0.0.1:8788/demo/',
        'http://lосalhost:5173/', 'http://localhost:5174/', 'ftp://localhost:5173/',
      ];
      for (const url of refused) {
        await expectError(await ticket({ user_id: adaId, result_url: url }), 400, /result_url is not allowed/, 'invalid_body');
      }
      const accepted = [
        'http://127.0.0.1:8787/demo/', 'http://127.0.0.1:8787/demo/done?x=1#top', 'HTTP://127.0.0.1:8787/demo/a/b', 'http://localhost:5173/', 'http://localhost:5173/any/path',
        // Our own origin is always safe (issue 10); a callback URL counts like a result URL.
        'http://127.0.0.1:8787/demo', 'http://127.0.0.1:8787/demo/../admin', 'http://localhost:5173/callback',
      ];
      for (const url of accepted) assert.equal((await ticket({ user_id: adaId, result_url: url })).status, 201, url);
      await expectError(await ticket({ user_id: adaId, result_url: `${BASE}/demo/`, client_id: 'demo-spa' }), 400, 'result_url cannot be combined with client_id', 'invalid_body');
      await expectError(await ticket({ user_id: adaId, client_id: 'nope' }), 404, 'The client does not exist: nope', 'inexistent_client');
      assert.equal((await ticket({ user_id: adaId, client_id: 'demo-spa' })).status, 201);
    });

    test('social and enterprise users get 400: their password lives with their identity provider', async () => {
      const graceId = await userId(server, 'grace@example.com');
      await expectError(await ticket({ user_id: graceId }), 400, /google-oauth2 connection "google-oauth2"/, 'operation_not_supported');
      await expectError(await ticket({ email: 'grace@example.com', connection_id: connectionIdOf({ name: 'google-oauth2' }) }), 400, /database connections only/, 'operation_not_supported');
    });

    test('malformed bodies: 4xx in the Management envelope, never a 500', async () => {
      const cases: [string | unknown, number, string | RegExp][] = [
        ['{"user_id":', 400, 'Payload validation error: The request body is not valid JSON.'],
        ['[]', 400, 'Payload validation error: The request body must be a JSON object.'],
        ['null', 400, 'Payload validation error: The request body must be a JSON object.'],
        [{ user_id: 42 }, 400, 'Payload validation error: user_id must be a string'],
        [{ user_id: '' }, 400, 'Payload validation error: user_id must not be empty'],
        [{ user_id: adaId, mark_email_as_verified: 'yes' }, 400, 'Payload validation error: mark_email_as_verified must be a boolean'],
        [{ user_id: adaId, new_password: 'x' }, 400, /Payload validation error: Unrecognized key.*new_password/],
        [{ user_id: adaId, organization_id: 'org_1' }, 400, /Unrecognized key.*organization_id/],
        [{ email: 'not an email', connection_id: 'con_x' }, 400, 'Payload validation error: email is not a valid email address'],
        [{ user_id: adaId, result_url: 'x'.repeat(3000) }, 400, 'Payload validation error: result_url must be at most 2048 characters'],
      ];
      for (const [body, status, message] of cases) await expectError(await ticket(body as Record<string, unknown>), status, message);
      const form = await server.request('/api/v2/tickets/password-change', {
        method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' }, body: `user_id=${adaId}`,
      });
      await expectError(form, 415, 'Content-Type must be application/json.');
      await expectError(await ticket({ user_id: adaId, pad: 'x'.repeat(20_000) }), 413, /larger than/);
    });
  });

  describe('PATCH /api/v2/users/{id}', () => {
    test('sets the password: the user object back, every session ended, outstanding links dead, no mail, hook-free by default', async () => {
      const sessions = [await server.accessToken(ADA.email, ADA.password), await server.accessToken(ADA.email, ADA.password)];
      const mailed = await server.ticketFor();
      const issued = await ticketOf(await ticket({ user_id: adaId }));
      const mailsBefore = (await server.outbox()).length;

      assert.match(adaId, /^auth0\|[0-9a-f]{24}$/);
      const response = await server.request(`/api/v2/users/${adaId.replace('|', '%7C')}`, {
        method: 'PATCH', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ password: NEW_PASSWORD, connection: DB_CONNECTION }),
      });
      assert.equal(response.status, 200);
      const user = (await response.json()) as Record<string, unknown>;
      assert.deepEqual(Object.keys(user).sort(), ['app_metadata', 'blocked', 'created_at', 'email', 'email_verified', 'identities', 'last_password_reset', 'name', 'nickname', 'updated_at', 'user_id', 'user_metadata']);
      assert.equal(user.user_id, adaId);
      assert.equal(user.email, ADA.email);
      assert.equal(user.name, 'Ada Lovelace');
      assert.equal(user.last_password_reset, '2026-11-28T12:00:00.000Z');
      assert.deepEqual(user.identities, [{ connection: DB_CONNECTION, user_id: adaId.slice('auth0|'.length), provider: 'auth0', isSocial: false }]);

      for (const session of sessions) assert.equal((await server.userinfo(session)).status, 401, 'sessions end');
      assert.equal((await server.reset(mailed, 'Another-Password-77')).status, 400, 'the mailed link died');
      assert.equal((await server.reset(issued, 'Another-Password-77')).status, 400, 'the ticket died');
      assert.equal((await server.outbox()).length, mailsBefore, 'no mail');
      assert.equal((await server.login(ADA.email, ADA.password)).status, 403, 'the old password fails');
      await server.accessToken(ADA.email, NEW_PASSWORD);
      assert.ok(server.logs.some((log) => log.event === 'scp' && log.fields.via === 'management' && log.fields.actor === 'demo-m2m@clients'));
      assert.ok(!JSON.stringify(server.logs).includes(NEW_PASSWORD), 'the password is not logged');
    });

    test("the connection's policy applies, with Auth0's messages", async () => {
      const weak = await patch(adaId, { password: 'short', connection: DB_CONNECTION });
      assert.equal(weak.status, 400);
      assert.deepEqual(await weak.json(), { statusCode: 400, error: 'Bad Request', message: 'PasswordStrengthError: Password is too weak' });
      await expectError(await patch(adaId, { password: 'Password123' }), 400, 'PasswordDictionaryError: Password is too common');
      await expectError(await patch(adaId, { password: '' }), 400, 'PasswordStrengthError: Password is too weak');
      await server.accessToken(ADA.email, ADA.password);
    });

    test('refusals and bad input: unknown user, social user, other connection, unsupported fields, bad JSON', async () => {
      await expectError(await patch('auth0|nobody', { password: NEW_PASSWORD }), 404, 'The user does not exist.', 'inexistent_user');
      await expectError(await patch('%E0%A4%A', { password: NEW_PASSWORD }), 404, 'The user does not exist.');
      const graceId = await userId(server, 'grace@example.com');
      await expectError(await patch(graceId, { password: NEW_PASSWORD }), 400, /grace@example.com signs in with the google-oauth2 connection/, 'operation_not_supported');
      await expectError(await patch(adaId, { password: NEW_PASSWORD, connection: 'google-oauth2' }), 400, 'The user has no identity in connection "google-oauth2"', 'invalid_body');
      await expectError(await patch(adaId, { blocked: true }), 400, /Unrecognized key.*blocked/, 'invalid_body');
      await expectError(await patch(adaId, { password: 12345678 }), 400, 'Payload validation error: password must be a string');
      await expectError(await patch(adaId, '{'), 400, 'Payload validation error: The request body is not valid JSON.');
      const unchanged = await patch(adaId, { connection: DB_CONNECTION });
      assert.equal(unchanged.status, 200);
      assert.equal(((await unchanged.json()) as Record<string, unknown>).last_password_reset, undefined, 'nothing changed');
      await server.accessToken(ADA.email, ADA.password);
    });
  });

  describe('user and connection look-ups', () => {
    test('GET /users/{id}: the user object; social users show their provider', async () => {
      const graceId = await userId(server, 'grace@example.com');
      const response = await api(server, 'GET', `/users/${encodeURIComponent(graceId)}`, token);
      assert.equal(response.status, 200);
      const grace = (await response.json()) as { identities: unknown[]; user_id: string };
      assert.equal(grace.user_id, graceId);
      assert.deepEqual(grace.identities, [{ connection: 'google-oauth2', user_id: graceId.split('|')[1], provider: 'google-oauth2', isSocial: true }]);
      await expectError(await api(server, 'GET', '/users/auth0%7Cnobody', token), 404, 'The user does not exist.', 'inexistent_user');
    });

    test('GET /users-by-email: exact match, an array; bad or missing email → 400', async () => {
      const found = (await (await api(server, 'GET', '/users-by-email?email=ADA%40example.com', token)).json()) as { user_id: string }[];
      assert.deepEqual(found.map((user) => user.user_id), [adaId]);
      assert.deepEqual(await (await api(server, 'GET', '/users-by-email?email=ada%40example.co', token)).json(), []);
      await expectError(await api(server, 'GET', '/users-by-email', token), 400, 'email is required', 'invalid_query_string');
      await expectError(await api(server, 'GET', '/users-by-email?email=nope', token), 400, 'email is not a valid email address', 'invalid_query_string');
    });

    test('GET /users: search by email or text, pages, totals; bad parameters → 400', async () => {
      const list = async (query: string) => (await api(server, 'GET', `/users?${query}`, token)).json();
      const emails = (users: unknown) => (users as { email: string }[]).map((user) => user.email);
      assert.deepEqual(emails(await list('')), ['ada@example.com', 'grace@example.com']);
      assert.deepEqual(emails(await list('q=email%3A%22grace%40example.com%22&search_engine=v3')), ['grace@example.com']);
      assert.deepEqual(emails(await list('q=email%3Aada%40example.com')), ['ada@example.com']);
      assert.deepEqual(emails(await list('q=hopper')), ['grace@example.com']);
      assert.deepEqual(emails(await list('q=ADA*')), ['ada@example.com']);
      const page = (await list('per_page=1&page=1&include_totals=true')) as { start: number; limit: number; length: number; total: number; users: unknown };
      assert.deepEqual({ ...page, users: emails(page.users) }, { start: 1, limit: 1, length: 1, total: 2, users: ['grace@example.com'] });
      for (const [query, message] of [
        ['per_page=0', 'per_page must be a whole number from 1 to 100'], ['per_page=101', 'per_page must be a whole number from 1 to 100'],
        ['page=-1', 'page must be a whole number from 0 to 1000'], ['page=abc', 'page must be a whole number from 0 to 1000'],
        ['page=20&per_page=50', 'page and per_page reach past the first 1000 results'], ['include_totals=yes', 'include_totals must be true or false'],
        ['search_engine=v1', 'search_engine must be v3'], ['q=name%3A%22Ada%22', 'q supports email:"<address>" and free text only'],
      ]) {
        await expectError(await api(server, 'GET', `/users?${query}`, token), 400, message!, 'invalid_query_string');
      }
    });

    test('GET /connections: ids and password options as Auth0 names them', async () => {
      const connections = (await (await api(server, 'GET', '/connections', token)).json()) as { id: string; name: string; strategy: string; options: unknown }[];
      assert.deepEqual(connections.map((c) => [c.name, c.strategy]), [[DB_CONNECTION, 'auth0'], ['google-oauth2', 'google-oauth2'], ['acme-saml', 'samlp']]);
      assert.deepEqual(connections[0], {
        id: connectionIdOf({ name: DB_CONNECTION }), name: DB_CONNECTION, strategy: 'auth0',
        options: {
          passwordPolicy: 'good', password_dictionary: { enable: true }, password_no_personal_info: { enable: false },
          password_history: { enable: false, size: 0 }, enabledDatabaseCustomization: false,
        },
      });
      const byName = (await (await api(server, 'GET', '/connections?name=acme-saml', token)).json()) as unknown[];
      assert.deepEqual(byName, [{ id: connectionIdOf({ name: 'acme-saml' }), name: 'acme-saml', strategy: 'samlp', options: {} }]);
    });
  });
});
