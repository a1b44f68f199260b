import { aTimeout, expect, html, waitUntil } from '@open-wc/testing';
import { createHandlers } from '../../../../mock-server/msw/handlers.js';
import { rateLimited } from '../../../../mock-server/msw/scenarios.js';
import { worker } from '../../../../mock-server/msw/worker.js';
import {
  alertText, control, fill, freshBackend, heading, input, litWarnings, mailedTicket, NEW_PASSWORD, nextEvent, noticeText, recordEvents, resetForm,
  stayOnPage, submitButton, TENANT_HOST, watchResets,
} from '../helpers.js';

const buttonText = (button: HTMLElement) => button.textContent!.trim();

describe('<reset-password-form> rate limiting (429)', () => {
  let app: Awaited<ReturnType<typeof freshBackend>>;
  beforeEach(async () => { app = await freshBackend(); });

  it('on submit: reset-failed(too_many_requests), the button counts down disabled, then re-enables with a notice', async () => {
    const el = await resetForm(await mailedTicket());
    worker.use(rateLimited('/lo/reset', 2));
    fill(el, NEW_PASSWORD);
    const failed = nextEvent(el, 'reset-failed');
    submitButton(el).click();
    const event = await failed;
    expect([event.code, event.retryAfter]).to.deep.equal(['too_many_requests', 2]);
    await el.updateComplete;
    expect(alertText(el)).to.equal('Too many attempts. Please wait before trying again.');
    expect(submitButton(el).disabled, 'disabled while counting down').to.equal(true);
    expect(buttonText(submitButton(el))).to.equal('Try again in 2 seconds');
    expect(input(el, 'newPassword').value, 'what was typed is kept').to.equal(NEW_PASSWORD);
    await expect(el).to.be.accessible();

    await waitUntil(() => buttonText(submitButton(el)) === 'Try again in 1 second', 'the countdown did not tick', { timeout: 2000 });
    await waitUntil(() => !submitButton(el).disabled, 'the button was not re-enabled', { timeout: 2500 });
    expect(buttonText(submitButton(el))).to.equal('Change password');
    expect(alertText(el)).to.equal('');
    expect(noticeText(el)).to.equal('You can try again now.');
    await expect(el).to.be.accessible();

    worker.resetHandlers(...createHandlers(app)); // the limit is over; the same server, so the ticket is still good
    stayOnPage(el);
    const changed = nextEvent(el, 'password-changed');
    submitButton(el).click();
    await changed;
    await el.updateComplete;
    expect(heading(el)).to.equal('Password changed');
  });

  it('refuses to submit while counting down, even when the form is submitted from code', async () => {
    const el = await resetForm(await mailedTicket());
    worker.use(rateLimited('/lo/reset', 3));
    fill(el, NEW_PASSWORD);
    const failed = nextEvent(el, 'reset-failed');
    submitButton(el).click();
    await failed;
    await el.updateComplete;
    const events = recordEvents();
    const resets = watchResets();
    try {
      el.querySelector('form')!.requestSubmit();
      await el.updateComplete;
      expect(alertText(el), 'the wait is still explained').to.equal('Too many attempts. Please wait before trying again.');
      expect(el.querySelector('form')!.getAttribute('aria-busy')).to.equal('false');
      await aTimeout(300); // a request would have started by now
      expect(resets.count(), 'nothing was sent').to.equal(0);
      expect(events.seen.map((seen) => seen.type)).to.deep.equal([]);
      expect(buttonText(submitButton(el))).to.match(/^Try again in [23] seconds$/);
    } finally {
      resets.stop();
      events.stop();
    }
  });

  it('lang="de": the countdown and the notice in German', async () => {
    const ticket = await mailedTicket();
    const el = await resetForm(ticket, html`<reset-password-form domain=${TENANT_HOST} .ticket=${ticket} lang="de"></reset-password-form>`);
    worker.use(rateLimited('/lo/reset', 1));
    fill(el, NEW_PASSWORD);
    const failed = nextEvent(el, 'reset-failed');
    submitButton(el).click();
    await failed;
    await el.updateComplete;
    expect(alertText(el)).to.equal('Zu viele Versuche. Bitte warten Sie, bevor Sie es erneut versuchen.');
    expect(buttonText(submitButton(el))).to.equal('Erneut versuchen in 1 Sekunde');
    await waitUntil(() => !submitButton(el).disabled, 'the button was not re-enabled', { timeout: 2500 });
    expect(noticeText(el)).to.equal('Sie können es jetzt erneut versuchen.');
  });

  it('while checking the link: "Try again" counts down disabled, then re-enables and loads the form; no event', async () => {
    const ticket = await mailedTicket();
    worker.use(rateLimited('/lo/reset/ticket', 2));
    const events = recordEvents();
    try {
      const el = await resetForm(ticket);
      expect(alertText(el)).to.equal('Too many attempts. Please wait before trying again.');
      const retry = () => el.querySelector<HTMLButtonElement>('button')!;
      expect(retry().disabled, 'disabled while counting down').to.equal(true);
      expect(buttonText(retry())).to.equal('Try again in 2 seconds');
      await expect(el).to.be.accessible();

      await waitUntil(() => !retry().disabled, 'the button was not re-enabled', { timeout: 3500 });
      expect(buttonText(retry())).to.equal('Try again');
      expect(alertText(el)).to.equal('');
      expect(noticeText(el)).to.equal('You can try again now.');
      await expect(el).to.be.accessible();
      expect(events.seen.map((seen) => seen.type), 'reading the link is not a reset attempt').to.deep.equal([]);

      worker.resetHandlers(...createHandlers(app));
      control(el, 'Try again')!.click();
      await waitUntil(() => el.querySelector('form'), 'Try again did not load the form');
      expect(noticeText(el), 'the notice goes with the next attempt').to.equal('');
    } finally {
      events.stop();
    }
  });

  it('issues no Lit dev-mode warnings', () => {
    expect(litWarnings()).to.deep.equal([]);
  });
});
