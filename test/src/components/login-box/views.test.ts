import { expect, html } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { control, freshBackend, heading, input, litWarnings, loginBox, submitButton, TENANT_HOST } from '../helpers.js';

describe('<login-box> views', () => {
  beforeEach(freshBackend);

  it('sign-in: light-DOM inputs with the autocomplete tokens password managers need', async () => {
    const el = await loginBox();
    expect(heading(el)).to.equal('Sign in');
    const email = input(el, 'username');
    const password = input(el, 'password');
    expect(email.getRootNode(), 'the email input is in the document, not a shadow root').to.equal(document);
    expect(password.getRootNode()).to.equal(document);
    expect(el.shadowRoot).to.equal(null);
    expect(email.form).to.equal(password.form, 'one form holds both fields');
    expect([email.type, email.autocomplete, email.labels?.[0]?.textContent]).to.deep.equal(['email', 'username', 'Email']);
    expect([password.type, password.autocomplete, password.labels?.[0]?.textContent]).to.deep.equal(['password', 'current-password', 'Password']);
    expect(control(el, "Don't remember your password?")).to.exist;
    expect(submitButton(el).textContent!.trim()).to.equal('Log in');
    await expect(el).to.be.accessible();
  });

  it('forgot-password: an email field for the reset, a submit and a way back', async () => {
    const el = await loginBox(html`<login-box domain=${TENANT_HOST} client-id="demo-spa" view="forgot-password"></login-box>`);
    expect(heading(el)).to.equal('Reset your password');
    expect(el.textContent).to.contain('Please enter your email address. We will send you an email to reset your password.');
    const email = input(el, 'email');
    expect([email.type, email.autocomplete, email.getRootNode()]).to.deep.equal(['email', 'email', document]);
    expect(submitButton(el).textContent!.trim()).to.equal('Send email');
    expect(control(el, 'Back to sign in')).to.exist;
    await expect(el).to.be.accessible();
  });

  it('email-sent: the confirmation and a way back to sign-in', async () => {
    const el = await loginBox(html`<login-box domain=${TENANT_HOST} view="email-sent"></login-box>`);
    expect(el.textContent).to.contain("We've just sent you an email to reset your password.");
    expect(control(el, 'Back to sign in')).to.exist;
    await expect(el).to.be.accessible();
  });

  it('without-forgot-link hides the link', async () => {
    const el = await loginBox(html`<login-box domain=${TENANT_HOST} without-forgot-link></login-box>`);
    expect(control(el, "Don't remember your password?")).to.equal(undefined);
    await expect(el).to.be.accessible();
  });

  it('forgot-href turns the link into a real link to that page', async () => {
    const el = await loginBox(html`<login-box domain=${TENANT_HOST} forgot-href="/account/recover"></login-box>`);
    const link = control(el, "Don't remember your password?") as HTMLAnchorElement;
    expect(link.tagName).to.equal('A');
    expect(link.getAttribute('href')).to.equal('/account/recover');
  });

  it('the show-password toggle reveals the password and says so', async () => {
    const el = await loginBox();
    const toggle = control(el, 'Show password')!;
    expect(toggle.getAttribute('aria-pressed')).to.equal('false');
    toggle.click();
    await el.updateComplete;
    expect(input(el, 'password').type).to.equal('text');
    expect(toggle.getAttribute('aria-pressed')).to.equal('true');
    expect(el.querySelector('[aria-live="polite"]')!.textContent).to.equal('Your password is shown.');
    await expect(el).to.be.accessible();
    toggle.click();
    await el.updateComplete;
    expect(input(el, 'password').type).to.equal('password');
    expect(el.querySelector('[aria-live="polite"]')!.textContent).to.equal('Your password is hidden.');
  });

  it('strings override any text of one instance only', async () => {
    const el = await loginBox(html`<div>
      <login-box domain=${TENANT_HOST} .strings=${{ forgotLink: 'Forgot it?', signInSubmit: 'Continue' }}></login-box>
      <login-box domain=${TENANT_HOST}></login-box>
    </div>`);
    const [custom, plain] = el.querySelectorAll('login-box');
    await Promise.all([custom!.updateComplete, plain!.updateComplete]);
    expect(control(custom!, 'Forgot it?')).to.exist;
    expect(submitButton(custom!).textContent!.trim()).to.equal('Continue');
    expect(control(plain!, "Don't remember your password?")).to.exist;
  });

  it('styles: one sheet adopted once, scoped by tag, themable with --login-box-* properties', async () => {
    const el = await loginBox(html`<div>
      <login-box domain=${TENANT_HOST}></login-box>
      <login-box domain=${TENANT_HOST} style="--login-box-accent: rgb(1, 2, 3)"></login-box>
    </div>`);
    const [first, themed] = el.querySelectorAll('login-box');
    await themed!.updateComplete;
    const sheets = document.adoptedStyleSheets.filter((sheet) => [...sheet.cssRules].some((rule) => rule.cssText.includes('login-box')));
    expect(sheets.length, 'one stylesheet for any number of boxes').to.equal(1);
    expect(getComputedStyle(submitButton(themed!)).backgroundColor).to.equal('rgb(1, 2, 3)');
    expect(getComputedStyle(submitButton(first!)).backgroundColor).to.equal('rgb(31, 95, 209)');
    expect(first!.querySelector('[style]'), 'no inline style attribute (CSP)').to.equal(null);
  });

  it('dark mode follows prefers-color-scheme', async () => {
    const el = await loginBox();
    const light = getComputedStyle(el).backgroundColor;
    await emulateMedia({ colorScheme: 'dark' });
    try {
      expect(getComputedStyle(el).backgroundColor).to.equal('rgb(22, 27, 34)');
      expect(light).to.equal('rgb(255, 255, 255)');
      await expect(el).to.be.accessible();
    } finally {
      await emulateMedia({ colorScheme: 'light' });
    }
  });

  it('issues no Lit dev-mode warnings', () => {
    expect(litWarnings()).to.deep.equal([]);
  });
});
