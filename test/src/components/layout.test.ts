/**
 * What the layout promises, measured in the browser in every state of both components: each
 * control at least 24×24 CSS px (WCAG 2.2, 2.5.8), inputs at least 16 px (no zoom on focus in iOS
 * Safari), the show/hide button inside the field at its end, and no horizontal overflow at 320 px
 * wide in any shipped language (new dictionaries are covered as LANGUAGES grows) nor with text
 * at 200 %.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { LANGUAGES, RTL_LANGUAGES } from '../../../src/i18n/languages.js';
import { ADA, freshBackend, input, litWarnings, loginBox, mailedTicket, resetForm, TENANT_HOST } from './helpers.js';
import { ALL_STATES, interactive } from './states.js';

const MIN_TARGET = 24;

/** The controls smaller than 24×24 CSS px, named with their size. */
const smallTargets = (el: Element) => interactive(el).flatMap((control) => {
  const { width, height } = control.getBoundingClientRect();
  return width >= MIN_TARGET && height >= MIN_TARGET ? [] : [`${control.outerHTML.slice(0, 60)}… is ${width.toFixed(1)}×${height.toFixed(1)}`];
});

/** What sticks out of the component sideways, and whether the page scrolls sideways. */
function overflow(el: Element): string[] {
  const box = el.getBoundingClientRect();
  const out = [...el.querySelectorAll('*')].flatMap((child) => {
    const rect = child.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) return []; // not rendered
    return rect.left < box.left - 0.5 || rect.right > box.right + 0.5
      ? [`<${child.localName} class="${child.getAttribute('class') ?? ''}"> spans ${rect.left.toFixed(0)}–${rect.right.toFixed(0)}, the box ${box.left.toFixed(0)}–${box.right.toFixed(0)}`]
      : [];
  });
  if (document.documentElement.scrollWidth > window.innerWidth) out.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} > ${window.innerWidth}`);
  return out;
}

describe('layout: target sizes, the field toggle, 320 px in every language', () => {
  afterEach(() => setViewport({ width: 800, height: 600 }));

  for (const state of ALL_STATES) {
    it(`${state.name}: every control is at least 24×24 CSS px`, async () => {
      const el = await state.reach('en');
      expect(smallTargets(el)).to.deep.equal([]);
    });
  }

  it('the forgot link (22 px tall before) and the link buttons measure at least 24 px high', async () => {
    await freshBackend();
    const el = await loginBox();
    const forgot = [...el.querySelectorAll<HTMLElement>('.lb-link')];
    expect(forgot.length).to.equal(1);
    expect(forgot[0]!.getBoundingClientRect().height).to.be.at.least(MIN_TARGET);
  });

  it('inputs stay at 16 px or more inside a page that sets 12 px text', async () => {
    await freshBackend();
    const page = await fixture(html`<div style="font-size: 12px"><login-box domain=${TENANT_HOST}></login-box></div>`);
    const el = page.querySelector('login-box')!;
    await el.updateComplete;
    for (const name of ['username', 'password']) expect(parseFloat(getComputedStyle(input(el, name)).fontSize), name).to.be.at.least(16);
  });

  for (const dir of ['ltr', 'rtl'] as const) {
    it(`${dir}: the show/hide button is an icon inside the field at its end, clear of the text`, async () => {
      await freshBackend();
      const el = await loginBox(html`<login-box domain=${TENANT_HOST} lang=${dir === 'rtl' ? 'ar' : 'en'}></login-box>`);
      const field = input(el, 'password');
      const toggle = el.querySelector<HTMLButtonElement>('.lb-toggle')!;
      const [f, b] = [field.getBoundingClientRect(), toggle.getBoundingClientRect()];
      expect(b.top >= f.top && b.bottom <= f.bottom && b.left >= f.left && b.right <= f.right, 'inside the field').to.equal(true);
      const style = getComputedStyle(field);
      if (dir === 'ltr') {
        expect(f.right - b.right, 'at the right end').to.be.below(6);
        expect(f.right - parseFloat(style.paddingRight), 'the text stops before the button').to.be.at.most(b.left);
      } else {
        expect(b.left - f.left, 'at the left end').to.be.below(6);
        expect(f.left + parseFloat(style.paddingLeft), 'the text stops before the button').to.be.at.least(b.right);
      }
      expect(toggle.querySelector('svg')!.getAttribute('aria-hidden'), 'the icon is decoration').to.equal('true');
      expect(toggle.textContent!.trim(), 'its name says what it does').to.equal(dir === 'rtl' ? 'إظهار كلمة المرور' : 'Show password');
      const icon = toggle.querySelector('path')!.getAttribute('d');
      toggle.click();
      await el.updateComplete;
      expect(toggle.getAttribute('aria-pressed'), 'and its state is announced').to.equal('true');
      expect(toggle.querySelector('path')!.getAttribute('d'), 'the icon changes (struck through)').to.not.equal(icon);
    });
  }

  it('the email in the reset form\'s sentence keeps its own direction (isolated), so an Arabic full stop stays at its end', async () => {
    await freshBackend();
    const ticket = await mailedTicket();
    const el = await resetForm(ticket, html`<reset-password-form domain=${TENANT_HOST} .ticket=${ticket} lang="ar"></reset-password-form>`);
    expect(el.querySelector('.lb-hint')!.textContent).to.contain(`\u2068${ADA.email}\u2069`);
  });

  for (const lang of LANGUAGES) {
    it(`${lang}: no state of either component overflows at 320 px`, async function () {
      this.timeout(60_000);
      await setViewport({ width: 320, height: 640 });
      for (const state of ALL_STATES) {
        const el = await state.reach(lang);
        const shown = el.querySelector('[lang]')!;
        expect(shown.getAttribute('lang'), `${state.name}: the ${lang} dictionary is shown`).to.equal(lang);
        expect(shown.getAttribute('dir')).to.equal(RTL_LANGUAGES.has(lang) ? 'rtl' : 'ltr');
        expect(overflow(el), `${state.name} in ${lang}`).to.deep.equal([]);
      }
    });
  }

  it('text at 200 % in a 640 px window: no state overflows, every control still at least 24 px', async function () {
    this.timeout(60_000);
    await setViewport({ width: 640, height: 800 });
    document.documentElement.style.fontSize = '200%';
    try {
      for (const state of ALL_STATES) {
        const el = await state.reach('en');
        expect(overflow(el), state.name).to.deep.equal([]);
        expect(smallTargets(el), state.name).to.deep.equal([]);
      }
    } finally {
      document.documentElement.style.fontSize = '';
    }
  });

  it('issues no Lit dev-mode warnings', () => {
    expect(litWarnings()).to.deep.equal([]);
  });
});
