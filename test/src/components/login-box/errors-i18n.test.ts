import { expect, html, waitUntil } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import { networkError, rateLimited } from '../../../../mock-server/msw/scenarios.js';
import { worker } from '../../../../mock-server/msw/worker.js';
import { OAuthError } from '../../../../src/api/contract.js';
import {
  ADA, alertText, control, freshBackend, heading, input, litWarnings, loginBox, MSW_ORIGIN, nextEvent, noticeText, signIn,
  submitButton, TENANT_HOST, type, waitForAlert,
} from '../helpers.js';

/** What each shipped language says for the sign-in title and a wrong password. */
const WRONG_PASSWORD: Record<string, [title: string, message: string]> = {
  fr: ['Connexion', 'E-mail ou mot de passe incorrect.'],
  de: ['Anmelden', 'Falsche E-Mail-Adresse oder falsches Passwort.'],
  es: ['Iniciar sesión', 'Correo electrónico o contraseña incorrectos.'],
  ja: ['サインイン', 'メールアドレスまたはパスワードが正しくありません。'],
  ar: ['تسجيل الدخول', 'البريد الإلكتروني أو كلمة المرور غير صحيحة.'],
};

describe('<login-box> errors and languages', () => {
  beforeEach(freshBackend);

  for (const [lang, [title, message]] of Object.entries(WRONG_PASSWORD)) {
    it(`lang="${lang}": loads its dictionary and maps invalid_grant to its text`, async () => {
      const el = await loginBox(html`<login-box domain=${TENANT_HOST} client-id="demo-spa" lang=${lang}></login-box>`);
      expect(heading(el)).to.equal(title);
      await signIn(el, ADA.email, 'Not-Her-Password-1');
      await waitForAlert(el);
      expect(alertText(el)).to.equal(message);
    });
  }

  it('takes its language from the closest [lang] ancestor, per instance', async () => {
    const page = await loginBox(html`<div lang="de"><section><login-box domain=${TENANT_HOST}></login-box></section>
      <login-box domain=${TENANT_HOST} lang="es"></login-box></div>`);
    const [german, spanish] = page.querySelectorAll('login-box');
    await Promise.all([german!.updateComplete, spanish!.updateComplete]);
    expect(heading(german!)).to.equal('Anmelden');
    expect(heading(spanish!)).to.equal('Iniciar sesión');
  });

  it('an unshipped language falls back to English, marked as such', async () => {
    const el = await loginBox(html`<login-box domain=${TENANT_HOST} lang="el"></login-box>`);
    expect(heading(el)).to.equal('Sign in');
    expect(el.querySelector('[lang]')!.getAttribute('lang')).to.equal('en');
  });

  it('lang="ar" lays the box out right to left', async () => {
    const el = await loginBox(html`<login-box domain=${TENANT_HOST} lang="ar"></login-box>`);
    const password = input(el, 'password');
    const toggle = control(el, 'إظهار كلمة المرور')!;
    expect(getComputedStyle(password).direction).to.equal('rtl');
    expect(toggle.getBoundingClientRect().left - password.getBoundingClientRect().left, 'the toggle sits inside the field at its left end').to.be.within(0, 6);
    expect(getComputedStyle(el.querySelector('label')!).textAlign).to.be.oneOf(['start', 'right']);
    await expect(el).to.be.accessible();
  });

  it('lang="fr": an unknown connection on the reset request says so in French', async () => {
    const el = await loginBox(html`<login-box domain=${TENANT_HOST} connection="No-Such-Connection" view="forgot-password" lang="fr"></login-box>`);
    type(input(el, 'email'), ADA.email);
    submitButton(el).click();
    await waitForAlert(el);
    expect(alertText(el)).to.equal("Ce mode de connexion n'est pas disponible. Contactez le responsable du site.");
    expect(el.view, 'no email-sent view on failure').to.equal('forgot-password');
    await expect(el).to.be.accessible();
  });

  it('an unknown connection on the reset request (English)', async () => {
    const el = await loginBox(html`<login-box domain=${TENANT_HOST} connection="No-Such-Connection" view="forgot-password"></login-box>`);
    type(input(el, 'email'), ADA.email);
    submitButton(el).click();
    await waitForAlert(el);
    expect(alertText(el)).to.equal('This sign-in method is not available. Please contact the site owner.');
  });

  it('a brute-force block says how to lift it, and fires login-failed(too_many_attempts)', async () => {
    const el = await loginBox();
    for (let i = 0; i < 10; i++) {
      const refused = nextEvent(el, 'login-failed');
      await signIn(el, ADA.email, 'not-her-password');
      expect((await refused).code).to.equal('invalid_grant');
    }
    const failed = nextEvent(el, 'login-failed');
    await signIn(el, ADA.email, ADA.password);
    expect((await failed).code).to.equal('too_many_attempts');
    await waitUntil(() => alertText(el).startsWith('Your account has been blocked'));
    expect(alertText(el)).to.equal('Your account has been blocked after multiple consecutive login attempts. Reset your password to unblock it.');
    await expect(el).to.be.accessible();
  });

  it('a network error shows the connection message and fires login-failed(network)', async () => {
    worker.use(networkError('/oauth/token'));
    const el = await loginBox();
    const failed = nextEvent(el, 'login-failed');
    await signIn(el, ADA.email, ADA.password);
    expect((await failed).code).to.equal('network');
    await waitForAlert(el);
    expect(alertText(el)).to.equal('We could not reach the server. Check your connection and try again.');
    expect(submitButton(el).disabled, 'the user may try again at once').to.equal(false);
  });

  it('lang="es": a network error on the reset request', async () => {
    worker.use(networkError('/dbconnections/change_password'));
    const el = await loginBox(html`<login-box domain=${TENANT_HOST} view="forgot-password" lang="es"></login-box>`);
    type(input(el, 'email'), ADA.email);
    submitButton(el).click();
    await waitForAlert(el);
    expect(alertText(el)).to.equal('No se pudo conectar con el servidor. Compruebe su conexión e inténtelo de nuevo.');
  });

  it('429: counts down from Retry-After with the button disabled, then lets the user retry', async () => {
    worker.use(rateLimited('/oauth/token', 2));
    const el = await loginBox();
    const failed = nextEvent(el, 'login-failed');
    await signIn(el, ADA.email, ADA.password);
    const event = await failed;
    expect([event.code, event.retryAfter]).to.deep.equal(['too_many_requests', 2]);
    await el.updateComplete;
    expect(alertText(el)).to.equal('Too many attempts. Please wait before trying again.');
    expect(submitButton(el).disabled).to.equal(true);
    expect(submitButton(el).textContent!.trim()).to.equal('Try again in 2 seconds');
    await expect(el).to.be.accessible();
    await waitUntil(() => submitButton(el).textContent!.trim() === 'Try again in 1 second', 'the countdown did not tick', { timeout: 2000 });
    await waitUntil(() => !submitButton(el).disabled, 'the button was not re-enabled', { timeout: 2500 });
    expect(submitButton(el).textContent!.trim()).to.equal('Log in');
    expect(alertText(el)).to.equal('');
    expect(noticeText(el)).to.equal('You can try again now.');

    worker.resetHandlers(); // the rate limit is over: the real app answers again
    await freshBackend();
    const login = nextEvent(el, 'login');
    submitButton(el).click();
    expect((await login).email).to.equal(ADA.email);
  });

  it('lang="ja": the 429 countdown in Japanese', async () => {
    worker.use(rateLimited('/dbconnections/change_password', 3));
    const el = await loginBox(html`<login-box domain=${TENANT_HOST} view="forgot-password" lang="ja"></login-box>`);
    type(input(el, 'email'), ADA.email);
    submitButton(el).click();
    await waitForAlert(el);
    expect(alertText(el)).to.equal('試行回数が多すぎます。しばらく待ってからもう一度お試しください。');
    expect(submitButton(el).textContent!.trim()).to.equal('3 秒後に再試行');
  });

  it('never shows the server\'s text, nor renders it as HTML', async () => {
    // A refusal whose description is markup: only the localized text for its code may appear.
    const description = '<img src="x" alt="injected"><b>Server says no</b>';
    worker.use(http.post(`${MSW_ORIGIN}/oauth/token`, () =>
      HttpResponse.json(OAuthError.parse({ error: 'invalid_grant', error_description: description }), { status: 403 })));
    const el = await loginBox();
    await signIn(el, ADA.email, 'Not-Her-Password-1');
    await waitForAlert(el);
    expect(alertText(el)).to.equal('Wrong email or password.');
    expect(el.querySelector('img, b'), 'no element from the server').to.equal(null);
    expect(el.textContent).not.to.contain('Server says no');
  });

  it('issues no Lit dev-mode warnings', () => {
    expect(litWarnings()).to.deep.equal([]);
  });
});
