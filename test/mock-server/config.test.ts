import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseTenantConfig, TenantConfigError } from '../../mock-server/config.js';
import { demoTenant } from './helpers.js';

describe('tenant config', () => {
  test('the demo tenant is valid and holds what the docs promise', () => {
    const config = parseTenantConfig(demoTenant());
    assert.deepEqual(config.clients.map((c) => [c.clientId, c.type]), [['demo-spa', 'spa'], ['demo-m2m', 'm2m']]);
    assert.deepEqual(config.connections.map((c) => [c.name, c.strategy]), [
      ['Username-Password-Authentication', 'auth0'], ['google-oauth2', 'google-oauth2'], ['acme-saml', 'samlp'],
    ]);
    assert.equal(config.emailTemplates.resetEmail.urlLifetimeInSeconds, 3600);
    assert.equal(config.universalLogin, 'classic');
  });

  const broken: [string, (tenant: any) => void, RegExp][] = [
    ['a missing client id', (t) => { delete t.clients[0].clientId; }, /clients\.0\.clientId: /],
    ['an unknown policy level', (t) => { t.connections[0].passwordPolicy.level = 'strong'; }, /connections\.0\.passwordPolicy\.level/],
    ['a typo in a key', (t) => { t.emailTemplates.resetEmail.subjet = 'x'; }, /emailTemplates\.resetEmail: Unrecognized key: "subjet"/],
    ['an origin with a path', (t) => { t.clients[0].allowedOrigins.push('http://localhost:5173/app'); }, /clients\.0\.allowedOrigins\.2: must be an origin/],
    ['a user of an unknown connection', (t) => { t.users[0].connection = 'Nope'; }, /users\.0\.connection: unknown connection "Nope"/],
    ['a database user without password', (t) => { delete t.users[0].password; }, /users\.0\.password: a database user needs a password/],
    ['a social user with a password', (t) => { t.users[1].password = 'x'; }, /users\.1\.password: only database users have a password here/],
    ['duplicate connections', (t) => { t.connections.push({ name: 'google-oauth2', strategy: 'github' }); }, /connections\.3\.name: duplicate connection "google-oauth2"/],
    ['a lifetime below a minute', (t) => { t.emailTemplates.resetEmail.urlLifetimeInSeconds = 5; }, /emailTemplates\.resetEmail\.urlLifetimeInSeconds/],
    ['a default directory that is social', (t) => { t.defaultDirectory = 'google-oauth2'; }, /defaultDirectory: "google-oauth2" is not a database connection/],
    ['a malformed connection id', (t) => { t.connections[0].id = 'conn-1'; }, /connections\.0\.id: must look like con_/],
    ['duplicate connection ids', (t) => { t.connections[0].id = 'con_same'; t.connections[1].id = 'con_same'; }, /connections\.1\.id: duplicate connection id "con_same"/],
    ['an admin with both password and hash', (t) => { t.admins[0].passwordHash = '$argon2id$x'; }, /admins\.0: give exactly one of password or passwordHash/],
    ['custom scripts without a module', (t) => { t.connections[0].customScripts = {}; }, /connections\.0\.customScripts\.module/],
    ['a hook timeout of zero', (t) => { t.hooks = { postChangePassword: { module: './hook.ts', timeoutMs: 0 } }; }, /hooks\.postChangePassword\.timeoutMs/],
    ['an unknown reset method', (t) => { t.emailTemplates.resetEmail.method = 'sms'; }, /emailTemplates\.resetEmail\.method/],
    ['a code mail whose German text has no {{ code }}', (t) => {
      t.emailTemplates.resetEmail.translations.de.text = t.emailTemplates.resetEmail.translations.de.text.replace('{{ code }}', '');
    }, /emailTemplates\.resetEmail\.translations\.de\.text: must contain \{\{ code \}\}: method is "both"/],
    ['a code mail whose own html has no {{ code }}', (t) => {
      t.emailTemplates.resetEmail.html = t.emailTemplates.resetEmail.html.replace('{{ code }}', '');
    }, /emailTemplates\.resetEmail\.html: must contain \{\{ code \}\}/],
    ['a code-only mail that still carries {{ url }}', (t) => { t.emailTemplates.resetEmail.method = 'code'; },
      /emailTemplates\.resetEmail\.text: must not contain \{\{ url \}\}: method is "code"/],
    ['a link-only mail that shows a {{ code }} it never gets', (t) => { t.emailTemplates.resetEmail.method = 'link'; },
      /emailTemplates\.resetEmail\.translations\.he\.html: must not contain \{\{ code \}\}: method is "link"/],
  ];
  for (const [name, breakIt, message] of broken) {
    test(`refuses ${name}, naming the field`, () => {
      const tenant = demoTenant();
      breakIt(tenant);
      assert.throws(() => parseTenantConfig(tenant), (error: Error) => error instanceof TenantConfigError && message.test(error.message));
    });
  }
});
