/**
 * Accessibility on the server's own pages, in Chromium: aXe (WCAG 2.1 A/AA) in every visible state
 * of both components (the demo page's box, the hosted login and reset pages; test/e2e/ui-states.ts)
 * in light and dark, in every right-to-left language we ship and in forced colours (Windows high
 * contrast, which only Playwright can emulate here); forced colours keep the link colour and the
 * buttons' edges; and the whole reset loop walked with the keyboard alone: Tab to move, Enter and
 * Space to act, typing only into fields.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { LANGUAGES, RTL_LANGUAGES } from '../../src/i18n/languages.js';
import { ADA, NEW_PASSWORD, resetLinkInMail } from '../fixtures.js';
import { axeViolations, launchBrowser, pageProblems, type RunningServer } from './harness.js';
import { PAGE_STATES, reach, settled, startDemoServer } from './ui-states.js';

const RTL_SHIPPED = LANGUAGES.filter((lang) => RTL_LANGUAGES.has(lang));

interface Mode { name: string; lang: string; context: BrowserContextOptions }

const MODES: Mode[] = [
  { name: 'light', lang: 'en', context: { colorScheme: 'light' } },
  { name: 'dark', lang: 'en', context: { colorScheme: 'dark' } },
  ...RTL_SHIPPED.flatMap((lang): Mode[] => [
    { name: `${lang}, light`, lang, context: { colorScheme: 'light', locale: lang } },
    { name: `${lang}, dark`, lang, context: { colorScheme: 'dark', locale: lang } },
  ]),
  { name: 'forced colours, light', lang: 'en', context: { colorScheme: 'light', forcedColors: 'active' } },
  { name: 'forced colours, dark', lang: 'en', context: { colorScheme: 'dark', forcedColors: 'active' } },
];

let server: RunningServer;
let browser: Browser;

/** The element with focus, as "tag name" (its accessible name: aria-label, label or text). */
const focused = (page: Page) => page.evaluate(`(() => {
  const el = document.activeElement;
  const name = el.labels?.[0]?.textContent ?? el.getAttribute('aria-label') ?? el.textContent;
  return el.localName + ' ' + (name ?? '').trim();
})()`) as Promise<string>;

/** Presses Tab until `name` has focus (at most 20 times) and returns the stops on the way. */
async function tabTo(page: Page, name: string): Promise<string[]> {
  const stops: string[] = [];
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press('Tab');
    stops.push(await focused(page));
    if (stops.at(-1) === name) return stops;
  }
  throw new Error(`Tab never reached ${name}: ${stops.join(' → ')}`);
}

describe('accessibility on the server\'s pages', () => {
  before(async () => {
    server = await startDemoServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('ships at least one right-to-left language to check', () => {
    assert.ok(RTL_SHIPPED.includes('ar'));
  });

  for (const mode of MODES) {
    test(`${mode.name}: aXe finds nothing in any state of either component`, async () => {
      const context = await browser.newContext(mode.context);
      try {
        const page = await context.newPage();
        const problems = pageProblems(page);
        const found: string[] = [];
        for (const state of PAGE_STATES) {
          await reach(page, server, state, mode.lang);
          const scheme = mode.context.colorScheme!;
          assert.equal(await page.evaluate(`matchMedia('(prefers-color-scheme: ${scheme})').matches`), true, 'the scheme is emulated');
          if (mode.context.forcedColors) assert.equal(await page.evaluate(`matchMedia('(forced-colors: active)').matches`), true, 'forced colours are emulated');
          const dirs = await page.evaluate(`[...document.querySelectorAll('login-box > [dir], reset-password-form > [dir]')].map((el) => el.dir)`) as string[];
          assert.ok(dirs.length > 0 && dirs.every((dir) => dir === (RTL_LANGUAGES.has(mode.lang) ? 'rtl' : 'ltr')), `${state.name}: ${dirs}`);
          found.push(...(await axeViolations(page, {
            // The demo page around the box is not the product (in dark, aXe takes its canvas, set by color-scheme alone, for white behind its links); the hosted pages are checked whole.
            within: state.name.startsWith('demo-') ? 'login-box' : 'html',
            // aXe does not model forced colours: it mixes the forced and the author's colours (white on black computed, "#0b1b33 on #000" reported).
            without: mode.context.forcedColors ? ['color-contrast'] : [],
          })).map((violation) => `${state.name}: ${violation}`));
        }
        assert.deepEqual(found, []);
        assert.deepEqual(problems.filter((text) => !/Failed to load resource/.test(text)), []);
      } finally {
        await context.close();
      }
    });
  }

  test('forced colours: the link-styled controls take the link colour, the submit button keeps its edge', async () => {
    const context = await browser.newContext({ forcedColors: 'active' });
    try {
      const page = await context.newPage();
      await reach(page, server, PAGE_STATES.find((state) => state.name === 'demo-sign-in')!, 'en');
      const [link, pageLink, border] = await page.evaluate(`[
        getComputedStyle(document.querySelector('login-box .lb-link')).color,
        getComputedStyle(document.querySelector('main > p a[href]')).color,
        getComputedStyle(document.querySelector('login-box .lb-submit')).borderTopStyle + ' ' + getComputedStyle(document.querySelector('login-box .lb-submit')).borderTopWidth,
      ]`) as string[];
      assert.equal(link, pageLink, 'the forgot button is coloured like the page\'s links');
      assert.equal(border, 'solid 1px');
    } finally {
      await context.close();
    }
  });

  test('the whole reset loop by keyboard alone: forgot link, email, submit, the mailed link, the new password twice, submit, sign in', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const problems = pageProblems(page);
      await page.goto(`${server.url}/demo/`);
      await page.locator('login-box input[name=username]').waitFor();
      const mails = (await server.outbox()).length;

      await tabTo(page, "button Don't remember your password?");
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Reset your password' }).waitFor();
      assert.equal(await focused(page), 'input Email', 'the forgot view puts focus in its email field');
      await page.keyboard.type(ADA.email);
      await tabTo(page, 'button Send email');
      await page.keyboard.press('Enter');
      await page.getByText("We've just sent you an email to reset your password.").waitFor();

      // Opening the mail's link is the one step outside the page.
      const { link } = resetLinkInMail((await server.mail(mails + 1))[mails]!.text);
      await page.goto(link);
      await page.locator('reset-password-form input[name=newPassword]').waitFor();
      await tabTo(page, 'input New password');
      await page.keyboard.type(NEW_PASSWORD);
      assert.equal(await page.locator('input[name=newPassword]').getAttribute('type'), 'password');
      await tabTo(page, 'button Show password');
      await page.keyboard.press('Space');
      await settled(page);
      assert.equal(await page.locator('input[name=newPassword]').getAttribute('type'), 'text', 'Space on the icon button shows the password');
      assert.equal(await page.locator('reset-password-form .lb-toggle').getAttribute('aria-pressed'), 'true');
      await tabTo(page, 'input Confirm new password');
      await page.keyboard.type(NEW_PASSWORD);
      await tabTo(page, 'button Change password');
      await page.keyboard.press('Enter');
      await page.waitForURL(`${server.url}/demo/?**`);

      await page.locator('login-box input[name=username]').waitFor();
      await tabTo(page, 'input Email');
      await page.keyboard.type(ADA.email);
      await tabTo(page, 'input Password');
      await page.keyboard.type(NEW_PASSWORD);
      await page.keyboard.press('Enter');
      await page.getByText("You're signed in.").waitFor();
      assert.deepEqual(problems.filter((text) => !/Failed to load resource/.test(text)), []);
    } finally {
      await context.close();
    }
  });
});
