/**
 * The dashboard as an admin uses it, on the real server in Chromium: sign in, find
 * ada@example.com, Danger Zone → CHANGE → save a new password. Ada's existing session then gets
 * 401 from /userinfo and the new password signs in; Require password reset signs her out and holds her sign-in until
 * she resets. Mostly by keyboard; aXe-checked in each view;
 * any console error (a CSP violation included) fails the run.
 */
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { ADA, ADMIN, NEW_PASSWORD, passwordRealmGrant, ticketFromMail } from '../fixtures.js';
import { axeViolations, launchBrowser, pageProblems, walk, startServer, type RunningServer } from './harness.js';

let server: RunningServer;
let browser: Browser;
let page: Page;
let problems: string[];
let adaSession: string;
let mailedTicket: string;

const login = (password: string) => server.post('/oauth/token', passwordRealmGrant(ADA.email, password));

async function assertAccessible(view: string) {
  assert.deepEqual(await axeViolations(page), [], `aXe violations in ${view}`);
}

/** Tabs until the focused element matches `selector` (keyboard-only navigation), or fails after `max` presses. */
async function tabTo(selector: string, max = 30) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(`document.activeElement?.matches(${JSON.stringify(selector)}) ?? false`)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

walk('the dashboard as an admin uses it', [
  ['the server starts with the dashboard built, and Ada has a live session', async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = await browser.newPage();
    page.setDefaultTimeout(5000);
    problems = pageProblems(page);
    const response = await login(ADA.password);
    assert.equal(response.status, 200);
    adaSession = ((await response.json()) as { access_token: string }).access_token;
    assert.equal((await server.userinfo(adaSession)).status, 200);
  }],

  ['/dashboard is served under a strict CSP and shows the admin sign-in (aXe-clean)', async () => {
    const response = await page.goto(`${server.url}/dashboard`);
    const csp = response!.headers()['content-security-policy'] ?? '';
    assert.match(csp, /script-src 'self'/);
    assert.match(csp, /style-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await assertAccessible('sign-in');
  }],

  ['a wrong admin password is refused with a message; an app user is not an admin', async () => {
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'Wrong email or password.' }).waitFor();
    await page.getByLabel('Email').fill(ADA.email);
    await page.getByLabel('Password').fill(ADA.password);
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'Wrong email or password.' }).waitFor();
  }],

  ['the admin signs in by keyboard and finds ada@example.com', async () => {
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    await tabTo('input[type="search"]');
    await page.keyboard.type('ada@');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: /^1 user$/ }).waitFor();
    await assertAccessible('users list');
    await tabTo('a[href^="#/users/"]');
    assert.equal(await page.evaluate('document.activeElement.textContent'), 'Ada Lovelace');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Ada Lovelace' }).waitFor();
  }],

  ["Ada's page ends in the Danger Zone with the red Change Password box (aXe-clean)", async () => {
    await page.getByRole('heading', { name: 'Danger Zone' }).waitFor();
    const headings = await page.locator('dashboard-user h2, dashboard-user h3').allTextContents();
    assert.deepEqual(headings.slice(0, 3), ['Ada Lovelace', 'Danger Zone', 'Change Password']);
    const border = await page.evaluate(`getComputedStyle(document.querySelector('.danger-box.primary')).borderTopColor`);
    assert.equal(border, 'rgb(192, 0, 42)', 'the stylesheet applied under the CSP: the box is red');
    await assertAccessible('user page');
  }],

  ['CHANGE opens the dialog; the policy checks the password live; Save sets it', async () => {
    await tabTo('button.danger');
    assert.equal(await page.evaluate('document.activeElement.textContent'), 'CHANGE');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: `Change password of ${ADA.email}` });
    await dialog.waitFor();
    assert.equal(await page.evaluate('document.activeElement.id'), 'new-password', 'focus moves into the dialog');
    const save = dialog.getByRole('button', { name: 'Save' });
    await page.keyboard.type('short');
    assert.equal(await save.isDisabled(), true, 'a password the policy refuses cannot be saved');
    assert.ok((await dialog.locator('li:not(.ok)').count()) > 0);
    await assertAccessible('change-password dialog');
    await page.keyboard.press('Control+A');
    await page.keyboard.type(NEW_PASSWORD);
    assert.equal(await dialog.locator('.rules > li:not(.ok)').count(), 0, 'every rule is met');
    assert.equal(await save.isDisabled(), false);
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Password changed.' }).waitFor();
    assert.equal(await dialog.isVisible(), false, 'the dialog closed');
  }],

  ["Ada's old session gets 401; the new password signs in and the old one does not", async () => {
    assert.equal((await server.userinfo(adaSession)).status, 401);
    assert.equal((await login(NEW_PASSWORD)).status, 200);
    assert.equal((await login(ADA.password)).status, 403);
  }],

  ['Send password reset email mails Ada a link and says so', async () => {
    const before = (await server.outbox()).length;
    await page.getByRole('button', { name: 'SEND' }).click();
    await page.getByText(`A password reset email is on its way to ${ADA.email}.`, { exact: false }).waitFor();
    // The sender delivers it off the request path, a few milliseconds after the answer: wait for it, as Ada would.
    const mails = await server.mail(before + 1);
    assert.equal(mails.length, before + 1);
    assert.equal(mails.at(-1)!.to, ADA.email);
    mailedTicket = ticketFromMail(mails.at(-1)!.text);
    assert.equal((await server.post('/lo/reset/ticket', { ticket: mailedTicket })).status, 200);
  }],

  ['Generate reset ticket shows a reset URL to copy, and the mailed link stops working', async () => {
    await page.getByRole('button', { name: 'GENERATE' }).click();
    const url = await page.getByLabel('Reset ticket URL').inputValue();
    assert.match(url, new RegExp(`^${server.url}/lo/reset\\?ticket=[A-Za-z0-9_-]{43}#$`));
    assert.equal((await server.post('/lo/reset/ticket', { ticket: mailedTicket })).status, 400, 'only the newest link works');
    await assertAccessible('user page with a ticket');
  }],

  ['Require password reset signs Ada out, refuses her password and mails her a link; resetting with it lifts the block', async () => {
    const signedIn = await login(NEW_PASSWORD);
    assert.equal(signedIn.status, 200);
    const session = ((await signedIn.json()) as { access_token: string }).access_token;
    const before = (await server.outbox()).length;
    await page.getByRole('button', { name: 'REQUIRE' }).press('Enter');
    await page.getByRole('status').filter({ hasText: 'cannot sign in with their password until they reset it' }).waitFor();
    await assertAccessible('user page after a forced reset');
    assert.equal((await server.userinfo(session)).status, 401, 'her session ended');
    const refused = await login(NEW_PASSWORD);
    assert.equal(refused.status, 429);
    assert.match(((await refused.json()) as { error_description: string }).error_description, /Reset your password/);
    const mails = await server.mail(before + 1);
    assert.equal(mails.at(-1)!.to, ADA.email);
    assert.equal((await server.post('/lo/reset', { ticket: ticketFromMail(mails.at(-1)!.text), newPassword: 'Difference-Engine-1822' })).status, 200);
    assert.equal((await login('Difference-Engine-1822')).status, 200, 'the reset lifted the block');
  }],

  ["a Google user's page explains instead of offering the Change Password box", async () => {
    await page.getByRole('link', { name: 'Back to users' }).click();
    await page.getByLabel('Search by email or name').fill('grace');
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: 'Grace Hopper' }).click();
    await page.getByRole('heading', { name: 'Danger Zone' }).waitFor();
    await page.getByText(/kept by that identity provider/).waitFor();
    assert.equal(await page.getByRole('button', { name: 'CHANGE' }).count(), 0);
    await assertAccessible('social user page');
  }],

  ['no console errors and no CSP violations along the way', async () => {
    assert.deepEqual(problems, []);
  }],
], async () => {
  await browser?.close();
  await server?.stop();
});
