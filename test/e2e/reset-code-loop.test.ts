/**
 * Reset by code (issue 15, item 1) as a person walks it, on `npm start`'s server (port 0, a temporary
 * SQLite file, the demo tenant mailing a link and a code) in Chromium: the demo page's box (`reset-method="both"`),
 * "Don't remember your password?", Enter the code, a wrong code refused, the
 * mailed one opening the new-password step in place, back on sign-in with the new password, and
 * signing in with it; aXe-clean in each state. Afterwards the old password, the code and the mail's
 * link are all spent. Throughout: no CSP violation and no page error.
 */
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { ADA, codeFromMail, NEW_PASSWORD, passwordRealmGrant, resetLinkInMail, resetRequest } from '../fixtures.js';
import { axeViolations, launchBrowser, pageProblems, walk, startServer, type RunningServer } from './harness.js';

const INVALID_CODE = 'That code is invalid or has expired. Check the email or send a new code.';
const CHANGED = 'Your password has been changed. You can now sign in with your new password.';

let server: RunningServer;
let browser: Browser;
let page: Page;
let problems: string[];
let code: string;
let ticket: string;
const violations: string[] = [];
const logins: string[] = [];

async function assertAccessible(view: string) {
  assert.deepEqual(await axeViolations(page), [], `aXe violations in ${view}`);
}

/** The element focus is on, as `tag[name]` or its text. A string: this file has no DOM types. */
const focused = () => page.evaluate(`(() => { const el = document.activeElement; return el.name ? el.localName + '[' + el.name + ']' : el.textContent.trim(); })()`);

walk('reset by code, the whole loop', [
  ['the server starts; the demo page opens, its box told the tenant mails a code too', async () => {
    server = await startServer();
    browser = await launchBrowser();
    const context = await browser.newContext();
    await context.exposeBinding('reportViolation', (_source, text: string) => { violations.push(text); });
    await context.exposeBinding('reportLogin', (_source, email: string) => { logins.push(email); });
    await context.addInitScript({ content: `
      document.addEventListener('securitypolicyviolation', (event) => reportViolation(event.violatedDirective + ' ' + event.blockedURI));
      document.addEventListener('login', (event) => reportLogin(event.email));` });
    page = await context.newPage();
    problems = pageProblems(page);
    await page.goto(`${server.url}/demo/`);
    await page.locator('login-box input[autocomplete=username]').waitFor();
    assert.equal(await page.locator('login-box').getAttribute('reset-method'), 'both', 'the demo page offers the code its tenant mails');
  }],

  ['"Don\'t remember your password?" → ada@example.com → the sent view offers Enter the code', async () => {
    await page.getByRole('button', { name: "Don't remember your password?" }).click();
    await page.getByLabel('Email').fill(ADA.email);
    await page.getByRole('button', { name: 'Send email' }).click();
    await page.getByRole('button', { name: 'Enter the code' }).waitFor();
    await assertAccessible('the sent view with the code offered');
  }],

  ['the mail carries a link and a code', async () => {
    const mail = (await server.mail(1))[0]!;
    assert.equal(mail.to, ADA.email);
    code = codeFromMail(mail.text);
    ticket = resetLinkInMail(mail.text).ticket;
  }],

  ['Enter the code: the field takes focus; a wrong code is refused, focus back in the field', async () => {
    await page.getByRole('button', { name: 'Enter the code' }).click();
    const field = page.getByLabel('Code', { exact: true });
    await field.waitFor();
    assert.deepEqual(await Promise.all(['inputmode', 'autocomplete', 'maxlength'].map((name) => field.getAttribute(name))), ['numeric', 'one-time-code', '8']);
    await page.waitForFunction(`document.activeElement?.name === 'code'`);
    await page.keyboard.type(code.replace(/^./, (digit) => String((Number(digit) + 1) % 10)));
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: INVALID_CODE }).waitFor();
    assert.equal(await focused(), 'input[code]');
    await assertAccessible('a wrong code');
  }],

  ['the mailed code opens the new-password step in place, focused, with the policy checklist', async () => {
    await page.getByLabel('Code', { exact: true }).fill(code);
    await page.keyboard.press('Enter');
    await page.getByText(`Choose a new password for \u2068${ADA.email}\u2069.`).waitFor();
    await page.waitForFunction(`document.activeElement?.name === 'newPassword'`);
    assert.ok(await page.locator('login-box reset-password-form .lb-rules li').count() > 0);
    assert.equal(new URL(page.url()).pathname, '/demo/', 'no navigation: the step is in place');
    await assertAccessible('the new-password step in place');
  }],

  ['the new password set, the box is back on sign-in with the email and the notice, and signs in with it', async () => {
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Confirm new password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('status').filter({ hasText: CHANGED }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/demo/', 'the box canceled the redirect to the result URL');
    assert.equal(await page.locator('login-box input[name=username]').inputValue(), ADA.email);
    await assertAccessible('back on sign-in after the change');
    await page.locator('login-box input[name=password]').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('status').filter({ hasText: "You're signed in." }).waitFor();
    assert.deepEqual(logins, [ADA.email]);
  }],

  ['afterwards the old password, the code and the mail\'s link are spent', async () => {
    assert.equal((await server.post('/oauth/token', passwordRealmGrant(ADA.email, ADA.password))).status, 403);
    const again = await server.post('/lo/reset/code', { ...resetRequest(ADA.email), code });
    assert.equal(again.status, 400);
    assert.equal(((await again.json()) as { code: string }).code, 'invalid_code');
    assert.equal((await server.post('/lo/reset/ticket', { ticket })).status, 400);
  }],

  ['no CSP violation and no page error on the way', async () => {
    assert.deepEqual(violations, []);
    assert.deepEqual(problems, []);
  }],
], async () => {
  await browser?.close();
  await server?.stop();
});
