import { expect, html, waitUntil } from '@open-wc/testing';
import { slow } from '../../../../mock-server/msw/scenarios.js';
import { worker } from '../../../../mock-server/msw/worker.js';
import { createAuthClient, type AuthClient } from '../../../../src/index.js';
import {
  ADA, alertText, control, DB_CONNECTION, freshBackend, heading, input, litWarnings, loginBox, MSW_ORIGIN, nextEvent, noticeText, outbox,
  recordEvents, signIn, SPA_CLIENT_ID, submitButton, TENANT_HOST, type, waitForAlert,
} from '../helpers.js';

describe('<login-box> flows and events', () => {
  let app: Awaited<ReturnType<typeof freshBackend>>;
  beforeEach(async () => { app = await freshBackend(); });

  it('signing in fires login with the email and the tokens, and says so', async () => {
    const el = await loginBox();
    const login = nextEvent(el, 'login');
    await signIn(el, ADA.email, ADA.password);
    const event = await login;
    expect(event.email).to.equal(ADA.email);
    expect(event.tokens.token_type).to.equal('Bearer');
    expect(event.tokens.id_token, 'an OpenID id_token').to.be.a('string');
    expect((await app.fetch(new Request(`${MSW_ORIGIN}/userinfo`, { headers: { authorization: `Bearer ${event.tokens.access_token}` } }))).status)
      .to.equal(200, 'the server accepts the access token');
    expect(event.bubbles && event.composed).to.equal(true);
    await el.updateComplete;
    expect(noticeText(el)).to.equal("You're signed in.");
    expect(alertText(el)).to.equal('');
  });

  it('a wrong password shows the localized message and fires login-failed with the code', async () => {
    const el = await loginBox();
    const failed = nextEvent(el, 'login-failed');
    await signIn(el, ADA.email, 'Not-Her-Password-1');
    expect((await failed).code).to.equal('invalid_grant');
    await waitForAlert(el);
    expect(alertText(el)).to.equal('Wrong email or password.');
    expect(input(el, 'password').getAttribute('aria-invalid')).to.equal('true');
    await expect(el).to.be.accessible();
  });

  it('is busy while the request runs: button disabled, form aria-busy', async () => {
    const el = await loginBox();
    worker.use(slow(app, '/oauth/token', 400));
    const login = nextEvent(el, 'login');
    await signIn(el, ADA.email, ADA.password);
    await el.updateComplete;
    expect(submitButton(el).disabled).to.equal(true);
    expect(el.querySelector('form')!.getAttribute('aria-busy')).to.equal('true');
    await expect(el).to.be.accessible();
    await login;
    await el.updateComplete;
    expect(submitButton(el).disabled).to.equal(false);
    expect(el.querySelector('form')!.getAttribute('aria-busy')).to.equal('false');
  });

  it('forgot password: link → view with the email carried over → mail sent → back', async () => {
    const el = await loginBox();
    type(input(el, 'username'), ADA.email);
    const forgot = nextEvent(el, 'forgot-password');
    control(el, "Don't remember your password?")!.click();
    expect((await forgot).email).to.equal(ADA.email);
    await el.updateComplete;
    expect(heading(el)).to.equal('Reset your password');
    expect(el.view).to.equal('forgot-password');
    expect(input(el, 'email').value, 'prefilled from the sign-in field').to.equal(ADA.email);
    expect(document.activeElement).to.equal(input(el, 'email'));

    const sent = nextEvent(el, 'reset-email-sent');
    submitButton(el).click();
    expect((await sent).email).to.equal(ADA.email);
    expect(el.textContent).to.contain("We've just sent you an email to reset your password.");
    expect(document.activeElement!.textContent).to.equal("We've just sent you an email to reset your password.", 'focus moves to the news');
    await expect(el).to.be.accessible();
    await waitUntil(async () => (await outbox()).some((mail) => mail.to === ADA.email), 'no reset mail reached the outbox');

    control(el, 'Back to sign in')!.click();
    await el.updateComplete;
    expect(heading(el)).to.equal('Sign in');
    expect(input(el, 'username').value).to.equal(ADA.email);
  });

  it('a canceled forgot-password leaves the view to the host', async () => {
    const el = await loginBox();
    el.addEventListener('forgot-password', (event) => event.preventDefault());
    control(el, "Don't remember your password?")!.click();
    await el.updateComplete;
    expect(el.view).to.equal('sign-in');
    expect(heading(el)).to.equal('Sign in');
  });

  it('with forgot-href the link navigates unless forgot-password is canceled', async () => {
    const el = await loginBox(html`<login-box domain=${TENANT_HOST} forgot-href="#recover"></login-box>`);
    const link = control(el, "Don't remember your password?")!;
    let cancel = true;
    el.addEventListener('forgot-password', (event) => { if (cancel) event.preventDefault(); });
    const canceled = new MouseEvent('click', { bubbles: true, cancelable: true });
    link.dispatchEvent(canceled);
    expect(canceled.defaultPrevented).to.equal(true);
    expect(location.hash).to.equal('');
    cancel = false;
    link.click();
    expect(location.hash).to.equal('#recover');
    expect(el.view, 'no built-in view with forgot-href').to.equal('sign-in');
    history.replaceState(null, '', location.pathname + location.search);
  });

  it('fires nothing when properties change from code', async () => {
    const events = recordEvents();
    try {
      const el = await loginBox();
      el.view = 'forgot-password';
      await el.updateComplete;
      el.view = 'email-sent';
      await el.updateComplete;
      el.view = 'sign-in';
      el.lang = 'fr';
      el.connection = DB_CONNECTION;
      el.strings = { signInTitle: 'Welcome' };
      await el.updateComplete;
      expect(heading(el)).to.equal('Welcome');
      expect(submitButton(el).textContent!.trim(), 'lang set from code switches the language').to.equal('Se connecter');
      expect(events.seen.map((event) => event.type)).to.deep.equal([]);
    } finally {
      events.stop();
    }
  });

  it('uses an injected client', async () => {
    const calls: string[] = [];
    const real = createAuthClient({ domain: TENANT_HOST, clientId: SPA_CLIENT_ID });
    const client: AuthClient = { ...real, login: (input, options) => { calls.push(input.username); return real.login(input, options); } };
    const el = await loginBox(html`<login-box .client=${client}></login-box>`);
    const login = nextEvent(el, 'login');
    await signIn(el, ADA.email, ADA.password);
    await login;
    expect(calls).to.deep.equal([ADA.email]);
  });

  it('domain may be a full URL', async () => {
    const el = await loginBox(html`<login-box domain=${MSW_ORIGIN} client-id="demo-spa"></login-box>`);
    const login = nextEvent(el, 'login');
    await signIn(el, ADA.email, ADA.password);
    expect((await login).email).to.equal(ADA.email);
  });

  it('issues no Lit dev-mode warnings', () => {
    expect(litWarnings()).to.deep.equal([]);
  });
});
