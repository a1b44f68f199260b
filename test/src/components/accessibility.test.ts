/**
 * aXe (chai-a11y-axe, WCAG A/AA) in every visible state of both components, in the light and the
 * dark scheme, left to right and in every right-to-left language we ship; and reduced motion
 * honoured. Forced colours (Windows high contrast) cannot be emulated through this runner's
 * launcher (its emulateMedia drops `forcedColors` for Puppeteer): test/e2e/accessibility.test.ts
 * checks them with Playwright on the server's pages.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { LANGUAGES, RTL_LANGUAGES } from '../../../src/i18n/languages.js';
import { freshBackend, litWarnings, loginBox, submitButton, TENANT_HOST } from './helpers.js';
import { ALL_STATES } from './states.js';

const RTL_SHIPPED = LANGUAGES.filter((lang) => RTL_LANGUAGES.has(lang));

describe('accessibility in every state, scheme and direction', () => {
  afterEach(() => emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference' }));

  it('ships at least one right-to-left language to check', () => {
    expect(RTL_SHIPPED).to.include('ar');
  });

  for (const scheme of ['light', 'dark'] as const) {
    for (const lang of ['en', ...RTL_SHIPPED]) {
      it(`${lang}, ${scheme}: aXe finds nothing in any state`, async function () {
        this.timeout(60_000);
        await emulateMedia({ colorScheme: scheme });
        expect(matchMedia(`(prefers-color-scheme: ${scheme})`).matches, 'the scheme is emulated').to.equal(true);
        for (const state of ALL_STATES) {
          const el = await state.reach(lang);
          expect(el.querySelector('[lang]')!.getAttribute('dir'), state.name).to.equal(RTL_LANGUAGES.has(lang) ? 'rtl' : 'ltr');
          try {
            await expect(el).to.be.accessible();
          } catch (error) {
            throw new Error(`${state.name} (${lang}, ${scheme}): ${(error as Error).message}`);
          }
        }
      });
    }
  }

  it('reduced motion: even a host page\'s transitions on our controls stop', async () => {
    await freshBackend();
    const page = await fixture(html`<div><style>button { transition: opacity 2s; }</style><login-box domain=${TENANT_HOST}></login-box></div>`);
    const el = page.querySelector('login-box')!;
    await el.updateComplete;
    expect(getComputedStyle(submitButton(el)).transitionDuration, 'the host page animates by default').to.equal('2s');
    await emulateMedia({ reducedMotion: 'reduce' });
    expect(getComputedStyle(submitButton(el)).transitionDuration).to.equal('0s');
  });

  it('dark scheme: the field toggle and its icon take the text colour', async () => {
    await freshBackend();
    await emulateMedia({ colorScheme: 'dark' });
    const el = await loginBox();
    const toggle = el.querySelector('.lb-toggle')!;
    expect(getComputedStyle(toggle.querySelector('svg')!).stroke).to.equal(getComputedStyle(toggle).color);
    expect(getComputedStyle(toggle).color).to.equal('rgb(230, 237, 243)');
  });

  it('issues no Lit dev-mode warnings', () => {
    expect(litWarnings()).to.deep.equal([]);
  });
});
