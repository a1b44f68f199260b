/**
 * Every visible state of the two components on the server's own pages (the demo page's embedded
 * box, the hosted login page, the hosted reset page behind a mailed link), each reached in
 * Chromium as a person reaches it. test/e2e/accessibility.test.ts runs aXe on each in every colour
 * scheme, direction and forced colours; scripts/screenshots.ts photographs each. Strings, not
 * functions, go to page.evaluate: these files are type-checked for Node, without the DOM library.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ADA, codeFromMail, NEW_PASSWORD, resetLinkInMail, resetRequest, SPA_CLIENT_ID } from '../fixtures.js';
import { ROOT, startServer, type RunningServer } from './harness.js';

/**
 * `npm start`'s server with the demo tenant, its rate limits raised: reaching every state in every
 * mode asks for far more reset mails and sign-ins than one person may in an hour.
 */
export async function startDemoServer(): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'login-box-ui-'));
  const tenant = JSON.parse(readFileSync(join(ROOT, 'mock-server/tenants/demo.json'), 'utf8')) as Record<string, unknown>;
  const generous = { points: 100_000, windowSeconds: 60 };
  tenant.rateLimits = Object.fromEntries(['changePasswordPerEmail', 'changePasswordPerAddress', 'resetMailsPerUser', 'passwordLogin', 'resetPage', 'resetCodePerAddress', 'resetCodePerEmail', 'dashboardSession']
    .map((name) => [name, generous]));
  writeFileSync(join(dir, 'tenant.json'), JSON.stringify(tenant));
  const server = await startServer(['--config', join(dir, 'tenant.json')]);
  return { ...server, stop: async () => { await server.stop(); rmSync(dir, { recursive: true, force: true }); } };
}

export interface PageState {
  /** `page: what the user sees`, also the screenshot's file name. */
  name: string;
  /** Opens the page in `lang` (the box's own `lang` on the demo page; Accept-Language on hosted ones) and brings it there. */
  reach(page: Page, server: RunningServer, lang: string): Promise<void>;
}

/** Waits until every component on the page has rendered its last change. */
export const settled = (page: Page) => page.evaluate(`Promise.all([...document.querySelectorAll('login-box, reset-password-form')]
  .map((el) => el.updateComplete)).then(() => new Promise(requestAnimationFrame))`);

async function demo(page: Page, server: RunningServer, lang: string) {
  await page.goto(`${server.url}/demo/`);
  await page.locator('login-box input[name=username]').waitFor();
  if (lang !== 'en') {
    await page.evaluate(`document.querySelector('login-box').lang = ${JSON.stringify(lang)}`);
    await page.locator(`login-box [lang="${lang}"]`).waitFor();
  }
}

/** A fresh reset link for Ada, from the mail the server sent. */
export async function mailedLink(server: RunningServer): Promise<string> {
  const before = (await server.outbox()).length;
  await server.post('/dbconnections/change_password', resetRequest(ADA.email));
  return resetLinkInMail((await server.mail(before + 1))[before]!.text).link;
}

/** The hosted reset page for a fresh link (or `link`), with the form or the bad-link message shown. */
async function resetPage(page: Page, server: RunningServer, link?: string) {
  await page.goto(link ?? (await mailedLink(server)));
  await page.locator('reset-password-form h2').waitFor();
  await page.locator('reset-password-form [role=status]:not(:empty)').waitFor({ state: 'detached' });
}

const fill = async (page: Page, password: string, confirmation = password) => {
  await page.locator('input[name=newPassword]').fill(password);
  await page.locator('input[name=confirmNewPassword]').fill(confirmation);
};

const submit = (page: Page, element: string) => page.locator(`${element} button[type=submit]`).click();

/**
 * The demo box (`reset-method="both"`: the demo tenant mails a link and a code), its reset mail
 * requested for Ada, then Enter the code: the code step's field shown. Returns the mail's code.
 */
async function demoCodeStep(page: Page, server: RunningServer, lang: string): Promise<string> {
  await demo(page, server, lang);
  await page.locator('login-box .lb-link').click();
  await page.locator('login-box input[name=email]').fill(ADA.email);
  const before = (await server.outbox()).length;
  await submit(page, 'login-box');
  await page.locator('login-box[view=email-sent]').waitFor();
  await page.locator('login-box .lb-link').first().click(); // Enter the code, the first of the two link buttons
  await page.locator('login-box-reset-code input[name=code]').waitFor();
  return codeFromMail((await server.mail(before + 1))[before]!.text);
}

/** Submits `code` in the demo box's code step. */
const submitCode = async (page: Page, code: string) => {
  await page.locator('login-box-reset-code input[name=code]').fill(code);
  await submit(page, 'login-box-reset-code');
};

const SIGN_IN: PageState[] = [
  { name: 'demo-sign-in', reach: demo },
  { name: 'demo-sign-in-empty', reach: async (page, server, lang) => { await demo(page, server, lang); await submit(page, 'login-box'); } },
  {
    name: 'demo-sign-in-refused',
    reach: async (page, server, lang) => {
      await demo(page, server, lang);
      await page.locator('login-box input[name=username]').fill(ADA.email);
      await page.locator('login-box input[name=password]').fill('Not-Her-Password-1');
      await submit(page, 'login-box');
      await page.locator('login-box [role=alert]:not(:empty)').waitFor();
    },
  },
  {
    name: 'demo-sign-in-password-shown',
    reach: async (page, server, lang) => {
      await demo(page, server, lang);
      await page.locator('login-box input[name=password]').fill(ADA.password);
      await page.locator('login-box .lb-toggle').click();
    },
  },
  {
    name: 'demo-forgot-password',
    reach: async (page, server, lang) => { await demo(page, server, lang); await page.locator('login-box .lb-link').click(); await page.locator('login-box input[name=email]').waitFor(); },
  },
  {
    name: 'demo-forgot-password-empty',
    reach: async (page, server, lang) => {
      await demo(page, server, lang);
      await page.locator('login-box .lb-link').click();
      await submit(page, 'login-box');
    },
  },
  {
    name: 'demo-email-sent',
    reach: async (page, server, lang) => {
      await demo(page, server, lang);
      await page.locator('login-box .lb-link').click();
      await page.locator('login-box input[name=email]').fill(ADA.email);
      await submit(page, 'login-box');
      await page.locator('login-box[view=email-sent] .lb-link >> nth=1').waitFor(); // two link buttons: Enter the code and Back to sign in
    },
  },
  { name: 'demo-code', reach: async (page, server, lang) => { await demoCodeStep(page, server, lang); } },
  {
    name: 'demo-code-wrong',
    reach: async (page, server, lang) => {
      await demoCodeStep(page, server, lang);
      await submitCode(page, '00000000');
      await page.locator('login-box-reset-code input[name=code][aria-invalid=true]').waitFor();
    },
  },
  {
    name: 'demo-code-new-password',
    reach: async (page, server, lang) => {
      await submitCode(page, await demoCodeStep(page, server, lang));
      await page.locator('login-box reset-password-form .lb-rules').waitFor();
    },
  },
  {
    name: 'hosted-login',
    reach: async (page, server) => {
      const params = new URLSearchParams({
        client_id: SPA_CLIENT_ID, redirect_uri: `${server.url}/demo/hosted.html`, response_type: 'code', scope: 'openid profile email',
        state: 'screenshot-state', code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256',
      });
      await page.goto(`${server.url}/authorize?${params}`);
      await page.locator('login-box input[name=username]').waitFor();
    },
  },
];

const RESET: PageState[] = [
  { name: 'reset-form', reach: (page, server) => resetPage(page, server) },
  { name: 'reset-form-empty', reach: async (page, server) => { await resetPage(page, server); await submit(page, 'reset-password-form'); } },
  { name: 'reset-form-weak', reach: async (page, server) => { await resetPage(page, server); await fill(page, 'hello'); await submit(page, 'reset-password-form'); } },
  {
    name: 'reset-form-mismatch',
    reach: async (page, server) => { await resetPage(page, server); await fill(page, NEW_PASSWORD, `${NEW_PASSWORD}?`); await submit(page, 'reset-password-form'); },
  },
  {
    name: 'reset-form-shown',
    reach: async (page, server) => { await resetPage(page, server); await fill(page, NEW_PASSWORD); await page.locator('reset-password-form .lb-toggle').click(); },
  },
  {
    name: 'reset-unreachable',
    reach: async (page, server) => {
      await page.route('**/lo/reset/ticket', (route) => route.abort());
      try {
        await resetPage(page, server);
      } finally {
        await page.unroute('**/lo/reset/ticket');
      }
    },
  },
  {
    name: 'reset-done',
    reach: async (page, server) => {
      await resetPage(page, server);
      // The tenant's result URL would take the page away: stay on the confirmation, as an app may.
      await page.evaluate(`document.addEventListener('password-changed', (event) => event.preventDefault())`);
      await fill(page, NEW_PASSWORD);
      await submit(page, 'reset-password-form');
      await page.locator('reset-password-form [tabindex="-1"]').waitFor();
    },
  },
  { name: 'reset-bad-link', reach: (page, server) => resetPage(page, server, `${server.url}/lo/reset?ticket=not-a-ticket#`) },
  {
    name: 'reset-new-link',
    reach: async (page, server) => {
      await resetPage(page, server, `${server.url}/lo/reset?ticket=not-a-ticket#`);
      await page.locator('reset-password-form .lb-link').click();
      await page.locator('reset-password-form login-box input[name=email]').waitFor();
    },
  },
];

export const PAGE_STATES: PageState[] = [...SIGN_IN, ...RESET];

/** Reaches `state` and waits for the components to settle. */
export async function reach(page: Page, server: RunningServer, state: PageState, lang: string): Promise<void> {
  await state.reach(page, server, lang);
  await settled(page);
}
