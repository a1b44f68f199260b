/**
 * Our own validation messages instead of the browser's bubble (which speaks the browser's language,
 * not the component's): the forms are novalidate, so the submit reaches the component, which marks
 * each invalid field aria-invalid, shows its message under it (aria-describedby) in the
 * component's language and focuses the first one. Had the browser validated, no submit event
 * would fire and none of these messages would appear.
 */
import { expect, html } from '@open-wc/testing';
import {
  ADA, alertText, fill, freshBackend, input, litWarnings, loginBox, mailedTicket, NEW_PASSWORD, nextEvent, recordEvents, resetForm, submitButton,
  TENANT_HOST, type, watchResets,
} from './helpers.js';

/** The text of what the field's aria-describedby points at, id by id (empty ones left out). */
const description = (field: HTMLInputElement) =>
  (field.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent?.trim() ?? `(no element #${id})`).filter(Boolean);

const invalid = (field: HTMLInputElement) => field.getAttribute('aria-invalid');

const submit = async (el: HTMLElement & { updateComplete: Promise<boolean> }) => {
  submitButton(el).click();
  await el.updateComplete;
};

describe('own validation messages', () => {
  beforeEach(freshBackend);
  afterEach(() => (document.activeElement as HTMLElement | null)?.blur());

  it('sign-in submitted empty: both fields invalid with our messages, focus on the email, nothing sent', async () => {
    const el = await loginBox();
    const events = recordEvents();
    try {
      await submit(el);
      const [email, password] = [input(el, 'username'), input(el, 'password')];
      expect(email.form!.noValidate, 'the form is novalidate: no browser bubble').to.equal(true);
      expect([invalid(email), invalid(password)]).to.deep.equal(['true', 'true']);
      expect(description(email)).to.deep.equal(['Enter your email address.']);
      expect(description(password)).to.deep.equal(['Enter your password.']);
      expect(document.activeElement, 'focus moved to the first invalid field').to.equal(email);
      expect(submitButton(el).disabled, 'no request started').to.equal(false);
      expect(events.seen.map((event) => event.type)).to.deep.equal([]);
      await expect(el).to.be.accessible();
    } finally {
      events.stop();
    }
  });

  it('a malformed email is refused with an example; the valid password field stays clean', async () => {
    const el = await loginBox();
    type(input(el, 'username'), 'ada@');
    type(input(el, 'password'), ADA.password);
    await submit(el);
    const [email, password] = [input(el, 'username'), input(el, 'password')];
    expect(description(email)).to.deep.equal(['Enter an email address like name@example.com.']);
    expect([invalid(email), invalid(password)]).to.deep.equal(['true', 'false']);
    expect(description(password)).to.deep.equal([]);
    expect(document.activeElement).to.equal(email);
  });

  it('focus goes to the first invalid field, here the password', async () => {
    const el = await loginBox();
    type(input(el, 'username'), ADA.email);
    await submit(el);
    expect(document.activeElement).to.equal(input(el, 'password'));
    expect(invalid(input(el, 'username'))).to.equal('false');
  });

  it('editing a field takes its message away; a corrected form signs in', async () => {
    const el = await loginBox();
    await submit(el);
    type(input(el, 'username'), ADA.email);
    await el.updateComplete;
    expect(invalid(input(el, 'username'))).to.equal('false');
    expect(description(input(el, 'username'))).to.deep.equal([]);
    expect(invalid(input(el, 'password')), 'the other field keeps its message').to.equal('true');
    type(input(el, 'password'), ADA.password);
    const login = nextEvent(el, 'login');
    submitButton(el).click();
    expect((await login).email).to.equal(ADA.email);
  });

  it('in the component\'s language, not the browser\'s: German', async () => {
    const el = await loginBox(html`<login-box domain=${TENANT_HOST} lang="de"></login-box>`);
    await submit(el);
    expect(description(input(el, 'username'))).to.deep.equal(['Geben Sie Ihre E-Mail-Adresse ein.']);
    expect(description(input(el, 'password'))).to.deep.equal(['Geben Sie Ihr Passwort ein.']);
    type(input(el, 'username'), 'ada');
    await submit(el);
    expect(description(input(el, 'username'))).to.deep.equal(['Geben Sie eine E-Mail-Adresse im Format name@example.com ein.']);
  });

  it('and in Arabic, right to left', async () => {
    const el = await loginBox(html`<login-box domain=${TENANT_HOST} lang="ar"></login-box>`);
    await submit(el);
    expect(description(input(el, 'username'))).to.deep.equal(['أدخل عنوان بريدك الإلكتروني.']);
    expect(getComputedStyle(el.querySelector('.lb-field-error')!).direction).to.equal('rtl');
    await expect(el).to.be.accessible();
  });

  it('forgot-password submitted empty: the email field says so, focused, and no mail is asked for', async () => {
    const el = await loginBox(html`<login-box domain=${TENANT_HOST} view="forgot-password"></login-box>`);
    let sent = false;
    el.addEventListener('reset-email-sent', () => { sent = true; });
    await submit(el);
    const email = input(el, 'email');
    expect(email.form!.noValidate).to.equal(true);
    expect([invalid(email), description(email)[0]]).to.deep.equal(['true', 'Enter your email address.']);
    expect(document.activeElement).to.equal(email);
    expect(sent).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('the messages go when the view changes', async () => {
    const el = await loginBox();
    await submit(el);
    el.view = 'forgot-password';
    await el.updateComplete;
    el.view = 'sign-in';
    await el.updateComplete;
    expect(el.querySelector('.lb-field-error')).to.equal(null);
    expect(invalid(input(el, 'username'))).to.equal('false');
  });

  it('reset form submitted empty: both fields invalid, focus on the new password, nothing sent', async () => {
    const el = await resetForm(await mailedTicket());
    const resets = watchResets();
    try {
      await submit(el);
      const [fresh, confirmation] = [input(el, 'newPassword'), input(el, 'confirmNewPassword')];
      expect(fresh.form!.noValidate).to.equal(true);
      expect([invalid(fresh), invalid(confirmation)]).to.deep.equal(['true', 'true']);
      expect(description(fresh), 'the checklist, then the alert saying it is not met').to.include('This password does not meet the requirements.');
      expect(alertText(el)).to.equal('This password does not meet the requirements.');
      expect(description(confirmation)).to.deep.equal(['Enter your password.']);
      expect(document.activeElement).to.equal(fresh);
      expect(resets.count()).to.equal(0);
      await expect(el).to.be.accessible();
    } finally {
      resets.stop();
    }
  });

  it('reset form in French: the confirmation that differs says so under it, focused', async () => {
    const ticket = await mailedTicket();
    const el = await resetForm(ticket, html`<reset-password-form domain=${TENANT_HOST} .ticket=${ticket} lang="fr"></reset-password-form>`);
    fill(el, NEW_PASSWORD, `${NEW_PASSWORD}?`);
    await submit(el);
    const confirmation = input(el, 'confirmNewPassword');
    expect(description(confirmation)).to.deep.equal(['Les mots de passe ne correspondent pas.']);
    expect([invalid(input(el, 'newPassword')), invalid(confirmation)]).to.deep.equal(['false', 'true']);
    expect(document.activeElement).to.equal(confirmation);
    expect(alertText(el), 'a field message, not an alert').to.equal('');
  });

  it('issues no Lit dev-mode warnings', () => {
    expect(litWarnings()).to.deep.equal([]);
  });
});
