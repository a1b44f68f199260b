// End to end: `npm start`'s server (built bundle, demo page under its strict CSP) driven in
// Debian's Chromium. Run after `npm run build`.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { ADA, ticketFromMail } from '../fixtures.js';
import { axeViolations, launchBrowser, pageProblems, startServer, type RunningServer } from './harness.js';

describe('demo page on the Node server', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let problems: string[];

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = await browser.newPage();
    problems = pageProblems(page);
    // Page scripts are strings here: this file is type-checked for Node, without the DOM library.
    await page.addInitScript({ content: `document.addEventListener('securitypolicyviolation',
      (event) => console.error('CSP violation: ' + event.violatedDirective + ' ' + event.blockedURI));` });
    await page.goto(`${server.url}/`);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('/ lands on the demo, whose one script registers <login-box>', async () => {
    assert.equal(page.url(), `${server.url}/demo/`);
    assert.equal(await page.locator('script').count(), 1);
    await page.locator('login-box input[autocomplete="username"]').waitFor();
  });

  test('Ada signs in against the real server', async () => {
    await page.locator('login-box input[name=username]').fill(ADA.email);
    await page.locator('login-box input[name=password]').fill(ADA.password);
    await page.locator('login-box button[type=submit]').click();
    await page.locator('login-box [role=status]').filter({ hasText: "You're signed in." }).waitFor();
  });

  test('the forgot-password view sends the reset mail to the dev outbox', async () => {
    const before = (await server.outbox()).length;
    await page.getByRole('button', { name: "Don't remember your password?" }).click();
    await page.getByRole('button', { name: 'Send email' }).click();
    await page.getByText("We've just sent you an email to reset your password.").waitFor();
    const mails = await server.mail(before + 1); // delivered off the request path, just after the answer
    assert.equal(mails.at(-1)?.to, ADA.email);
    assert.ok(ticketFromMail(mails.at(-1)!.text), 'a reset link in the mail');
  });

  test('a lazy dictionary loads under the CSP', async () => {
    await page.evaluate(`document.querySelector('login-box').lang = 'de'`);
    await page.getByRole('button', { name: 'Zurück zur Anmeldung' }).waitFor();
  });

  test('the demo\'s second app logs in through the hosted login page and back, and logs out', async () => {
    await page.goto(`${server.url}/demo/`);
    await page.getByRole('link', { name: 'logs in with the hosted page' }).click();
    await page.getByRole('button', { name: 'Log in with the hosted page' }).click();
    await page.waitForURL(/\/u\/login\?state=/);
    assert.deepEqual(await axeViolations(page), [], 'the hosted login page is aXe-clean');
    await page.locator('login-box input[name=username]').fill(ADA.email);
    await page.locator('login-box input[name=password]').fill(ADA.password);
    await page.locator('login-box input[name=password]').press('Enter');
    await page.waitForURL(`${server.url}/demo/hosted.html`);
    await page.getByRole('status').filter({ hasText: `Signed in as ${ADA.email}.` }).waitFor();
    assert.equal(new URL(page.url()).search, '', 'the code does not stay in the address bar');

    // Logged out: the login session is gone, so the hosted page asks again.
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(`${server.url}/demo/hosted.html`);
    await page.getByRole('status').filter({ hasText: 'You are not signed in.' }).waitFor();
    await page.getByRole('button', { name: 'Log in with the hosted page' }).click();
    await page.waitForURL(/\/u\/login\?state=/, { timeout: 5000 });
  });

  test('nothing was blocked by the CSP and nothing threw', () => {
    assert.deepEqual(problems, []);
  });
});
