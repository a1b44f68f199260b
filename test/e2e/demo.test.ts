// End to end: `npm start`'s server (built bundle, demo page under its strict CSP, real SQLite-free
// in-memory store) driven in Debian's Chromium. Run after `npm run build`.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function startServer(): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'mock-server/main.ts', '--port', '0', '--db', ':memory:'], {
    cwd: new URL('../..', import.meta.url), stdio: ['ignore', 'pipe', 'ignore'],
  });
  // Keep reading rather than `for await`: leaving that loop early destroys the pipe, and the tests
  // then stalled ("Promise resolution is still pending but the event loop has already resolved").
  let output = '';
  const base = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (url) resolve(url);
    });
    child.once('exit', () => reject(new Error(`the server did not start: ${output}`)));
  });
  return { child, base };
}

describe('demo page on the Node server', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  before(async () => {
    server = await startServer();
    browser = await chromium.launch({ executablePath: process.env.CHROME_PATH || '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
    page = await browser.newPage();
    // Page scripts are strings here: this file is type-checked for Node, without the DOM library.
    await page.addInitScript({ content: `document.addEventListener('securitypolicyviolation',
      (event) => console.error('CSP violation: ' + event.violatedDirective + ' ' + event.blockedURI));` });
    page.on('console', (message) => { if (message.type() === 'error' && !message.text().includes('404')) problems.push(message.text()); });
    page.on('pageerror', (error) => problems.push(String(error)));
    await page.goto(`${server.base}/`);
  });
  after(async () => {
    await browser?.close();
    server?.child.kill();
    if (server) await once(server.child, 'exit');
  });

  test('/ lands on the demo, whose one script registers <login-box>', async () => {
    assert.equal(page.url(), `${server.base}/demo/`);
    assert.equal(await page.locator('script').count(), 1);
    await page.locator('login-box input[autocomplete="username"]').waitFor();
  });

  test('Ada signs in against the real server', async () => {
    await page.locator('login-box input[name=username]').fill('ada@example.com');
    await page.locator('login-box input[name=password]').fill('Ada-Lovelace-1815');
    await page.locator('login-box button[type=submit]').click();
    await page.locator('login-box [role=status]').filter({ hasText: "You're signed in." }).waitFor();
  });

  test('the forgot-password view sends the reset mail to the dev outbox', async () => {
    await page.getByRole('button', { name: "Don't remember your password?" }).click();
    await page.getByRole('button', { name: 'Send email' }).click();
    await page.getByText("We've just sent you an email to reset your password.").waitFor();
    const mails = await (await fetch(`${server.base}/dev/outbox`)).json() as { to: string; text: string }[];
    assert.equal(mails.at(-1)?.to, 'ada@example.com');
    assert.match(mails.at(-1)!.text, /\/lo\/reset\?ticket=/);
  });

  test('a lazy dictionary loads under the CSP', async () => {
    await page.evaluate(`document.querySelector('login-box').lang = 'de'`);
    await page.getByRole('button', { name: 'Zurück zur Anmeldung' }).waitFor();
  });

  test('nothing was blocked by the CSP and nothing threw', () => {
    assert.deepEqual(problems, []);
  });
});
