import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { ADA, control, freshBackend, heading, input, litWarnings, tabStops, loginBox, nextEvent, submitButton } from '../helpers.js';

describe('<login-box> keyboard', () => {
  beforeEach(freshBackend);
  afterEach(() => (document.activeElement as HTMLElement | null)?.blur());

  it('Tab visits email, password, the toggle, the forgot link, then submit', async () => {
    const el = await loginBox();
    expect(await tabStops(el, 5)).to.deep.equal(['username', 'password', 'Show password', "Don't remember your password?", 'Log in']);
  });

  it('Enter in the password field signs in', async () => {
    const el = await loginBox();
    input(el, 'username').focus();
    await sendKeys({ type: ADA.email });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: ADA.password });
    const login = nextEvent(el, 'login');
    await sendKeys({ press: 'Enter' });
    expect((await login).email).to.equal(ADA.email);
  });

  it('Enter with an empty password submits nothing: the box asks for it and focuses it', async () => {
    const el = await loginBox();
    let fired = false;
    el.addEventListener('login-failed', () => { fired = true; });
    input(el, 'username').focus();
    await sendKeys({ type: ADA.email });
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(input(el, 'password').validity.valueMissing).to.equal(true);
    expect(document.activeElement).to.equal(input(el, 'password'));
    expect(input(el, 'password').getAttribute('aria-invalid')).to.equal('true');
    expect(submitButton(el).disabled, 'no request started').to.equal(false);
    expect(fired).to.equal(false);
  });

  it('the forgot link works by keyboard and focus lands in the email field', async () => {
    const el = await loginBox();
    control(el, "Don't remember your password?")!.focus();
    const forgot = nextEvent(el, 'forgot-password');
    await sendKeys({ press: 'Enter' });
    await forgot;
    await el.updateComplete;
    expect(heading(el)).to.equal('Reset your password');
    expect(document.activeElement).to.equal(input(el, 'email'));

    await sendKeys({ type: ADA.email });
    const sent = nextEvent(el, 'reset-email-sent');
    await sendKeys({ press: 'Enter' });
    expect((await sent).email).to.equal(ADA.email);
  });

  it('Space on the toggle shows the password', async () => {
    const el = await loginBox();
    control(el, 'Show password')!.focus();
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(input(el, 'password').type).to.equal('text');
    expect(control(el, 'Show password')!.getAttribute('aria-pressed')).to.equal('true');
  });

  it('issues no Lit dev-mode warnings', () => {
    expect(litWarnings()).to.deep.equal([]);
  });
});
