// Both components in every shipped language: the chunk loads through the lazy table, the box says
// which language it shows and which way it runs, and the texts are that dictionary's (including a
// counted phrase), the reset code's step too; the right-to-left ones newly shipped (he, fa) are also checked with axe.
import { expect, html, waitUntil } from '@open-wc/testing';
import { LANGUAGES, RTL_LANGUAGES, type Language } from '../../../src/i18n/languages.js';
import { DICTIONARIES } from '../../../src/i18n/dictionary-chunks.js';
import type { Messages } from '../../../src/i18n/messages.js';
import { counting } from '../../../src/i18n/plural.js';
import { en } from '../../../src/i18n/en.js';
import { checklist, freshBackend, heading, input, loginBox, mailedTicket, resetForm, submitButton, TENANT_HOST, type } from './helpers.js';

const dictionary = async (language: Language): Promise<Messages> => {
  if (language === 'en') return en;
  const { default: build } = await DICTIONARIES[language]();
  return build(counting(language), () => { throw new Error('unbuilt'); });
};

describe('every language, both components', () => {
  let ticket: string;
  before(async () => {
    await freshBackend();
    ticket = await mailedTicket(); // reading a link never spends it: one for every language
  });

  for (const language of LANGUAGES) {
    it(language, async () => {
      const t = await dictionary(language);
      const dir = RTL_LANGUAGES.has(language) ? 'rtl' : 'ltr';

      const box = await loginBox(html`<login-box domain=${TENANT_HOST} lang=${language}></login-box>`);
      const root = box.querySelector('[lang]')!;
      expect([root.getAttribute('lang'), root.getAttribute('dir')]).to.deep.equal([language, dir]);
      expect([heading(box), submitButton(box).textContent!.trim()]).to.deep.equal([t.signInTitle, t.signInSubmit]);
      expect(getComputedStyle(box.querySelector('input')!).direction).to.equal(dir);

      const form = await resetForm(ticket, html`<reset-password-form domain=${TENANT_HOST} .ticket=${ticket} lang=${language}></reset-password-form>`);
      expect(heading(form)).to.equal(t.resetTitle);
      expect(checklist(form)[0]).to.equal(`${t.ruleLengthAtLeast(8)}: ${t.ruleNotMet}`);

      // An address of its own per language (the same screen as for a known one): no per-email limit is reached.
      const coded = await loginBox(html`<login-box domain=${TENANT_HOST} client-id="demo-spa" lang=${language} view="forgot-password" reset-method="code"></login-box>`);
      type(input(coded, 'email'), `nobody.${language.toLowerCase()}@example.com`);
      submitButton(coded).click();
      await waitUntil(() => coded.querySelector('login-box-reset-code input'), 'the code step never opened', { timeout: 5000 });
      const step = coded.querySelector('login-box-reset-code')!;
      await step.updateComplete;
      expect([heading(step), step.querySelector('label')!.textContent, submitButton(step).textContent!.trim()]).to.deep.equal([t.enterCode, t.codeLabel, t.codeSubmit]);
      if (language === 'he' || language === 'fa') {
        await expect(box).to.be.accessible();
        await expect(form).to.be.accessible();
        await expect(coded).to.be.accessible();
      }
    });
  }
});
