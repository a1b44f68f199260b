import { expect, html, waitUntil } from '@open-wc/testing';
import { networkError } from '../../../../mock-server/msw/scenarios.js';
import { worker } from '../../../../mock-server/msw/worker.js';
import {
  ADA, alertText, backendWith, checklist, control, DB_CONNECTION, fill, freshBackend, heading, input, litWarnings, loginBox, mailedTicket, MSW_ORIGIN, NEW_PASSWORD, nextEvent,
  outbox, recordEvents, resetForm, signIn, stayOnPage, submitButton, TENANT_HOST, type, watchResets,
} from '../helpers.js';

describe('<reset-password-form> flows and events', () => {
  beforeEach(freshBackend);

  it('the checklist ticks live with the shared policy code; the common-password rule waits for the server', async () => {
    const el = await resetForm(await mailedTicket());
    type(input(el, 'newPassword'), 'hello');
    await el.updateComplete;
    expect(checklist(el)).to.deep.equal([
      'At least 8 characters: not met',
      'At least 3 of these 4:: not met',
      '  Lower case letters (a-z): met',
      '  Upper case letters (A-Z): not met',
      '  Numbers (0-9): not met',
      '  Special characters (e.g. !@#$%^&*): not met',
      'Not a common password: checked when you submit',
    ]);
    type(input(el, 'newPassword'), NEW_PASSWORD);
    await el.updateComplete;
    expect(checklist(el).filter((line) => !line.startsWith(' '))).to.deep.equal([
      'At least 8 characters: met', 'At least 3 of these 4:: met', 'Not a common password: checked when you submit',
    ]);
  });

  it('the byte cap is the rule\'s: no UTF-16 maxlength on the field, the checklist counts NFKC bytes as the server does', async () => {
    const el = await resetForm(await mailedTicket());
    expect(input(el, 'newPassword').hasAttribute('maxlength'), 'no maxlength counting UTF-16 units').to.equal(false);
    type(input(el, 'newPassword'), `Aa1!${'\uFDFA'.repeat(31)}`); // 97 bytes typed, 1027 once normalised
    await el.updateComplete;
    expect(checklist(el)).to.include('Not too long (at most 1,024 bytes): not met', 'the number as English writes it (Intl.NumberFormat)');
    type(input(el, 'newPassword'), `Aa1!${'\uFDFA'.repeat(30)}`);
    await el.updateComplete;
    expect(checklist(el).some((line) => line.startsWith('Not too long')), 'listed only when exceeded').to.equal(false);
  });

  it('progress is announced politely once typing pauses, not on every keystroke', async () => {
    const el = await resetForm(await mailedTicket());
    const live = el.querySelector('[aria-live="polite"]')!;
    for (const prefix of ['C', 'Co', 'Cou', 'Coun', 'Count', 'Counte', 'Countes', 'Countess']) type(input(el, 'newPassword'), prefix);
    await el.updateComplete;
    expect(live.textContent, 'silent while typing').to.equal('');
    await waitUntil(() => live.textContent !== '', 'nothing was announced after the pause', { timeout: 3000 });
    expect(live.textContent).to.equal('1 of 2 password requirements met.');
    type(input(el, 'newPassword'), 'Countess1');
    await waitUntil(() => live.textContent === '2 of 2 password requirements met.', 'the new progress was not announced', { timeout: 3000 });
  });

  it('a weak password is refused before any request: the field says why and the rules stay unticked', async () => {
    const el = await resetForm(await mailedTicket());
    const events = recordEvents();
    const resets = watchResets();
    try {
      fill(el, 'hello');
      submitButton(el).click();
      await el.updateComplete;
      const field = input(el, 'newPassword');
      expect(field.validationMessage).to.equal('This password does not meet the requirements.');
      expect(field.getAttribute('aria-invalid')).to.equal('true');
      expect(alertText(el)).to.equal('This password does not meet the requirements.');
      expect(checklist(el)[0]).to.equal('At least 8 characters: not met');
      expect(resets.count(), 'nothing was sent').to.equal(0);
      expect(events.seen.map((event) => event.type)).to.deep.equal([]);
      await expect(el).to.be.accessible();
      type(field, 'hello-there');
      expect(field.validationMessage, 'typing clears the refusal').to.equal('');
    } finally {
      resets.stop();
      events.stop();
    }
  });

  it('the confirmation must match', async () => {
    const el = await resetForm(await mailedTicket());
    const resets = watchResets();
    try {
      fill(el, NEW_PASSWORD, `${NEW_PASSWORD}!`);
      submitButton(el).click();
      await el.updateComplete;
      const confirmation = input(el, 'confirmNewPassword');
      expect(confirmation.validationMessage).to.equal('The passwords do not match.');
      expect(confirmation.getAttribute('aria-invalid')).to.equal('true');
      expect(document.getElementById(confirmation.getAttribute('aria-describedby')!)!.textContent).to.equal('The passwords do not match.');
      expect(resets.count()).to.equal(0);
      await expect(el).to.be.accessible();
    } finally {
      resets.stop();
    }
  });

  it('a password the server refuses maps back onto its rule, with reset-failed(invalid_password)', async () => {
    // The browser knows Ada's email, not her name: only the server sees "Lovelace" in the password.
    await backendWith((tenant) => { tenant.connections[0] = { name: DB_CONNECTION, strategy: 'auth0', passwordPolicy: { level: 'good', noPersonalInfo: true } }; });
    const el = await resetForm(await mailedTicket());
    fill(el, 'Lovelace-Rules-1843');
    await el.updateComplete;
    expect(checklist(el).at(-1)).to.equal('None of your personal information: met');
    const failed = nextEvent(el, 'reset-failed');
    submitButton(el).click();
    expect((await failed).code).to.equal('invalid_password');
    await el.updateComplete;
    expect(checklist(el).at(-1)).to.equal('None of your personal information: not met');
    expect(alertText(el)).to.equal('This password does not meet the requirements.');
    expect(input(el, 'newPassword').getAttribute('aria-invalid')).to.equal('true');
    expect(document.activeElement).to.equal(input(el, 'newPassword'));
    await expect(el).to.be.accessible();
    type(input(el, 'newPassword'), 'Countess-Rules-1843');
    await el.updateComplete;
    expect(checklist(el).at(-1), "the server's verdict was for the old value").to.equal('None of your personal information: met');
    expect(alertText(el)).to.equal('');
  });

  it('a reused password (history, known only to the server) shows as the history rule', async () => {
    await backendWith((tenant) => { tenant.connections[0] = { name: DB_CONNECTION, strategy: 'auth0', passwordPolicy: { level: 'good', history: 2 } }; });
    const el = await resetForm(await mailedTicket());
    expect(checklist(el).at(-1)).to.equal('Not a password you used recently: checked when you submit');
    fill(el, ADA.password);
    const failed = nextEvent(el, 'reset-failed');
    submitButton(el).click();
    expect((await failed).code).to.equal('invalid_password');
    await el.updateComplete;
    expect(checklist(el).at(-1)).to.equal('Not a password you used recently: not met');
  });

  it('success: password-changed with the email and the result URL; the confirmation replaces the form', async () => {
    const el = await resetForm(await mailedTicket());
    stayOnPage(el);
    fill(el, NEW_PASSWORD);
    const changed = nextEvent(el, 'password-changed');
    submitButton(el).click();
    const event = await changed;
    expect([event.email, event.resultUrl]).to.deep.equal([ADA.email, `${MSW_ORIGIN}/demo/?success=true&message=Your+password+has+been+reset+successfully.`]);
    expect(event.cancelable && event.bubbles && event.composed).to.equal(true);
    expect(heading(el)).to.equal('Password changed');
    expect(el.textContent).to.contain('Your password has been changed. You can now sign in with your new password.');
    expect(document.activeElement!.textContent).to.equal('Your password has been changed. You can now sign in with your new password.');
    expect(el.querySelector('form'), 'the form is gone (password managers take that as success)').to.equal(null);
    expect(control(el, 'Sign in')!.getAttribute('href'), 'without login-href the link goes where the server said').to.equal(event.resultUrl);
    await expect(el).to.be.accessible();

    const box = await loginBox();
    const login = nextEvent(box, 'login');
    await signIn(box, ADA.email, NEW_PASSWORD);
    expect((await login).email, 'the new password signs in').to.equal(ADA.email);
  });

  it('success without a redirect: the confirmation links to login-href', async () => {
    await backendWith((tenant) => { delete tenant.emailTemplates.resetEmail.resultUrl; });
    const ticket = await mailedTicket();
    const el = await resetForm(ticket, html`<reset-password-form domain=${TENANT_HOST} .ticket=${ticket} login-href="/sign-in"></reset-password-form>`);
    fill(el, NEW_PASSWORD);
    const changed = nextEvent(el, 'password-changed');
    submitButton(el).click();
    expect((await changed).resultUrl).to.equal(undefined);
    await el.updateComplete;
    expect(control(el, 'Sign in')!.getAttribute('href')).to.equal('/sign-in');
  });

  it('a network error keeps the form and what was typed, and fires reset-failed(network)', async () => {
    const el = await resetForm(await mailedTicket());
    worker.use(networkError('/lo/reset'));
    fill(el, NEW_PASSWORD);
    const failed = nextEvent(el, 'reset-failed');
    submitButton(el).click();
    expect((await failed).code).to.equal('network');
    await el.updateComplete;
    expect(alertText(el)).to.equal('We could not reach the server. Check your connection and try again.');
    expect(input(el, 'newPassword').value).to.equal(NEW_PASSWORD);
    expect(submitButton(el).disabled).to.equal(false);
  });

  it('a link spent meanwhile: the bad-link message, focused, and reset-failed(invalid_ticket)', async () => {
    const ticket = await mailedTicket();
    const el = await resetForm(ticket);
    await mailedTicket(); // a newer mail makes this link invalid
    fill(el, NEW_PASSWORD);
    const failed = nextEvent(el, 'reset-failed');
    submitButton(el).click();
    expect((await failed).code).to.equal('invalid_ticket');
    await waitUntil(() => heading(el) === 'This link cannot be used');
    await waitUntil(() => document.activeElement?.textContent === 'This link is invalid or has expired. Request a new one.', 'focus did not move to the news');
  });

  it('"Request a new link" fires request-new-link and opens the forgot-password view in place, which sends the mail', async () => {
    const el = await resetForm('spent-or-made-up');
    const asked = nextEvent(el, 'request-new-link');
    control(el, 'Request a new link')!.click();
    expect((await asked).cancelable).to.equal(true);
    await waitUntil(() => el.querySelector('login-box'), 'the forgot-password view never opened'); // <login-box> loads first
    const box = el.querySelector('login-box')!;
    await box.updateComplete;
    await waitUntil(() => document.activeElement === input(box, 'email'), 'focus did not land in the email field');
    expect(heading(box)).to.equal('Reset your password');
    await expect(el).to.be.accessible();
    type(input(box, 'email'), ADA.email);
    const sent = nextEvent(box, 'reset-email-sent');
    submitButton(box).click();
    await sent;
    expect((await outbox()).at(-1)!.to).to.equal(ADA.email);
  });

  it('autofocus: once the link is read, focus is in the new password, or on the bad-link news', async () => {
    const ticket = await mailedTicket();
    const good = await resetForm(ticket, html`<reset-password-form autofocus domain=${TENANT_HOST} .ticket=${ticket}></reset-password-form>`);
    await waitUntil(() => document.activeElement === input(good, 'newPassword'), 'focus never reached the new password');
    const bad = await resetForm('made-up', html`<reset-password-form autofocus domain=${TENANT_HOST} .ticket=${'made-up'}></reset-password-form>`);
    await waitUntil(() => document.activeElement?.textContent === 'This link is invalid or has expired. Request a new one.', 'focus never reached the news');
    expect(bad.contains(document.activeElement)).to.equal(true);
  });

  it('a canceled request-new-link leaves it to the host', async () => {
    const el = await resetForm('spent-or-made-up');
    el.addEventListener('request-new-link', (event) => event.preventDefault());
    control(el, 'Request a new link')!.click();
    await el.updateComplete;
    expect(el.querySelector('login-box')).to.equal(null);
    expect(heading(el)).to.equal('This link cannot be used');
  });

  it('fires nothing when properties change from code', async () => {
    const events = recordEvents();
    try {
      const el = await resetForm('spent-or-made-up');
      el.ticket = await mailedTicket();
      await waitUntil(() => el.querySelector('form'), 'a new ticket set from code loads the form');
      el.lang = 'fr';
      el.strings = { resetSubmit: 'Go' };
      el.loginHref = '/elsewhere';
      await el.updateComplete;
      expect(submitButton(el).textContent!.trim()).to.equal('Go');
      expect(heading(el)).to.equal('Changer votre mot de passe');
      expect(events.seen.map((event) => event.type)).to.deep.equal([]);
    } finally {
      events.stop();
    }
  });

  it('issues no Lit dev-mode warnings', () => {
    expect(litWarnings()).to.deep.equal([]);
  });
});
