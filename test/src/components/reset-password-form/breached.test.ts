/**
 * The breach rule in the reset form's checklist: only the server can tell, so it waits for the submit, then shows
 * the server's verdict. The in-page server looks passwords up in pwned-range/, one prefix's answer of the range API
 * (Have I Been Pwned's protocol: SUFFIX:COUNT lines, padded with count 0), served by the test server.
 */
import { expect } from '@open-wc/testing';
import { backendWith, checklist, fill, input, mailedTicket, nextEvent, resetForm, submitButton, type } from '../helpers.js';

/** Its SHA-1 starts with 1414B: pwned-range/1414B lists it, found in 3 861 493 breaches. */
const BREACHED = 'Correct-Horse-Battery-9';
/** pwned-range/EFCCA, its prefix's answer, holds only padding: not breached. */
const CLEAN = 'Analytical-Engine-1843';
const RULE = 'Not found in known data breaches';

describe('<reset-password-form> and breached passwords', () => {
  beforeEach(() => backendWith((tenant) => {
    tenant.breachedPasswords = { enabled: true, endpoint: new URL('./pwned-range/', import.meta.url).href };
  }));

  it('the rule waits for the server, shows its refusal, and waits again once the password changes', async () => {
    const el = await resetForm(await mailedTicket());
    expect(checklist(el).at(-1)).to.equal(`${RULE}: checked when you submit`);
    fill(el, BREACHED);
    const failed = nextEvent(el, 'reset-failed');
    submitButton(el).click();
    expect((await failed).code).to.equal('invalid_password');
    await el.updateComplete;
    expect(checklist(el).at(-1)).to.equal(`${RULE}: not met`);
    expect(checklist(el).slice(0, -1).every((line) => line.endsWith(': met') || line.endsWith(': checked when you submit'))).to.equal(true);
    await expect(el).to.be.accessible();
    type(input(el, 'newPassword'), `${BREACHED}!`);
    await el.updateComplete;
    expect(checklist(el).at(-1), "the server's verdict was for the old value").to.equal(`${RULE}: checked when you submit`);
  });

  it('a password its prefix\'s answer does not list is set', async () => {
    const el = await resetForm(await mailedTicket());
    fill(el, CLEAN);
    const changed = nextEvent(el, 'password-changed');
    el.addEventListener('password-changed', (event) => event.preventDefault());
    submitButton(el).click();
    await changed;
  });
});
