import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { parseTenantConfig, TenantConfigError } from '../../mock-server/config.js';
import { ADA, BASE, demoTenant, testServer, type TestServer } from './helpers.js';

/** The page's CSP as directive → sources. */
function csp(response: Response): Record<string, string[]> {
  const header = response.headers.get('content-security-policy') ?? '';
  return Object.fromEntries(header.split(';').map((part) => part.trim().split(/\s+/)).filter(([name]) => name).map(([name, ...sources]) => [name!, sources]));
}

describe('the hosted reset page', () => {
  let server: TestServer;
  afterEach(() => server.close());

  test('by default: the tenant name as title, our stylesheet and bundle only, a strict CSP, and the component wired to the tenant', async () => {
    server = await testServer();
    const ticket = await server.ticketFor();
    const response = await server.request(`/lo/reset?ticket=${ticket}#`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const policy = csp(response);
    assert.deepEqual([policy['script-src'], policy['style-src'], policy['img-src'], policy['connect-src']], [["'self'"], ["'self'"], ["'self'"], ["'self'"]]);
    const page = await response.text();
    assert.match(page, /<title>login-box demo<\/title>/);
    assert.match(page, /<h1>login-box demo<\/h1>/);
    assert.deepEqual([...page.matchAll(/<(?:script|link)[^>]*(?:src|href)="([^"]+)"/g)].map((match) => match[1]), ['/lo/reset/page.css', '/assets/login-box.js']);
    assert.match(page, new RegExp(`<reset-password-form login-href="${BASE}/demo/" connection="Username-Password-Authentication" client-id="demo-spa"></reset-password-form>`));
    assert.doesNotMatch(page, /<img/);
    assert.doesNotMatch(page, new RegExp(ticket), 'the page never echoes the ticket');
    assert.doesNotMatch(page, /<script>|<style|style=/, 'nothing inline');

    const styles = await server.request('/lo/reset/page.css');
    assert.equal(styles.headers.get('content-type'), 'text/css; charset=utf-8');
    assert.doesNotMatch(await styles.text(), /--login-box-accent/, 'no colour unless the tenant sets one');
    assert.equal((await server.json('/lo/reset/ticket', { ticket })).status, 200, 'loading the page spent nothing');
  });

  test('speaks the browser\'s language when we ship it (the component inherits <html lang>), English otherwise', async () => {
    server = await testServer();
    const cases: [string | undefined, string][] = [
      ['de-DE,de;q=0.9,en;q=0.8', '<html lang="de" dir="ltr">'],
      ['ar', '<html lang="ar" dir="rtl">'],
      ['pt-BR,xx;q=0.5', '<html lang="pt-BR" dir="ltr">'],
      ['pt-PT', '<html lang="pt-PT" dir="ltr">'],
      ['zh-HK,en;q=0.5', '<html lang="zh-TW" dir="ltr">'],
      ['zh', '<html lang="zh-CN" dir="ltr">'],
      ['he-IL', '<html lang="he" dir="rtl">'],
      ['fa', '<html lang="fa" dir="rtl">'],
      ['el,xx;q=0.5', '<html lang="en" dir="ltr">'],
      ['de;q=0, fr', '<html lang="fr" dir="ltr">'],
      [undefined, '<html lang="en" dir="ltr">'],
    ];
    for (const [acceptLanguage, root] of cases) {
      const response = await server.request('/lo/reset?ticket=x', { headers: acceptLanguage ? { 'accept-language': acceptLanguage } : {} });
      assert.ok((await response.text()).includes(root), `${acceptLanguage} → ${root}`);
      assert.match(response.headers.get('vary') ?? '', /Accept-Language/);
    }
  });

  test('customised: title, logo, primary colour (through the generated stylesheet) and an extra stylesheet, each foreign origin allowed by exactly one CSP source', async () => {
    server = await testServer({
      tenant: (tenant) => {
        tenant.resetPage = {
          title: 'Acme <Accounts>',
          logoUrl: 'https://cdn.acme.test/logo.svg',
          primaryColor: '#0a7d4f',
          stylesheetUrl: 'https://styles.acme.test/reset.css',
        };
      },
    });
    const response = await server.request('/lo/reset');
    const policy = csp(response);
    assert.deepEqual(policy['img-src'], ["'self'", 'https://cdn.acme.test']);
    assert.deepEqual(policy['style-src'], ["'self'", 'https://styles.acme.test']);
    assert.deepEqual(policy['script-src'], ["'self'"], 'no third-party script, ever');
    assert.doesNotMatch(response.headers.get('content-security-policy')!, /unsafe-inline/);
    const page = await response.text();
    assert.match(page, /<title>Acme &lt;Accounts&gt;<\/title>/, 'escaped');
    assert.match(page, /<img src="https:\/\/cdn.acme.test\/logo.svg" alt="">\s*<h1>Acme &lt;Accounts&gt;<\/h1>/, 'the logo is decorative next to the name');
    assert.deepEqual([...page.matchAll(/<link[^>]*href="([^"]+)"/g)].map((match) => match[1]), ['/lo/reset/page.css', 'https://styles.acme.test/reset.css'], 'the tenant stylesheet comes last, so it wins');
    const styles = await (await server.request('/lo/reset/page.css')).text();
    assert.match(styles, /:root \{ --login-box-accent: #0a7d4f; --login-box-on-accent: #fff; \}/);
  });

  test('a light primary colour gets dark text on it', async () => {
    server = await testServer({ tenant: (tenant) => { tenant.resetPage = { primaryColor: '#FD0' }; } });
    assert.match(await (await server.request('/lo/reset/page.css')).text(), /--login-box-accent: #FD0; --login-box-on-accent: #000;/);
  });

  test('assets on our own server need no extra CSP source', async () => {
    server = await testServer({ tenant: (tenant) => { tenant.resetPage = { logoUrl: '/assets/logo.svg', stylesheetUrl: `${BASE}/brand.css` }; } });
    const policy = csp(await server.request('/lo/reset'));
    assert.deepEqual([policy['img-src'], policy['style-src']], [["'self'"], ["'self'"]]);
  });

  test('new Universal Login: the page links to the default login route, and the reset sends the user there', async () => {
    server = await testServer({ tenant: (tenant) => { tenant.universalLogin = 'new'; tenant.defaultLoginRoute = '/welcome/'; } });
    assert.match(await (await server.request('/lo/reset')).text(), new RegExp(`login-href="${BASE}/welcome/"`));
    const response = await server.reset(await server.ticketFor(), 'Countess-of-Lovelace-1852', { origin: BASE });
    assert.deepEqual(await response.json(), { result_url: `${BASE}/welcome/` });
  });

  test('classic: with a result URL the reset redirects there with success and message; without one the page confirms and links to sign-in', async () => {
    server = await testServer();
    let response = await server.reset(await server.ticketFor(), 'Countess-of-Lovelace-1852', { origin: BASE });
    assert.deepEqual(await response.json(), { result_url: `${BASE}/demo/?success=true&message=Your+password+has+been+reset+successfully.` });
    server.close();
    server = await testServer({ tenant: (tenant) => { delete tenant.emailTemplates.resetEmail.resultUrl; } });
    response = await server.reset(await server.ticketFor(ADA.email), 'Countess-of-Lovelace-1852', { origin: BASE });
    assert.deepEqual(await response.json(), {});
    assert.match(await (await server.request('/lo/reset')).text(), new RegExp(`login-href="${BASE}/demo/"`));
  });
});

describe('resetPage settings are validated at start-up', () => {
  const refusal = (resetPage: unknown) => {
    try {
      parseTenantConfig({ ...demoTenant(), resetPage });
    } catch (error) {
      assert.ok(error instanceof TenantConfigError);
      return error.message;
    }
    return 'accepted';
  };

  test('each bad field is named with what is wrong', () => {
    assert.match(refusal({ primaryColor: 'red; background: url(https://evil.test)' }), /resetPage\.primaryColor: must be a hex colour like #0a7d4f/);
    assert.match(refusal({ logoUrl: 'javascript:alert(1)' }), /resetPage\.logoUrl: must be an http\(s\) URL or a path starting with \//);
    assert.match(refusal({ stylesheetUrl: '//evil.test/x.css' }), /resetPage\.stylesheetUrl: must be an http\(s\) URL or a path starting with \//);
    assert.match(refusal({ title: '' }), /resetPage\.title: /);
    assert.match(refusal({ logo: '/logo.svg' }), /resetPage: Unrecognized key: "logo"/);
  });

  test('good settings pass', () => {
    assert.equal(refusal({ title: 'Acme', logoUrl: '/logo.svg', primaryColor: '#abc', stylesheetUrl: 'https://styles.acme.test/reset.css' }), 'accepted');
    assert.equal(refusal(undefined), 'accepted');
  });
});
