// The reset mail in the reader's language: the component's (Accept-Language, as src/api/client.ts
// sends it), else the user's stored locale, else the template's own version (the tenant default),
// through the real client, the real server and a real SMTP server on loopback (the stored locale:
// through each kind of store).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parseTenantConfig, TenantConfigError, type TenantConfigInput } from '../../mock-server/config.js';
import { smtpMailer } from '../../mock-server/mail/smtp.js';
import { createAuthClient } from '../../src/api/client.js';
import { LANGUAGES } from '../../src/i18n/languages.js';
import { SPA_CLIENT_ID } from '../fixtures.js';
import type { Mailer } from '../../mock-server/domain/ports.js';
import { ADA, BASE, DB_CONNECTION, demoTenant, NEW_PASSWORD, resetRequest, STORE_KINDS, testServer, ticketFromMail, type TestServerOptions } from './helpers.js';
import { mimePart, plainText, startSmtp, subjectOf } from './smtp-server.js';

type ResetEmail = TenantConfigInput['emailTemplates']['resetEmail'];

describe('the reset mail speaks the reader\'s language', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  before(async () => { smtp = await startSmtp(); });
  after(() => smtp.close());

  /** A server mailing through the SMTP server; askAs and ask request a reset for Ada and return the mail that arrived. */
  async function server(options: TestServerOptions = {}) {
    const mailer = smtpMailer(smtp.url, 'login-box demo <no-reply@login-box.test>');
    const running = await testServer({ mailer, ...options });
    /** The one mail `request` queues (mail queued before it, such as a "password changed" notice, goes out first). */
    const arrived = async (request: () => Promise<void>) => {
      await running.outbox();
      const before = smtp.received.length;
      await request();
      await running.outbox();
      assert.equal(smtp.received.length, before + 1, 'one mail');
      const { raw } = smtp.received.at(-1)!;
      return { subject: subjectOf(raw), text: plainText(raw).replace(/\r\n/g, '\n'), html: mimePart(raw, 'html') };
    };
    return {
      ...running,
      /** Through the components' own client, which sends the language it shows. */
      async askAs(language: string | undefined) {
        const client = createAuthClient({ domain: BASE, clientId: SPA_CLIENT_ID, fetch: async (url, init) => running.app.fetch(new Request(url, init)) });
        return arrived(async () => {
          assert.ok((await client.requestPasswordReset({ email: ADA.email, connection: DB_CONNECTION }, language === undefined ? {} : { language })).ok);
        });
      },
      /** With a raw Accept-Language header, as any other client may send it (or none). */
      async ask(acceptLanguage?: string) {
        const headers: Record<string, string> = acceptLanguage === undefined ? {} : { 'accept-language': acceptLanguage };
        return arrived(async () => {
          assert.equal((await running.json('/dbconnections/change_password', resetRequest(ADA.email), headers)).status, 200);
        });
      },
      close() { mailer.close(); return running.close(); },
    };
  }

  test('German and Hebrew, as the component asked; the German link works', async () => {
    const demo = await server();
    try {
      const german = await demo.askAs('de');
      assert.equal(german.subject, 'Setzen Sie Ihr Passwort für Demo App zurück');
      assert.match(german.text, /^Hallo ada@example\.com,\n\njemand hat angefordert, das Passwort Ihres Kontos bei Demo App zurückzusetzen\./);
      assert.match(german.html, /<a href="http:\/\/127\.0\.0\.1:8787\/lo\/reset\?ticket=[^"]+">Passwort zurücksetzen<\/a>/);
      assert.equal((await demo.reset(ticketFromMail(german.text), NEW_PASSWORD)).status, 200, 'the German mail\'s link resets the password');

      const hebrew = await demo.askAs('he');
      assert.equal(hebrew.subject, 'איפוס הסיסמה שלך ב־Demo App');
      assert.match(hebrew.text, /^שלום ada@example\.com,/);
      assert.match(hebrew.html, /^<div dir="rtl"><p>שלום ada@example\.com,<\/p>/, 'laid out right to left');
    } finally {
      await demo.close();
    }
  });

  test('Accept-Language negotiates like the components: q-values, regions, scripts', async () => {
    const demo = await server();
    try {
      assert.equal((await demo.ask('fr;q=0.4, de-CH;q=0.9, en;q=0.1')).subject, 'Setzen Sie Ihr Passwort für Demo App zurück');
      assert.equal((await demo.ask('zh-HK')).subject, '重設您的 Demo App 密碼');
      assert.equal((await demo.ask('zh')).subject, '重置您的 Demo App 密码');
      assert.equal((await demo.ask('pt-PT')).subject, 'Reponha a sua palavra-passe de Demo App');
      assert.equal((await demo.ask('pt')).subject, 'Redefina sua senha do Demo App');
      assert.equal((await demo.ask('de;q=0, fr')).subject, 'Réinitialisez votre mot de passe Demo App', 'q=0 refuses a language');
      assert.equal((await demo.askAs('en')).subject, 'Reset your Demo App password');
    } finally {
      await demo.close();
    }
  });

  test('no language we mail in: the template\'s own version, the tenant default', async () => {
    const defaultIsFrench = (tenant: TenantConfigInput) => {
      const { fr, ...others } = tenant.emailTemplates.resetEmail.translations!;
      const english = tenant.emailTemplates.resetEmail;
      tenant.emailTemplates.resetEmail = { ...english, ...fr!, language: 'fr', translations: { ...others, en: { subject: english.subject, text: english.text, html: english.html } } };
    };
    const demo = await server({ tenant: defaultIsFrench });
    try {
      assert.equal((await demo.ask()).subject, 'Réinitialisez votre mot de passe Demo App', 'no Accept-Language');
      assert.equal((await demo.ask('el, *')).subject, 'Réinitialisez votre mot de passe Demo App', 'Greek is not shipped');
      assert.equal((await demo.askAs('en')).subject, 'Reset your Demo App password', 'English is a translation here');
    } finally {
      await demo.close();
    }
    const germanOnly = await server({ tenant: (tenant) => { tenant.emailTemplates.resetEmail.translations = { de: tenant.emailTemplates.resetEmail.translations!.de! }; } });
    try {
      assert.equal((await germanOnly.askAs('ja')).subject, 'Reset your Demo App password', 'a shipped language the template lacks');
      assert.equal((await germanOnly.ask('ja, de;q=0.5')).subject, 'Setzen Sie Ihr Passwort für Demo App zurück', 'the next wanted one it has');
    } finally {
      await germanOnly.close();
    }
  });
});

describe('without a language from the request: the user\'s stored locale', () => {
  for (const kind of STORE_KINDS) {
    test(`${kind}: a seeded locale survives the store, and the mail speaks it unless the request asks for a language we mail in`, async () => {
      const mailer: Mailer = { keepsBody: true, async send() {} };
      const server = await testServer({ store: kind, mailer, tenant: (tenant) => { tenant.users![0]!.locale = 'fr-CA'; } });
      try {
        const ada = (await server.store.findUserByEmail(DB_CONNECTION, ADA.email))!;
        assert.equal(ada.locale, 'fr-CA');
        const subjects: string[] = [];
        for (const acceptLanguage of [undefined, 'el, *', 'de']) {
          const headers: Record<string, string> = acceptLanguage === undefined ? {} : { 'accept-language': acceptLanguage };
          assert.equal((await server.json('/dbconnections/change_password', resetRequest(ADA.email), headers)).status, 200);
          subjects.push((await server.outbox()).at(-1)!.subject);
        }
        assert.deepEqual(subjects, ['Réinitialisez votre mot de passe Demo App', 'Réinitialisez votre mot de passe Demo App', 'Setzen Sie Ihr Passwort für Demo App zurück']);
      } finally {
        await server.close();
      }
    });
  }
  test('a user without one gets the tenant default; a locale that is not a language tag stops the start', async () => {
    const server = await testServer();
    try {
      assert.equal((await server.store.findUserByEmail(DB_CONNECTION, ADA.email))!.locale ?? null, null);
      await server.requestReset();
      assert.equal((await server.outbox()).at(-1)!.subject, 'Reset your Demo App password');
    } finally {
      await server.close();
    }
    const tenant = demoTenant();
    tenant.users![0]!.locale = 'French please';
    assert.throws(() => parseTenantConfig(tenant), /users\.0\.locale: must be a language tag like de or pt-BR/);
  });
});

describe('the template\'s languages are checked at start-up', () => {
  const withResetEmail = (change: (template: ResetEmail) => void) => {
    const tenant = demoTenant();
    change(tenant.emailTemplates.resetEmail);
    return () => parseTenantConfig(tenant);
  };
  const german = () => demoTenant().emailTemplates.resetEmail.translations!.de!;

  test('the demo tenant mails in every shipped language', () => {
    const { resetEmail } = parseTenantConfig(demoTenant()).emailTemplates;
    assert.deepEqual([resetEmail.language, ...Object.keys(resetEmail.translations)].sort(), [...LANGUAGES].sort());
    for (const version of Object.values(resetEmail.translations)) {
      for (const part of [version.text, version.html]) assert.ok(part.includes('{{ url }}'), 'each version carries the link');
    }
  });
  test('an unknown language, a repeated one, an incomplete version: each named', () => {
    const errors: [() => unknown, RegExp][] = [
      [withResetEmail((t) => { t.translations = { el: german() } as ResetEmail['translations']; }), /emailTemplates\.resetEmail\.translations: Unrecognized key: "el"/],
      [withResetEmail((t) => { t.language = 'xx' as ResetEmail['language']; }), /emailTemplates\.resetEmail\.language: must be a shipped language: en, ar, /],
      [withResetEmail((t) => { t.translations = { en: german() }; }), /emailTemplates\.resetEmail\.translations: repeats the template's own language/],
      [withResetEmail((t) => { t.translations = { de: { subject: 'Betreff', text: 'Text' } as ReturnType<typeof german> }; }), /emailTemplates\.resetEmail\.translations\.de\.html: /],
    ];
    for (const [parse, message] of errors) assert.throws(parse, (error: unknown) => error instanceof TenantConfigError && message.test(error.message));
  });
  test('a tenant file without translations still loads: English only, as before', () => {
    const { resetEmail } = withResetEmail((t) => { delete t.language; delete t.translations; })().emailTemplates;
    assert.deepEqual([resetEmail.language, resetEmail.translations], ['en', {}]);
  });
});
