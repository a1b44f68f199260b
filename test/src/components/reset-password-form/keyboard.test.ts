import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { control, freshBackend, heading, input, litWarnings, tabStops, mailedTicket, NEW_PASSWORD, nextEvent, resetForm, stayOnPage } from '../helpers.js';

describe('<reset-password-form> keyboard', () => {
  beforeEach(freshBackend);
  afterEach(() => (document.activeElement as HTMLElement | null)?.blur());

  it('Tab visits the new password, the toggle, the confirmation and submit; never the hidden username', async () => {
    const el = await resetForm(await mailedTicket());
    expect(await tabStops(el, 4)).to.deep.equal(['newPassword', 'Show password', 'confirmNewPassword', 'Change password']);
  });

  it('typing both fields and Enter sets the password', async () => {
    const el = await resetForm(await mailedTicket());
    stayOnPage(el);
    input(el, 'newPassword').focus();
    await sendKeys({ type: NEW_PASSWORD });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: NEW_PASSWORD });
    const changed = nextEvent(el, 'password-changed');
    await sendKeys({ press: 'Enter' });
    await changed;
    expect(heading(el)).to.equal('Password changed');
  });

  it('Space on the toggle shows both passwords', async () => {
    const el = await resetForm(await mailedTicket());
    control(el, 'Show password')!.focus();
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect([input(el, 'newPassword').type, input(el, 'confirmNewPassword').type]).to.deep.equal(['text', 'text']);
  });

  it('a bad link: Tab reaches "Request a new link", Enter opens the forgot-password view with focus in the email field', async () => {
    const el = await resetForm('made-up');
    expect(await tabStops(el, 1)).to.deep.equal(['Request a new link']);
    await sendKeys({ press: 'Enter' });
    // <login-box> loads (a dynamic import) before the view opens, so wait for the focus to land rather than one render.
    const emailFocused = () => {
      const box = el.querySelector('login-box');
      return box !== null && document.activeElement === input(box, 'email');
    };
    await waitUntil(emailFocused, 'the forgot-password view never opened with the focus in its email field');
  });

  it('issues no Lit dev-mode warnings', () => {
    expect(litWarnings()).to.deep.equal([]);
  });
});
