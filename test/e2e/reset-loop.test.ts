/**
 * The seed's whole loop as a person walks it, on `npm start`'s server (port 0, a temporary SQLite
 * file) in Chromium: a failed sign-in, "Don't remember your password?", the mail in the dev
 * outbox, the hosted reset page, a refused weak password, a good one, the redirect, and signing in
 * with the new password. Then what must hold afterwards: the old password and the used link fail,
 * the earlier session is over, only the newest mail's link works, and mail scanners spend nothing.
 * Throughout: no CSP violation, no request to another origin, the ticket in no URL but the page
 * loads of the link and in no Referer. Finally the same walk on the static demo (msw in the page,
 * no server) up to the mail.
 */
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { ADA, NEW_PASSWORD, passwordRealmGrant, resetLinkInMail, resetRequest } from '../fixtures.js';
import { axeViolations, launchBrowser, pageProblems, ROOT, walk, startServer, type RunningServer } from './harness.js';

const SENT = "We've just sent you an email to reset your password.";
const CHANGED = 'Your password has been changed. You can now sign in with your new password.';
const BAD_LINK = 'This link is invalid or has expired. Request a new one.';

const started = Date.now();
let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let problems: string[];
let link: string;
let tokenBeforeReset: string;
const tickets: string[] = [];
const requests: { url: string; method: string; type: string; referer: string }[] = [];
const pendingHeaders: Promise<unknown>[] = [];
const violations: string[] = [];
const logins: string[] = [];
const changes: { email: string; shown: string }[] = [];

/** Waits for mail number `count` and returns the reset link in it. */
async function linkOfMail(count: number): Promise<string> {
  const mail = (await server.mail(count))[count - 1]!;
  assert.equal(mail.to, ADA.email);
  const { link, ticket } = resetLinkInMail(mail.text);
  tickets.push(ticket);
  return link;
}

async function requestResetMail() {
  assert.equal((await server.post('/dbconnections/change_password', resetRequest(ADA.email))).status, 200);
}

/** The reset form's checklist as a screen reader reads it ("text: state"). A string: this file has no DOM types. */
const checklist = (target: Page) => target.evaluate(`[...document.querySelectorAll('reset-password-form .lb-rules li')].map((item) =>
  [...item.childNodes].filter((node) => node.nodeType === 3).map((node) => node.textContent).join('') + ': '
  + item.querySelector(':scope > .lb-sr').textContent.trim().slice(1, -1))`) as Promise<string[]>;

async function signIn(target: Page, password: string) {
  await target.locator('login-box input[name=username]').fill(ADA.email);
  await target.locator('login-box input[name=password]').fill(password);
  await target.getByRole('button', { name: 'Log in' }).click();
}

async function assertAccessible(view: string) {
  assert.deepEqual(await axeViolations(page), [], `aXe violations in ${view}`);
}

/** Every page of the context reports CSP violations, `login` and `password-changed` here, across navigations. */
async function instrument(target: BrowserContext) {
  await target.exposeBinding('reportViolation', (_source, text: string) => { violations.push(text); });
  await target.exposeBinding('reportLogin', (_source, email: string) => { logins.push(email); });
  await target.exposeBinding('reportChange', (_source, email: string, shown: string) => { changes.push({ email, shown }); });
  await target.addInitScript({ content: `
    document.addEventListener('securitypolicyviolation', (event) => reportViolation(event.violatedDirective + ' ' + event.blockedURI));
    document.addEventListener('login', (event) => reportLogin(event.email));
    document.addEventListener('password-changed', (event) => reportChange(event.email, document.activeElement.textContent));` });
  target.on('request', (request) => {
    pendingHeaders.push(request.allHeaders().then((headers) => {
      requests.push({ url: request.url(), method: request.method(), type: request.resourceType(), referer: headers.referer ?? '' });
    }, () => undefined)); // the browser closed before the request's headers were read
  });
}

walk('the whole reset loop', [
  ['the server starts on port 0 with a temporary database; Ada has a session; the demo page opens', async () => {
    server = await startServer();
    const login = await server.post('/oauth/token', passwordRealmGrant(ADA.email, ADA.password));
    assert.equal(login.status, 200);
    tokenBeforeReset = ((await login.json()) as { access_token: string }).access_token;
    browser = await launchBrowser();
    context = await browser.newContext();
    await instrument(context);
    page = await context.newPage();
    problems = pageProblems(page);
    await page.goto(`${server.url}/demo/`);
    await page.locator('login-box input[autocomplete=username]').waitFor();
  }],

  ['a wrong password fails', async () => {
    await signIn(page, 'Not-Her-Password-1');
    await page.getByRole('alert').filter({ hasText: 'Wrong email or password.' }).waitFor();
  }],

  ['"Don\'t remember your password?" → ada@example.com → the sent message', async () => {
    await page.getByRole('button', { name: "Don't remember your password?" }).click();
    await page.getByRole('heading', { name: 'Reset your password' }).waitFor();
    await page.getByLabel('Email').fill(ADA.email);
    await page.getByRole('button', { name: 'Send email' }).click();
    await page.getByText(SENT).waitFor();
  }],

  ['the mail reaches /dev/outbox with the link', async () => {
    link = await linkOfMail(1);
    assert.ok(link.startsWith(`${server.url}/lo/reset?ticket=`));
  }],

  ['a mail scanner fetching the link twice with plain GETs spends nothing', async () => {
    for (let i = 0; i < 2; i++) {
      const response = await fetch(link, { headers: { 'user-agent': 'MailScanner/1.0' } });
      assert.equal(response.status, 200);
      assert.doesNotMatch(await response.text(), new RegExp(tickets[0]!), 'the page does not echo the ticket');
    }
  }],

  ['opening the link: the ticket is gone from the address bar and kept nowhere, the form is aXe-clean', async () => {
    await page.goto(link);
    await page.getByLabel('New password', { exact: true }).waitFor();
    assert.equal(page.url(), `${server.url}/lo/reset#`);
    assert.deepEqual(await page.evaluate('[location.href.includes("ticket"), localStorage.length, sessionStorage.length, document.cookie]'), [false, 0, 0, '']);
    assert.equal(await page.locator('reset-password-form input[autocomplete=username]').inputValue(), ADA.email);
    assert.equal(await page.locator('form input[type=password][autocomplete="new-password"]').count(), 2);
    await assertAccessible('the reset form');
  }],

  ['a weak password keeps the rules unticked and submit is refused without a request', async () => {
    const posts = () => requests.filter((request) => request.method === 'POST' && new URL(request.url).pathname === '/lo/reset').length;
    await page.getByLabel('New password', { exact: true }).fill('hello');
    await page.getByLabel('Confirm new password').fill('hello');
    assert.deepEqual((await checklist(page)).slice(0, 2), ['At least 8 characters: not met', 'At least 3 of these 4:: not met']);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('alert').filter({ hasText: 'This password does not meet the requirements.' }).waitFor();
    await Promise.all(pendingHeaders);
    assert.equal(posts(), 0, 'nothing was sent');
    assert.equal(await page.evaluate(`document.querySelector('input[name=newPassword]').validationMessage`), 'This password does not meet the requirements.');
    await assertAccessible('the refused form');
  }],

  ['a common password passes the browser\'s rules; the server refuses it and the refusal ticks its rule', async () => {
    await page.getByLabel('New password', { exact: true }).fill('Password123');
    await page.getByLabel('Confirm new password').fill('Password123');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.locator('reset-password-form .lb-rules li[data-state=unmet]').filter({ hasText: 'Not a common password' }).waitFor();
    assert.equal((await checklist(page)).at(-1), 'Not a common password: not met');
  }],

  ['a good password: the confirmation, then the tenant\'s result URL (classic mode)', async () => {
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Confirm new password').fill(NEW_PASSWORD);
    assert.ok((await checklist(page)).slice(0, 2).every((line) => line.endsWith(': met')));
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.waitForURL(`${server.url}/demo/?success=true&message=Your+password+has+been+reset+successfully.`);
    assert.deepEqual(changes, [{ email: ADA.email, shown: CHANGED }], 'password-changed fired with the confirmation on screen, then the page moved on');
  }],

  ['signing in with the new password in <login-box> fires login', async () => {
    await signIn(page, NEW_PASSWORD);
    await page.getByText("You're signed in.").waitFor();
    assert.deepEqual(logins, [ADA.email]);
  }],

  ['the old password now fails', async () => {
    await signIn(page, ADA.password);
    await page.getByRole('alert').filter({ hasText: 'Wrong email or password.' }).waitFor();
  }],

  ['the same link again shows the invalid-link message (aXe-clean)', async () => {
    await page.goto(link);
    await page.getByText(BAD_LINK).waitFor();
    assert.equal(await page.getByRole('heading', { name: 'This link cannot be used' }).count(), 1);
    assert.equal(await page.getByLabel('New password', { exact: true }).count(), 0);
    await assertAccessible('the bad-link message');
  }],

  ['mail 2 says the password was changed, with no link that changes it; "this wasn\'t me" opens a new reset (aXe-clean)', async () => {
    const notice = (await server.mail(2))[1]!;
    assert.equal(notice.to, ADA.email);
    assert.match(notice.subject, /password was changed/);
    assert.doesNotMatch(notice.text, /ticket=/);
    assert.ok(!notice.text.includes(NEW_PASSWORD));
    const notMe = new RegExp(`${server.url}/lo/reset/request`).exec(notice.text);
    assert.ok(notMe, notice.text);
    await page.goto(notMe[0]);
    await page.getByRole('button', { name: 'Send email' }).waitFor();
    await assertAccessible('the new-reset page');
  }],

  ['a token obtained before the reset gets 401 from /userinfo', async () => {
    const response = await server.userinfo(tokenBeforeReset);
    assert.equal(response.status, 401);
  }],

  ['a second reset mail makes the first link invalid; the second works', async () => {
    await requestResetMail();
    const first = await linkOfMail(3);
    await requestResetMail();
    const second = await linkOfMail(4);
    await page.goto(first);
    await page.getByText(BAD_LINK).waitFor();
    await page.goto(second);
    await page.getByLabel('New password', { exact: true }).waitFor();
  }],

  ['from a bad link, "Request a new link" sends a new mail from the page itself', async () => {
    await page.goto(link);
    await page.getByRole('button', { name: 'Request a new link' }).click();
    await page.getByLabel('Email').fill(ADA.email);
    await page.getByRole('button', { name: 'Send email' }).click();
    await page.getByText(SENT).waitFor();
    await linkOfMail(5);
    await assertAccessible('the forgot-password view on the reset page');
  }],

  ['no CSP violation, nothing thrown, no request to another origin, the ticket only in the link\'s page loads and in no Referer', async () => {
    await Promise.all(pendingHeaders);
    assert.deepEqual(violations, []);
    // Refused sign-ins and passwords are 4xx answers, which Chromium logs as failed loads: expected here.
    assert.deepEqual(problems.filter((text) => !/Failed to load resource: the server responded with a status of 4\d\d/.test(text)), []);
    assert.deepEqual(requests.filter((request) => new URL(request.url).origin !== server.url).map((request) => request.url), []);
    const carrying = requests.filter((request) => tickets.some((ticket) => request.url.includes(ticket)));
    assert.ok(carrying.length > 0);
    assert.deepEqual(carrying.filter((request) => request.type !== 'document' || new URL(request.url).pathname !== '/lo/reset'), []);
    assert.deepEqual(requests.filter((request) => tickets.some((ticket) => request.referer.includes(ticket))), []);
    assert.ok(requests.some((request) => new URL(request.url).pathname === '/lo/reset/ticket'), 'the walk did look tickets up');
  }],

  ['the static demo (msw in the page, no server): wrong password, forgot password, the mail in the page\'s outbox', async () => {
    const vite: ViteDevServer = await createServer({ configFile: `${ROOT}vite.config.ts`, logLevel: 'error' });
    try {
      await vite.listen();
      const demo = await (await browser.newContext()).newPage(); // the server walk's recorders stay out of it
      const demoProblems = pageProblems(demo);
      await demo.goto(vite.resolvedUrls!.local[0]!);
      await demo.locator('login-box input[autocomplete=username]').waitFor();
      await signIn(demo, 'Not-Her-Password-1');
      await demo.getByRole('alert').filter({ hasText: 'Wrong email or password.' }).waitFor({ timeout: 15_000 });
      await demo.getByRole('button', { name: "Don't remember your password?" }).click();
      await demo.getByLabel('Email').fill(ADA.email);
      await demo.getByRole('button', { name: 'Send email' }).click();
      await demo.getByText(SENT).waitFor();
      const outbox = await demo.evaluate(`fetch('https://tenant.login-box.test/dev/outbox').then((response) => response.json())`) as { to: string; text: string }[];
      assert.equal(outbox.at(-1)?.to, ADA.email);
      assert.match(outbox.at(-1)!.text, /https:\/\/tenant\.login-box\.test\/lo\/reset\?ticket=[\w-]+#/);
      assert.deepEqual(demoProblems.filter((text) => !/Failed to load resource/.test(text)), []);
    } finally {
      await vite.close();
    }
  }],
], async () => {
  await browser?.close();
  await server?.stop();
  console.log(`e2e-reset: the walk took ${((Date.now() - started) / 1000).toFixed(1)} s`);
});
