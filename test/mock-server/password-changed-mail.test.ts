/** The "your password was changed" mail: one after a self-service reset, none after a Management API or dashboard change. */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { smtpMailer } from '../../mock-server/mail/smtp.js';
import { ADA, ADMIN, BASE, STORE_KINDS, testServer, ticketFromMail, type StoreKind, type TestServer, type TestServerOptions } from './helpers.js';
import { plainText, startSmtp } from './smtp-server.js';

const NEW_PASSWORD = 'Analytical-Engine-1843';
const NEW_RESET_PAGE = `${BASE}/lo/reset/request`;

const userIdOf = async (server: TestServer, email: string) => (await server.store.listUsers({ emailKey: email }, 0, 1)).users[0]!.id;

/** The dashboard's own token (its sign-in), as the page sends the PATCH. */
async function dashboardToken(server: TestServer) {
  const response = await server.json('/dashboard/session', ADMIN);
  return ((await response.json()) as { access_token: string }).access_token;
}
async function m2mToken(server: TestServer) {
  const response = await server.json('/oauth/token', { grant_type: 'client_credentials', client_id: 'demo-m2m', client_secret: 'demo-m2m-secret', audience: `${BASE}/api/v2/` });
  return ((await response.json()) as { access_token: string }).access_token;
}
const patchPassword = (server: TestServer, id: string, token: string, password: string) =>
  server.request(`/api/v2/users/${encodeURIComponent(id)}`, {
    method: 'PATCH', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ password }),
  });

describe('the "your password was changed" mail', () => {
  let server: TestServer;
  const fresh = async (options?: TestServerOptions) => { server = await testServer(options); };
  afterEach(() => server.close());

  for (const kind of STORE_KINDS) {
    test(`one after a self-service reset, to the stored address, with no ticket or password in it (${kind})`, async () => {
      await fresh({ store: kind as StoreKind });
      const before = (await server.outbox()).length;
      await server.requestReset('ADA@Example.com'); // the stored address gets it, not the typed one
      const [resetMail] = (await server.outbox()).slice(before);
      const ticket = ticketFromMail(resetMail!.text);
      assert.equal((await server.reset(ticket, NEW_PASSWORD)).status, 200);

      const mails = (await server.outbox()).slice(before + 1);
      assert.equal(mails.length, 1, 'exactly one notification');
      const [mail] = mails;
      assert.equal(mail!.to, ADA.email);
      assert.equal(mail!.subject, 'Your Demo App password was changed');
      assert.match(mail!.text, /has just been changed/);
      for (const body of [mail!.text, mail!.html]) {
        assert.ok(body.includes(NEW_RESET_PAGE), 'the "this wasn\'t me" link');
        assert.ok(!body.includes(ticket), 'no ticket');
        assert.ok(!/ticket=/.test(body), 'no reset link');
        assert.ok(!body.includes(NEW_PASSWORD) && !body.includes(ADA.password), 'no password');
      }
      assert.ok(mail!.html.includes(`<a href="${NEW_RESET_PAGE}">This wasn't me, reset my password</a>`));
    });
  }

  test('in the language the reset page speaks (its Accept-Language), as the reset mail is; else the template\'s own', async () => {
    await fresh();
    await server.reset(await server.ticketFor(), NEW_PASSWORD, { 'accept-language': 'he, de;q=0.8' });
    const hebrew = (await server.outbox()).at(-1)!;
    assert.equal(hebrew.subject, 'הסיסמה שלך ב־Demo App שונתה');
    assert.ok(hebrew.text.includes(NEW_RESET_PAGE));
    await server.reset(await server.ticketFor(), `${NEW_PASSWORD}-2`, { 'accept-language': 'xx' });
    assert.equal((await server.outbox()).at(-1)!.subject, 'Your Demo App password was changed');
  });

  test('a tenant file without the template gets the English one', async () => {
    await fresh({ tenant: (tenant) => { delete (tenant.emailTemplates as { passwordChangedEmail?: unknown }).passwordChangedEmail; } });
    await server.reset(await server.ticketFor(), NEW_PASSWORD);
    const mail = (await server.outbox()).at(-1)!;
    assert.equal(mail.subject, 'Your Demo App password was changed');
    assert.ok(mail.text.includes(NEW_RESET_PAGE));
  });

  test('racing submissions of one link: one change, one notification', async () => {
    await fresh();
    const ticket = await server.ticketFor();
    const before = (await server.outbox()).length;
    const statuses = await Promise.all(Array.from({ length: 8 }, (_, i) => server.reset(ticket, `${NEW_PASSWORD}-${i}`).then((r) => r.status)));
    assert.equal(statuses.filter((status) => status === 200).length, 1);
    assert.equal((await server.outbox()).length - before, 1);
  });

  test('none after a Management API change or the dashboard\'s', async () => {
    await fresh();
    const id = await userIdOf(server, ADA.email);
    assert.equal((await patchPassword(server, id, await m2mToken(server), NEW_PASSWORD)).status, 200);
    assert.equal((await patchPassword(server, id, await dashboardToken(server), `${NEW_PASSWORD}-dashboard`)).status, 200);
    assert.equal((await server.login(ADA.email, `${NEW_PASSWORD}-dashboard`)).status, 200, 'both changes happened');
    assert.deepEqual(await server.outbox(), []);
  });

  test('none when the tenant turns it off', async () => {
    await fresh({ tenant: (tenant) => { tenant.emailTemplates.passwordChangedEmail = { enabled: false, subject: 's', text: 't', html: 'h' }; } });
    const ticket = await server.ticketFor();
    const before = (await server.outbox()).length;
    assert.equal((await server.reset(ticket, NEW_PASSWORD)).status, 200);
    assert.equal((await server.outbox()).length, before);
  });

  test('the tenant\'s own template, with its placeholders', async () => {
    await fresh({ tenant: (tenant) => {
      tenant.emailTemplates.passwordChangedEmail = { subject: 'Changed for {{ user.email }}', text: 'Not you? {{ url }} ({{ friendly_name }})', html: '<a href="{{ url }}">{{ application.name }}</a>' };
    } });
    await server.reset(await server.ticketFor(), NEW_PASSWORD);
    const mail = (await server.outbox()).at(-1)!;
    assert.deepEqual([mail.subject, mail.text, mail.html], [`Changed for ${ADA.email}`, `Not you? ${NEW_RESET_PAGE} (login-box demo)`, `<a href="${NEW_RESET_PAGE}">Demo App</a>`]);
  });

  test('"this wasn\'t me" opens the forgot-password form, which mails a new link', async () => {
    await fresh();
    const page = await server.request('/lo/reset/request');
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('cache-control'), 'no-store');
    assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    assert.match(await page.text(), /<login-box view="forgot-password" client-id="demo-spa" connection="Username-Password-Authentication" reset-method="both"><\/login-box>/, "it offers the code the tenant mails");
    assert.equal((await server.reset(await server.ticketFor(), NEW_PASSWORD)).status, 200);
  });
});

describe('the "your password was changed" mail over SMTP', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  before(async () => { smtp = await startSmtp(); });
  after(() => smtp.close());

  test('goes out through the same outbox and mail server as the reset mail', async () => {
    const server = await testServer({ mailer: smtpMailer(smtp.url, 'login-box demo <no-reply@login-box.test>') });
    try {
      await server.requestReset();
      await server.outbox();
      const ticket = ticketFromMail(plainText(smtp.received.at(-1)!.raw));
      assert.equal((await server.reset(ticket, NEW_PASSWORD)).status, 200);
      await server.outbox();
      assert.equal(smtp.received.length, 2);
      const notification = smtp.received.at(-1)!;
      assert.deepEqual(notification.to, [ADA.email]);
      assert.match(notification.raw, /Subject: Your Demo App password was changed/);
      assert.ok(plainText(notification.raw).includes(NEW_RESET_PAGE));
      assert.ok(!notification.raw.includes(ticket));
    } finally {
      await server.close();
    }
  });
});
