// Reset by code (issue 15, item 1) in <login-box>: the "email sent" view for each reset-method, the
// code step against the in-page reference server (whose demo tenant mails both a link and a code),
// the new-password step in place, and back to sign in with the new password.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { rateLimited } from '../../../../mock-server/msw/scenarios.js';
import { worker } from '../../../../mock-server/msw/worker.js';
import type { LoginBox } from '../../../../src/index.js';
import { codeFromMail } from '../../../fixtures.js';
import {
  ADA, alertText, control, freshBackend, heading, input, litWarnings, mailedTicket, NEW_PASSWORD, nextEvent, noticeText, outbox, signIn,
  submitButton, tabStops, TENANT_HOST, type,
} from '../helpers.js';

const box = (method?: string) =>
  fixture<LoginBox>(html`<login-box domain=${TENANT_HOST} client-id="demo-spa" view="forgot-password" reset-method=${method ?? 'link'}></login-box>`);

const step = (el: Element) => el.querySelector('login-box-reset-code');
const codeField = (el: Element) => input(el, 'code');

/** Asks for the reset mail from the forgot-password view, as a user does; resolves once the "email sent" view is up. */
async function requestMail(el: LoginBox, email = ADA.email) {
  type(input(el, 'email'), email);
  submitButton(el).click();
  await waitUntil(() => el.view === 'email-sent', 'the mail was never requested', { timeout: 5000 });
  await el.updateComplete;
}

/** The code step's field, once the step's chunk is in and it rendered. */
async function codeStepOpen(el: LoginBox) {
  await waitUntil(() => step(el)?.querySelector('input'), 'the code step never opened', { timeout: 5000 });
  await step(el)!.updateComplete;
  return codeField(el);
}

/** The code in the newest mail to `email` (the sender delivers off the request path). */
async function mailedCode(email = ADA.email) {
  await waitUntil(async () => (await outbox()).some((mail) => mail.to === email), 'no reset mail was sent', { timeout: 5000 });
  return codeFromMail((await outbox()).filter((mail) => mail.to === email).at(-1)!.text);
}

/** Waits for the in-place reset form to have read its ticket and show its fields. */
const newPasswordStep = (el: Element) =>
  waitUntil(() => el.querySelector('reset-password-form input[name="newPassword"]'), 'the new-password step never opened', { timeout: 5000 });

describe('<login-box> reset by code', () => {
  beforeEach(freshBackend);
  afterEach(() => (document.activeElement as HTMLElement | null)?.blur());

  it('reset-method link (the default): the sent view tells of the email only, no code to enter', async () => {
    const el = await fixture<LoginBox>(html`<login-box domain=${TENANT_HOST} client-id="demo-spa" view="forgot-password"></login-box>`);
    expect(el.resetMethod).to.equal('link');
    await requestMail(el);
    expect(heading(el)).to.equal('Check your email');
    expect(control(el, 'Enter the code')).to.equal(undefined);
    expect(step(el)).to.equal(null);
    expect(document.activeElement!.textContent).to.equal("We've just sent you an email to reset your password.");
  });

  it('reset-method both: the sent view offers Enter the code, which opens the code field with focus in it', async () => {
    const el = await box('both');
    await requestMail(el);
    expect(heading(el)).to.equal('Check your email');
    expect(step(el), 'the code step waits for the user').to.equal(null);
    control(el, 'Enter the code')!.click();
    const field = await codeStepOpen(el);
    expect(heading(el)).to.equal('Enter the code');
    expect(el.querySelector('.lb-hint')!.textContent).to.equal("We've just sent you an email with a code. Enter it to choose a new password.");
    expect(el.querySelector(`label[for="${field.id}"]`)!.textContent).to.equal('Code');
    expect([field.type, field.inputMode, field.autocomplete, field.maxLength, field.required]).to.deep.equal(['text', 'numeric', 'one-time-code', 8, true]);
    await waitUntil(() => document.activeElement === field, 'focus never reached the code field');
    await expect(el).to.be.accessible();
  });

  it('reset-method code: the sent view is the code step itself, focused', async () => {
    const el = await box('code');
    await requestMail(el);
    const field = await codeStepOpen(el);
    expect(heading(el)).to.equal('Enter the code');
    expect(control(el, 'Enter the code')).to.equal(undefined);
    await waitUntil(() => document.activeElement === field, 'focus never reached the code field');
    expect(control(el, 'Back to sign in'), 'a way back').to.not.equal(undefined);
  });

  it('the mailed code opens the new-password step in place; the new password set, the box is back on sign-in and signs in with it', async () => {
    const el = await box('code');
    await requestMail(el);
    const field = await codeStepOpen(el);
    type(field, await mailedCode());
    submitButton(el).click();
    await newPasswordStep(el);
    const form = el.querySelector('reset-password-form')!;
    expect(heading(form)).to.equal('Change your password');
    expect(form.querySelector('.lb-hint')!.textContent).to.equal(`Choose a new password for \u2068${ADA.email}\u2069.`);
    expect(form.querySelectorAll('.lb-rules li').length, 'the policy checklist').to.be.greaterThan(0);
    await waitUntil(() => document.activeElement === input(form, 'newPassword'), 'focus never reached the new password');
    await expect(el).to.be.accessible();

    type(input(form, 'newPassword'), NEW_PASSWORD);
    type(input(form, 'confirmNewPassword'), NEW_PASSWORD);
    const changed = nextEvent(el, 'password-changed');
    submitButton(form).click();
    const event = await changed;
    expect(event.email).to.equal(ADA.email);
    expect(event.defaultPrevented, 'the box stays: no redirect to the result URL').to.equal(true);
    await waitUntil(() => el.view === 'sign-in', 'the box never went back to sign-in');
    await el.updateComplete;
    expect(input(el, 'username').value).to.equal(ADA.email);
    expect(noticeText(el)).to.equal('Your password has been changed. You can now sign in with your new password.');
    expect(document.activeElement).to.equal(input(el, 'username'));

    const failed = nextEvent(el, 'login-failed');
    await signIn(el, ADA.email, ADA.password);
    expect((await failed).code, 'the old password no longer works').to.equal('invalid_grant');
    const login = nextEvent(el, 'login');
    await signIn(el, ADA.email, NEW_PASSWORD);
    expect((await login).email).to.equal(ADA.email);
  });

  it('a wrong code: the alert says so, the field is marked and described by it, focus goes back to it', async () => {
    const el = await box('code');
    await requestMail(el);
    const right = await mailedCode();
    const wrong = right.replace(/^./, (digit) => String((Number(digit) + 1) % 10));
    const field = await codeStepOpen(el);
    type(field, wrong);
    submitButton(el).click();
    await waitUntil(() => alertText(step(el)!) !== '', 'no error was shown', { timeout: 5000 });
    expect(alertText(step(el)!)).to.equal('That code is invalid or has expired. Check the email or send a new code.');
    expect(field.getAttribute('aria-invalid')).to.equal('true');
    const alert = step(el)!.querySelector('[role="alert"]')!;
    expect(field.getAttribute('aria-describedby')!.split(' ')).to.include(alert.id);
    expect(document.activeElement).to.equal(field);
    expect(el.querySelector('reset-password-form')).to.equal(null);
    await expect(el).to.be.accessible();
    type(field, right);
    await step(el)!.updateComplete;
    expect(field.getAttribute('aria-invalid'), 'editing clears the refusal').to.equal('false');
    submitButton(el).click();
    await newPasswordStep(el);
  });

  it('the field checks the code itself first: empty, then not 8 digits, each with its own message', async () => {
    const el = await box('code');
    await requestMail(el);
    const field = await codeStepOpen(el);
    submitButton(el).click();
    await step(el)!.updateComplete;
    const message = () => step(el)!.querySelector(`#${field.id}-invalid`)?.textContent;
    expect(message()).to.equal('Enter the code from the email.');
    expect(field.getAttribute('aria-describedby')!.split(' ')[0]).to.equal(`${field.id}-invalid`);
    expect(document.activeElement).to.equal(field);
    type(field, '1234');
    submitButton(el).click();
    await step(el)!.updateComplete;
    expect(message()).to.equal('The code has 8 digits.');
    expect(alertText(step(el)!), 'nothing was asked of the server').to.equal('');
  });

  it('an unknown email gets the same code screen, and any code for it is the same invalid_code', async () => {
    const el = await box('code');
    await requestMail(el, 'nobody@example.com');
    const field = await codeStepOpen(el);
    expect(heading(el)).to.equal('Enter the code');
    type(field, '12345678');
    submitButton(el).click();
    await waitUntil(() => alertText(step(el)!) !== '', 'no error was shown', { timeout: 5000 });
    expect(alertText(step(el)!)).to.equal('That code is invalid or has expired. Check the email or send a new code.');
  });

  it('Send a new code goes back to the forgot-password view, the email kept and focused', async () => {
    const el = await box('code');
    await requestMail(el);
    await codeStepOpen(el);
    control(el, 'Send a new code')!.click();
    await waitUntil(() => el.view === 'forgot-password', 'the forgot-password view never opened');
    await el.updateComplete;
    expect(input(el, 'email').value).to.equal(ADA.email);
    await waitUntil(() => document.activeElement === input(el, 'email'), 'focus never reached the email field');
  });

  it('keyboard only: email, Enter, the code, Enter, the new password twice, Enter, then sign in with it', async () => {
    const el = await box('code');
    input(el, 'email').focus();
    await sendKeys({ type: ADA.email });
    await sendKeys({ press: 'Enter' });
    const field = await codeStepOpen(el);
    await waitUntil(() => document.activeElement === field, 'focus never reached the code field');
    await sendKeys({ type: await mailedCode() });
    await sendKeys({ press: 'Enter' });
    await newPasswordStep(el);
    const form = el.querySelector('reset-password-form')!;
    await waitUntil(() => document.activeElement === input(form, 'newPassword'), 'focus never reached the new password');
    await sendKeys({ type: NEW_PASSWORD });
    await sendKeys({ press: 'Tab' }); // the show/hide toggle
    await sendKeys({ press: 'Tab' });
    expect(document.activeElement).to.equal(input(form, 'confirmNewPassword'));
    await sendKeys({ type: NEW_PASSWORD });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => el.view === 'sign-in' && document.activeElement === input(el, 'username'), 'never back on sign-in', { timeout: 5000 });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: NEW_PASSWORD });
    const login = nextEvent(el, 'login');
    await sendKeys({ press: 'Enter' });
    expect((await login).email).to.equal(ADA.email);
  });

  it('keyboard only, reset-method both: Tab reaches Enter the code, Enter opens the field', async () => {
    const el = await box('both');
    await requestMail(el);
    await sendKeys({ press: 'Tab' });
    expect(document.activeElement!.textContent!.trim()).to.equal('Enter the code');
    await sendKeys({ press: 'Enter' });
    const field = await codeStepOpen(el);
    await waitUntil(() => document.activeElement === field, 'focus never reached the code field');
  });

  it('rate limited: the alert says to wait and the button counts the Retry-After seconds down', async () => {
    const el = await box('code');
    await requestMail(el);
    const field = await codeStepOpen(el);
    worker.use(rateLimited('/lo/reset/code', 60));
    type(field, '12345678');
    submitButton(el).click();
    await waitUntil(() => alertText(step(el)!) !== '', 'no error was shown', { timeout: 5000 });
    expect(alertText(step(el)!)).to.equal('Too many attempts. Please wait before trying again.');
    const button = submitButton(step(el)!);
    expect([button.disabled, button.textContent!.trim()]).to.deep.equal([true, 'Try again in 60 seconds']);
  });

  it('a code\'s ticket superseded by a newer mail: the in-place form says the link is dead, and a new one is asked in this box, not a nested one', async () => {
    const el = await box('code');
    await requestMail(el);
    type(await codeStepOpen(el), await mailedCode());
    submitButton(el).click();
    await newPasswordStep(el);
    await mailedTicket(); // a newer reset mail: only the newest works
    const form = el.querySelector('reset-password-form')!;
    type(input(form, 'newPassword'), NEW_PASSWORD);
    type(input(form, 'confirmNewPassword'), NEW_PASSWORD);
    submitButton(form).click();
    await waitUntil(() => heading(form) === 'This link cannot be used', 'the dead ticket was never told', { timeout: 5000 });
    control(form, 'Request a new link')!.click();
    await waitUntil(() => el.view === 'forgot-password', 'the box never opened its forgot-password view');
    await el.updateComplete;
    expect(el.querySelectorAll('login-box, reset-password-form').length, 'nothing nested').to.equal(0);
    expect(input(el, 'email').value).to.equal(ADA.email);
  });

  it('Tab order in the code step: the field, Continue, Send a new code, Back to sign in', async () => {
    const el = await box('code');
    await requestMail(el);
    const field = await codeStepOpen(el);
    await waitUntil(() => document.activeElement === field, 'focus never reached the code field');
    expect(await tabStops(el, 3)).to.deep.equal(['Continue', 'Send a new code', 'Back to sign in']);
  });

  it('issues no Lit dev-mode warnings', () => {
    expect(litWarnings()).to.deep.equal([]);
  });
});
