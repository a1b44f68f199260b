/**
 * Wire compatibility, proven with Auth0's own Node SDK (`auth0` 7.1.0: the Fern ManagementClient,
 * and the v4 AuthenticationClient it ships as `auth0/legacy`), unchanged: its requests are handed
 * to the app through the SDK's `fetch` option, on an https base URL as the SDK insists on.
 */
import { ManagementClient } from 'auth0';
import { AuthenticationClient } from 'auth0/legacy';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ADA, DB_CONNECTION, NEW_PASSWORD, testServer, ticketFromMail, type TestServer } from './helpers.js';

const DOMAIN = 'tenant.login-box.test';

describe('Auth0\'s Node SDK against the reference server', () => {
  let server: TestServer;
  let fetchApp: typeof fetch;
  before(async () => {
    server = await testServer({ baseUrl: `https://${DOMAIN}` });
    fetchApp = ((input: string | URL | Request, init?: RequestInit) => Promise.resolve(server.app.fetch(new Request(input, init)))) as typeof fetch;
  });
  after(() => server.close());

  const management = () => new ManagementClient({ domain: DOMAIN, clientId: 'demo-m2m', clientSecret: 'demo-m2m-secret', fetch: fetchApp });
  const authentication = () => new AuthenticationClient({ domain: DOMAIN, clientId: 'demo-spa', clientSecret: 'unused-by-this-spa', fetch: fetchApp });

  test('AuthenticationClient.database.changePassword: the text answer, and the mail', async () => {
    const response = await authentication().database.changePassword({ email: ADA.email, connection: DB_CONNECTION });
    assert.equal(response.status, 200);
    assert.equal(response.data, "We've just sent you an email to reset your password.");
    assert.equal((await server.outbox()).at(-1)?.to, ADA.email);
  });

  test('AuthenticationClient errors parse into AuthApiError with Auth0\'s codes', async () => {
    await assert.rejects(authentication().database.changePassword({ email: ADA.email, connection: 'Nope' }), (error: Record<string, unknown>) => {
      assert.equal(error.constructor.name, 'AuthApiError');
      assert.deepEqual([error.statusCode, error.error, error.error_description], [400, 'connection not found', 'connection not found: Nope']);
      return true;
    });
    await assert.rejects(
      authentication().oauth.passwordGrant({ username: ADA.email, password: 'wrong', realm: DB_CONNECTION, scope: 'profile' }),
      (error: Record<string, unknown>) => error.statusCode === 403 && error.error === 'invalid_grant' && error.error_description === 'Wrong email or password.',
    );
  });

  test('ManagementClient: token by client_credentials, users by email, a ticket that opens the reset page', async () => {
    const client = management();
    const [ada] = await client.users.listUsersByEmail({ email: ADA.email });
    assert.equal(ada?.email, ADA.email);
    const { ticket } = await client.tickets.changePassword({ user_id: ada!.user_id!, result_url: `https://${DOMAIN}/demo/`, ttl_sec: 0 });
    assert.match(ticket!, new RegExp(`^https://${DOMAIN.replace(/\./g, '\\.')}/lo/reset\\?ticket=[\\w-]{43}#$`));
    assert.equal((await server.reset(ticketFromMail(ticket!), NEW_PASSWORD)).status, 200);
    const grant = await authentication().oauth.passwordGrant({ username: ADA.email, password: NEW_PASSWORD, realm: DB_CONNECTION, scope: 'profile' });
    assert.equal(grant.data.token_type, 'Bearer');
  });

  test('ManagementClient.users.update sets the password; a weak one is a BadRequestError with Auth0\'s message', async () => {
    const client = management();
    const [ada] = await client.users.listUsersByEmail({ email: ADA.email });
    const updated = await client.users.update(ada!.user_id!, { password: 'Another-Strong-Pass-1', connection: DB_CONNECTION });
    assert.equal(updated.user_id, ada!.user_id);
    assert.equal(typeof updated.last_password_reset, 'string');
    await assert.rejects(client.users.update(ada!.user_id!, { password: 'weak', connection: DB_CONNECTION }), (error: Record<string, unknown>) => {
      assert.equal(error.constructor.name, 'BadRequestError');
      assert.equal(error.statusCode, 400);
      assert.deepEqual(error.body, { statusCode: 400, error: 'Bad Request', message: 'PasswordStrengthError: Password is too weak' });
      return true;
    });
  });
});
