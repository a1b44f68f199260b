/**
 * Wire compatibility in the browser, with Auth0's own browser SDK (auth0-js 10.2.1, which Lock is
 * built on), unchanged, against the reference server's app (hosted in the page by msw): the
 * forgot-password request and the password-realm sign-in, successes and errors as auth0-js parses them.
 */
import { expect } from '@open-wc/testing';
import auth0 from 'auth0-js';
import { ADA, DB_CONNECTION, freshBackend, outbox, SPA_CLIENT_ID, TENANT_HOST } from '../components/helpers.js';

interface Auth0Error { code?: string; description?: string; statusCode?: number }

/** auth0-js takes node-style callbacks; this turns one call into a promise of [error, result]. */
const call = <T>(start: (done: (error: Auth0Error | null, result?: T) => void) => void) =>
  new Promise<[Auth0Error | null, T | undefined]>((resolve) => start((error, result) => resolve([error, result])));

describe('auth0-js against the reference server', () => {
  beforeEach(freshBackend);
  const webAuth = () => new auth0.WebAuth({ domain: TENANT_HOST, clientID: SPA_CLIENT_ID });
  const authentication = () => new auth0.Authentication({ domain: TENANT_HOST, clientID: SPA_CLIENT_ID });

  it('WebAuth.changePassword: Auth0\'s sentence, and the mail goes out', async () => {
    const [error, text] = await call<string>((done) => webAuth().changePassword({ connection: DB_CONNECTION, email: ADA.email }, done));
    expect(error).to.equal(null);
    expect(text).to.equal("We've just sent you an email to reset your password.");
    expect((await outbox()).at(-1)?.to).to.equal(ADA.email);
  });

  it('WebAuth.changePassword errors carry Auth0\'s code and description', async () => {
    const [error] = await call((done) => webAuth().changePassword({ connection: 'Nope', email: ADA.email }, done));
    expect([error?.statusCode, error?.code, error?.description]).to.deep.equal([400, 'connection not found', 'connection not found: Nope']);
  });

  it('Authentication.login (password-realm): tokens for the right password, invalid_grant for a wrong one', async () => {
    const [error, tokens] = await call<{ accessToken: string; idToken: string; tokenType: string }>((done) =>
      authentication().login({ username: ADA.email, password: ADA.password, realm: DB_CONNECTION, scope: 'openid' }, done));
    expect(error).to.equal(null);
    expect(tokens?.tokenType).to.equal('Bearer');
    expect(tokens?.idToken.split('.')).to.have.length(3);
    const [refused] = await call((done) => authentication().login({ username: ADA.email, password: 'wrong', realm: DB_CONNECTION }, done));
    expect([refused?.statusCode, refused?.code, refused?.description]).to.deep.equal([403, 'invalid_grant', 'Wrong email or password.']);
  });
});
