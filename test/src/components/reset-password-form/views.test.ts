import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { createHandlers } from '../../../../mock-server/msw/handlers.js';
import { networkError, slow } from '../../../../mock-server/msw/scenarios.js';
import { worker } from '../../../../mock-server/msw/worker.js';
import type { ResetPasswordForm } from '../../../../src/index.js';
import {
  ADA, alertText, checklist, control, freshBackend, heading, input, litWarnings, mailedTicket, resetForm, submitButton, TENANT_HOST, type,
} from '../helpers.js';

describe('<reset-password-form> views', () => {
  let app: Awaited<ReturnType<typeof freshBackend>>;
  beforeEach(async () => { app = await freshBackend(); });

  it('the form: light-DOM fields with the autocomplete tokens password managers need, and the policy', async () => {
    const el = await resetForm(await mailedTicket());
    expect(heading(el)).to.equal('Change your password');
    expect(el.textContent, 'the email isolated (FSI … PDI) from the sentence\'s direction').to.contain(`Choose a new password for \u2068${ADA.email}\u2069.`);
    expect(el.shadowRoot).to.equal(null);
    const username = input(el, 'username');
    const fields = [...el.querySelectorAll<HTMLInputElement>('form input[type=password][autocomplete="new-password"]')];
    expect(fields.map((field) => field.name)).to.deep.equal(['newPassword', 'confirmNewPassword']);
    expect([username.autocomplete, username.value, username.hidden]).to.deep.equal(['username', ADA.email, true]);
    expect(new Set([username, ...fields].map((field) => field.form)).size, 'one form holds all three').to.equal(1);
    expect(fields.map((field) => [field.getRootNode() === document, field.labels?.[0]?.textContent])).to.deep.equal([
      [true, 'New password'], [true, 'Confirm new password'],
    ]);
    expect(checklist(el)).to.deep.equal([
      'At least 8 characters: not met',
      'At least 3 of these 4:: not met',
      '  Lower case letters (a-z): not met',
      '  Upper case letters (A-Z): not met',
      '  Numbers (0-9): not met',
      '  Special characters (e.g. !@#$%^&*): not met',
      'Not a common password: checked when you submit',
    ]);
    expect(input(el, 'newPassword').getAttribute('aria-describedby')).to.contain(el.querySelector('.lb-rules')!.id);
    expect(submitButton(el).textContent!.trim()).to.equal('Change password');
    await expect(el).to.be.accessible();
  });

  it('takes the ticket from ?ticket= and removes it from the address bar before any request', async () => {
    const ticket = await mailedTicket();
    const page = location.pathname + location.search;
    const requests: string[] = [];
    const seeRequest = ({ request }: { request: Request }) => { requests.push(`${request.url} @ ${location.href}`); };
    worker.events.on('request:start', seeRequest);
    history.replaceState(null, '', `?ticket=${ticket}&keep=1#`);
    try {
      const el = await resetForm('', html`<reset-password-form domain=${TENANT_HOST}></reset-password-form>`);
      expect(location.search).to.equal('?keep=1', 'the ticket is gone; other parameters stay');
      expect(location.href).not.to.contain(ticket);
      expect(requests.length).to.be.greaterThan(0);
      expect(requests.filter((line) => line.includes(ticket)), 'no request while the ticket was in the address bar').to.deep.equal([]);
      expect(input(el, 'username').value, 'the ticket from the address was used').to.equal(ADA.email);
      expect(el.ticket).to.equal(ticket);
      expect([localStorage.length, sessionStorage.length, document.cookie]).to.deep.equal([0, 0, ''], 'kept in memory only');
    } finally {
      worker.events.removeListener('request:start', seeRequest);
      history.replaceState(null, '', page);
    }
  });

  it('while the link is checked: a status line, accessible', async () => {
    const ticket = await mailedTicket();
    worker.use(slow(app, '/lo/reset/ticket', 400));
    const el = await fixture<ResetPasswordForm>(html`<reset-password-form domain=${TENANT_HOST} .ticket=${ticket}></reset-password-form>`);
    expect(el.querySelector('[role="status"]')!.textContent).to.equal('Checking your link…');
    await expect(el).to.be.accessible();
    await waitUntil(() => el.querySelector('form'), 'the form never came');
  });

  it('a bad link: one clear message and a way to ask for a new one', async () => {
    const el = await resetForm('not-a-ticket');
    expect(heading(el)).to.equal('This link cannot be used');
    expect(el.textContent).to.contain('This link is invalid or has expired. Request a new one.');
    expect(el.querySelector('form'), 'no password fields for a dead link').to.equal(null);
    expect(control(el, 'Request a new link')!.tagName).to.equal('BUTTON');
    expect(alertText(el), 'said once, not also as an alert').to.equal('');
    await expect(el).to.be.accessible();
  });

  it('no ticket at all is a bad link too', async () => {
    const el = await resetForm('', html`<reset-password-form domain=${TENANT_HOST}></reset-password-form>`);
    expect(heading(el)).to.equal('This link cannot be used');
  });

  it('forgot-href makes "Request a new link" a link to that page', async () => {
    const el = await resetForm('not-a-ticket', html`<reset-password-form domain=${TENANT_HOST} .ticket=${'x'} forgot-href="/account/recover"></reset-password-form>`);
    const link = control(el, 'Request a new link') as HTMLAnchorElement;
    expect([link.tagName, link.getAttribute('href')]).to.deep.equal(['A', '/account/recover']);
  });

  it('the server out of reach while checking: the reason as an alert, and Try again', async () => {
    const ticket = await mailedTicket();
    worker.use(networkError('/lo/reset/ticket'));
    const el = await resetForm(ticket);
    expect(alertText(el)).to.equal('We could not reach the server. Check your connection and try again.');
    await expect(el).to.be.accessible();
    worker.resetHandlers(...createHandlers(app)); // the network is back; the same server, so the ticket is still good
    control(el, 'Try again')!.click();
    await waitUntil(() => el.querySelector('form'), 'Try again did not load the form');
    expect(alertText(el)).to.equal('');
  });

  it('the show/hide toggle reveals both fields, says so, and reports its state', async () => {
    const el = await resetForm(await mailedTicket());
    const toggle = control(el, 'Show password')!;
    expect(toggle.getAttribute('aria-controls')!.split(' ').sort()).to.deep.equal([input(el, 'confirmNewPassword').id, input(el, 'newPassword').id].sort());
    toggle.click();
    await el.updateComplete;
    expect([input(el, 'newPassword').type, input(el, 'confirmNewPassword').type]).to.deep.equal(['text', 'text']);
    expect(toggle.getAttribute('aria-pressed')).to.equal('true');
    expect(el.querySelector('[aria-live="polite"]')!.textContent).to.equal('Your password is shown.');
    await expect(el).to.be.accessible();
  });

  it('lang="ar": Arabic text, right to left, accessible', async () => {
    const ticket = await mailedTicket();
    const el = await resetForm(ticket, html`<reset-password-form domain=${TENANT_HOST} .ticket=${ticket} lang="ar"></reset-password-form>`);
    expect(heading(el)).to.equal('تغيير كلمة المرور');
    const field = input(el, 'newPassword');
    const toggle = control(el, 'إظهار كلمة المرور')!;
    expect(getComputedStyle(field).direction).to.equal('rtl');
    expect(toggle.getBoundingClientRect().left - field.getBoundingClientRect().left, 'the toggle sits inside the field at its left end').to.be.within(0, 6);
    expect(checklist(el)[0]).to.equal('8 أحرف على الأقل: غير مستوفى');
    const rule = el.querySelector('.lb-rules li')!;
    expect(rule.getBoundingClientRect().right, 'the checklist starts on the right').to.be.closeTo(el.querySelector('.lb-rules')!.getBoundingClientRect().right, 1);
    await expect(el).to.be.accessible();
  });

  for (const [lang, title, rule] of [
    ['fr', 'Changer votre mot de passe', 'Au moins 8 caractères: non respecté'],
    ['de', 'Passwort ändern', 'Mindestens 8 Zeichen: nicht erfüllt'],
    ['es', 'Cambie su contraseña', 'Al menos 8 caracteres: no cumplido'],
    ['ja', 'パスワードの変更', '8 文字以上: 満たしていません'],
  ] as const) {
    it(`lang="${lang}": the form and its policy in that language`, async () => {
      const ticket = await mailedTicket();
      const el = await resetForm(ticket, html`<reset-password-form domain=${TENANT_HOST} .ticket=${ticket} lang=${lang}></reset-password-form>`);
      expect(heading(el)).to.equal(title);
      expect(checklist(el)[0]).to.equal(rule);
    });
  }

  it('strings override any text of one instance', async () => {
    const ticket = await mailedTicket();
    const el = await resetForm(ticket, html`<reset-password-form domain=${TENANT_HOST} .ticket=${ticket}
      .strings=${{ resetTitle: 'New password, please', ruleLengthAtLeast: (min: number) => `${min}+ characters` }}></reset-password-form>`);
    expect(heading(el)).to.equal('New password, please');
    expect(checklist(el)[0]).to.equal('8+ characters: not met');
  });

  it('styles: the shared sheet, its own and the checklist\'s (with the checklist chunk), each adopted once; themable; nothing inline', async () => {
    const ticket = await mailedTicket();
    const el = await resetForm(ticket, html`<reset-password-form domain=${TENANT_HOST} .ticket=${ticket}
      style="--login-box-accent: rgb(1, 2, 3)"></reset-password-form>`);
    const sheets = document.adoptedStyleSheets.filter((sheet) => [...sheet.cssRules].some((rule) => rule.cssText.includes('reset-password-form')));
    expect(sheets.length, 'the shared sheet, the form\'s own and the checklist\'s').to.equal(3);
    expect(getComputedStyle(submitButton(el)).backgroundColor).to.equal('rgb(1, 2, 3)');
    expect(el.querySelector('[style]'), 'no inline style attribute (CSP)').to.equal(null);
    type(input(el, 'newPassword'), 'abcdefgh');
    await el.updateComplete;
    const [length] = el.querySelectorAll('.lb-rules li');
    expect(getComputedStyle(length!, '::before').content).to.equal('"✓" / ""');
  });

  it('dark mode follows prefers-color-scheme', async () => {
    const el = await resetForm(await mailedTicket());
    await emulateMedia({ colorScheme: 'dark' });
    try {
      expect(getComputedStyle(el).backgroundColor).to.equal('rgb(22, 27, 34)');
      type(input(el, 'newPassword'), 'abcdefgh');
      await el.updateComplete;
      await expect(el).to.be.accessible();
    } finally {
      await emulateMedia({ colorScheme: 'light' });
    }
  });

  it('issues no Lit dev-mode warnings', () => {
    expect(litWarnings()).to.deep.equal([]);
  });
});
