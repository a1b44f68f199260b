/**
 * Every visible state of both components, each reached as a user reaches it (typing, clicking, the
 * server answering) against a fresh reference server, in the language asked for. The suites that
 * check what holds in every state (target sizes, the 320 px layout, aXe in each colour scheme and
 * direction) iterate this one list, so a new state is covered by all of them at once.
 */
import { fixture, html, waitUntil } from '@open-wc/testing';
import { networkError, rateLimited, slow } from '../../../mock-server/msw/scenarios.js';
import { worker } from '../../../mock-server/msw/worker.js';
import type { LoginBox, ResetPasswordForm } from '../../../src/index.js';
import { codeFromMail } from '../../fixtures.js';
import {
  ADA, fill, freshBackend, input, mailedTicket, NEW_PASSWORD, outbox, resetForm, signIn, stayOnPage, submitButton, TENANT_HOST, type,
} from './helpers.js';

export interface ComponentState {
  /** `<tag>: what the user sees`. */
  name: string;
  /** Starts a fresh server, renders the component in `lang` and brings it into the state. */
  reach(lang: string): Promise<HTMLElement>;
}

/** Resolves once the element has rendered after the last change (and its language is in). */
const settled = async <T extends LoginBox | ResetPasswordForm>(el: T) => {
  await el.updateComplete;
  return el;
};

const box = (lang: string, view = 'sign-in') =>
  fixture<LoginBox>(html`<login-box domain=${TENANT_HOST} client-id="demo-spa" lang=${lang} view=${view}></login-box>`).then(settled);

const form = async (lang: string, ticket?: string) => {
  const shown = ticket ?? (await mailedTicket());
  const el = await resetForm(shown, html`<reset-password-form domain=${TENANT_HOST} .ticket=${shown} lang=${lang}></reset-password-form>`);
  stayOnPage(el);
  return settled(el);
};

const click = async <T extends LoginBox | ResetPasswordForm>(el: T, target: HTMLElement | undefined | null) => {
  target!.click();
  return settled(el);
};

/** Waits until the alert shows something (a server answer arrived). */
const answered = async <T extends LoginBox | ResetPasswordForm>(el: T) => {
  await waitUntil(() => el.querySelector('[role="alert"]')!.textContent!.trim() !== '', 'the server never answered', { timeout: 5000 });
  return settled(el);
};

const toggle = (el: Element) => el.querySelector<HTMLButtonElement>('.lb-toggle');

/** A box on its "email sent" view for Ada, the tenant mailing a link and a code (the demo tenant's `both`), the box told `method`. */
const sentWith = async (lang: string, method: 'code' | 'both') => {
  const el = await fixture<LoginBox>(html`<login-box domain=${TENANT_HOST} client-id="demo-spa" lang=${lang} view="forgot-password" reset-method=${method}></login-box>`).then(settled);
  type(input(el, 'email'), ADA.email);
  submitButton(el).click();
  await waitUntil(() => el.view === 'email-sent', 'the mail was never sent', { timeout: 5000 });
  return settled(el);
};

/** The code step of a `reset-method="code"` box, its chunk in and rendered. */
const codeStep = async (lang: string) => {
  const el = await sentWith(lang, 'code');
  await waitUntil(() => el.querySelector('login-box-reset-code input'), 'the code step never opened', { timeout: 5000 });
  await el.querySelector('login-box-reset-code')!.updateComplete;
  return el;
};

/** Submits `code` in the code step; resolves once the step shows the server's answer (the alert, or the new-password step). */
const submitCode = async (el: LoginBox, code: string) => {
  const step = el.querySelector('login-box-reset-code')!;
  type(input(step, 'code'), code);
  submitButton(step).click();
  await waitUntil(() => step.querySelector('[role="alert"]')!.textContent!.trim() !== '' || step.querySelector('reset-password-form input'),
    'the server never answered', { timeout: 5000 });
  await step.updateComplete;
  return el;
};

/** The code in the newest mail (the sender delivers off the request path). */
const mailedCode = async () => {
  await waitUntil(async () => (await outbox()).length > 0, 'no reset mail was sent', { timeout: 5000 });
  return codeFromMail((await outbox()).at(-1)!.text);
};

export const LOGIN_BOX_STATES: ComponentState[] = [
  { name: 'login-box: sign-in', reach: (lang) => freshBackend().then(() => box(lang)) },
  { name: 'login-box: sign-in, submitted empty', reach: async (lang) => { await freshBackend(); const el = await box(lang); return click(el, submitButton(el)); } },
  {
    name: 'login-box: sign-in, email not valid',
    reach: async (lang) => {
      await freshBackend();
      const el = await box(lang);
      type(input(el, 'username'), 'ada@');
      type(input(el, 'password'), ADA.password);
      return click(el, submitButton(el));
    },
  },
  {
    name: 'login-box: sign-in, wrong password',
    reach: async (lang) => { await freshBackend(); const el = await box(lang); await signIn(el, ADA.email, 'Not-Her-Password-1'); return answered(el); },
  },
  {
    name: 'login-box: sign-in, password shown',
    reach: async (lang) => { await freshBackend(); const el = await box(lang); type(input(el, 'password'), ADA.password); return click(el, toggle(el)); },
  },
  {
    name: 'login-box: sign-in, waiting after 429',
    reach: async (lang) => {
      await freshBackend();
      worker.use(rateLimited('/oauth/token', 60));
      const el = await box(lang);
      await signIn(el, ADA.email, ADA.password);
      return answered(el);
    },
  },
  { name: 'login-box: forgot-password', reach: (lang) => freshBackend().then(() => box(lang, 'forgot-password')) },
  {
    name: 'login-box: forgot-password, submitted empty',
    reach: async (lang) => { await freshBackend(); const el = await box(lang, 'forgot-password'); return click(el, submitButton(el)); },
  },
  {
    name: 'login-box: email-sent',
    reach: async (lang) => {
      await freshBackend();
      const el = await box(lang, 'forgot-password');
      type(input(el, 'email'), ADA.email);
      submitButton(el).click();
      await waitUntil(() => el.view === 'email-sent', 'the mail was never sent', { timeout: 5000 });
      return settled(el);
    },
  },
  { name: 'login-box: email-sent, the code offered (reset-method both)', reach: async (lang) => { await freshBackend(); return sentWith(lang, 'both'); } },
  { name: 'login-box: the code step', reach: async (lang) => { await freshBackend(); return codeStep(lang); } },
  {
    name: 'login-box: the code step, submitted empty',
    reach: async (lang) => {
      await freshBackend();
      const el = await codeStep(lang);
      const step = el.querySelector('login-box-reset-code')!;
      submitButton(step).click();
      await step.updateComplete;
      return el;
    },
  },
  { name: 'login-box: the code step, a wrong code', reach: async (lang) => { await freshBackend(); return submitCode(await codeStep(lang), '00000000'); } },
  {
    name: 'login-box: the new-password step in place',
    reach: async (lang) => {
      await freshBackend();
      const el = await codeStep(lang);
      await submitCode(el, await mailedCode());
      const form = el.querySelector('reset-password-form')!;
      await waitUntil(() => form.querySelector('.lb-rules'), 'the new-password step never opened', { timeout: 5000 });
      await form.updateComplete;
      return el;
    },
  },
];

export const RESET_FORM_STATES: ComponentState[] = [
  {
    name: 'reset-password-form: checking the link',
    reach: async (lang) => {
      const app = await freshBackend();
      const ticket = await mailedTicket();
      worker.use(slow(app, '/lo/reset/ticket', 5_000));
      return fixture<ResetPasswordForm>(html`<reset-password-form domain=${TENANT_HOST} .ticket=${ticket} lang=${lang}></reset-password-form>`).then(settled);
    },
  },
  {
    name: 'reset-password-form: the link could not be checked',
    reach: async (lang) => {
      await freshBackend();
      const ticket = await mailedTicket();
      worker.use(networkError('/lo/reset/ticket'));
      return form(lang, ticket);
    },
  },
  { name: 'reset-password-form: the form', reach: (lang) => freshBackend().then(() => form(lang)) },
  { name: 'reset-password-form: submitted empty', reach: async (lang) => { await freshBackend(); const el = await form(lang); return click(el, submitButton(el)); } },
  {
    name: 'reset-password-form: a weak password refused',
    reach: async (lang) => { await freshBackend(); const el = await form(lang); fill(el, 'hello'); return click(el, submitButton(el)); },
  },
  {
    name: 'reset-password-form: the confirmation differs',
    reach: async (lang) => { await freshBackend(); const el = await form(lang); fill(el, NEW_PASSWORD, `${NEW_PASSWORD}!`); return click(el, submitButton(el)); },
  },
  {
    name: 'reset-password-form: passwords shown',
    reach: async (lang) => { await freshBackend(); const el = await form(lang); fill(el, NEW_PASSWORD); return click(el, toggle(el)); },
  },
  {
    name: 'reset-password-form: waiting after 429',
    reach: async (lang) => {
      await freshBackend();
      const el = await form(lang);
      worker.use(rateLimited('/lo/reset', 60));
      fill(el, NEW_PASSWORD);
      submitButton(el).click();
      return answered(el);
    },
  },
  {
    name: 'reset-password-form: password changed',
    reach: async (lang) => {
      await freshBackend();
      const el = await form(lang);
      fill(el, NEW_PASSWORD);
      submitButton(el).click();
      await waitUntil(() => !el.querySelector('form'), 'the password was never changed', { timeout: 5000 });
      return settled(el);
    },
  },
  { name: 'reset-password-form: a bad link', reach: (lang) => freshBackend().then(() => form(lang, 'not-a-ticket')) },
  {
    name: 'reset-password-form: a new link requested',
    reach: async (lang) => {
      await freshBackend();
      const el = await form(lang, 'not-a-ticket');
      el.querySelector<HTMLButtonElement>('.lb-link')!.click();
      await waitUntil(() => el.querySelector('login-box input'), 'the forgot-password view never opened');
      await el.querySelector('login-box')!.updateComplete;
      return el;
    },
  },
];

export const ALL_STATES = [...LOGIN_BOX_STATES, ...RESET_FORM_STATES];

/** The controls a user can point at or tap: buttons, links and the visible fields. */
export const interactive = (el: Element) =>
  [...el.querySelectorAll<HTMLElement>('button, a[href], input:not([hidden])')];
