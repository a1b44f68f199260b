/**
 * Browser test helpers: a fresh reference server per test (msw hosting the real app in the page),
 * and small ways to act like a user and read what they see.
 */
import { fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { TemplateResult } from 'lit';
import type { TenantConfigInput } from '../../../mock-server/config.js';
import { createBrowserApp } from '../../../mock-server/msw/browser-app.js';
import { createHandlers, MSW_ORIGIN } from '../../../mock-server/msw/handlers.js';
import { worker } from '../../../mock-server/msw/worker.js';
import type { LoginBox, ResetPasswordForm } from '../../../src/index.js';
import '../../../src/index.js';
import { ADA, resetRequest, ticketFromMail } from '../../fixtures.js';

export { ADA, DB_CONNECTION, NEW_PASSWORD, SPA_CLIENT_ID } from '../../fixtures.js';
export { MSW_ORIGIN };
export const TENANT_HOST = new URL(MSW_ORIGIN).host;

let started: Promise<unknown> | undefined;

/**
 * A new server with the demo tenant for this test; earlier overrides (scenarios) are dropped. The
 * test page's origin is allowed, as a tenant allows its app's: the reset endpoints check Origin.
 */
export const freshBackend = () => backendWith();

/** The same, with changes to the demo tenant (a policy, no result URL…). */
export async function backendWith(change?: (tenant: TenantConfigInput) => void) {
  started ??= worker.start({
    quiet: true,
    // Requests to the test server itself (modules, locale chunks) pass; anything else is a bug.
    onUnhandledRequest: (request, print) => { if (!request.url.startsWith(location.origin)) print.error(); },
  });
  await started;
  const app = await createBrowserApp({
    iterations: 1_000,
    tenant: (tenant) => {
      const spa = tenant.clients.find((client) => client.type === 'spa');
      if (spa?.type === 'spa') spa.allowedOrigins = [...(spa.allowedOrigins ?? []), location.origin];
      change?.(tenant);
    },
  });
  worker.resetHandlers(...createHandlers(app));
  return app;
}

/** Mail the server has sent, oldest first. */
export async function outbox(): Promise<{ to: string; subject: string; text: string }[]> {
  return (await fetch(`${MSW_ORIGIN}/dev/outbox`)).json();
}

/** Asks the server for a reset mail, as the forgot-password view does, and returns the ticket from its link. */
export async function mailedTicket(email = ADA.email): Promise<string> {
  const before = (await outbox()).length;
  await fetch(`${MSW_ORIGIN}/dbconnections/change_password`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify(resetRequest(email)),
  });
  await waitUntil(async () => (await outbox()).length > before, 'no reset mail was sent');
  return ticketFromMail((await outbox()).at(-1)!.text);
}

export const loginBox = (template?: TemplateResult) =>
  fixture<LoginBox>(template ?? html`<login-box domain=${TENANT_HOST} client-id="demo-spa"></login-box>`);

/** A reset form for `ticket`, with its first state (the form, or the bad-link message) rendered. */
export async function resetForm(ticket: string, template?: TemplateResult) {
  const el = await fixture<ResetPasswordForm>(template ?? html`<reset-password-form domain=${TENANT_HOST} .ticket=${ticket}></reset-password-form>`);
  // Checking the link is the only state that arrives with something in a status line (the notice starts empty).
  await waitUntil(() => el.querySelector('h2') && !el.querySelector('[role="status"]:not(:empty)'), 'the link was never checked', { timeout: 5000 });
  return el;
}

/**
 * The policy checklist as a screen reader reads it: each rule's text and its state word
 * ("met", "not met", "checked when you submit"), nested rules indented.
 */
export const checklist = (el: Element) =>
  [...el.querySelectorAll('.lb-rules li')].map((item) => {
    const own = [...item.childNodes].filter((node) => node.nodeType === Node.TEXT_NODE).map((node) => node.textContent).join('');
    const state = item.querySelector(':scope > .lb-sr')!.textContent!.trim().replace(/^\((.*)\)$/, '$1');
    return `${item.parentElement!.closest('li') ? '  ' : ''}${own}: ${state}`;
  });

export const input = (el: Element, name: string) => el.querySelector<HTMLInputElement>(`input[name="${name}"]`)!;
export const submitButton = (el: Element) => el.querySelector<HTMLButtonElement>('button[type="submit"]')!;
export const heading = (el: Element) => el.querySelector('h2')?.textContent?.trim();
export const alertText = (el: Element) => el.querySelector('[role="alert"]')!.textContent!.trim();
/** The visible notice (signed in, may retry). */
export const noticeText = (el: Element) => el.querySelector('[role="status"]')!.textContent!.trim();
/** A button or link by its visible text. */
export const control = (el: Element, text: string) =>
  [...el.querySelectorAll<HTMLElement>('button, a')].find((candidate) => candidate.textContent!.trim() === text);

/** Types like a user: sets the value and fires `input`. */
export function type(field: HTMLInputElement, value: string) {
  field.value = value;
  field.dispatchEvent(new Event('input', { bubbles: true }));
}

export async function signIn(el: LoginBox, email: string, password: string) {
  type(input(el, 'username'), email);
  type(input(el, 'password'), password);
  submitButton(el).click();
}

/** The next `name` event from `target`, typed by the event map (oneEvent alone says CustomEvent). */
export const nextEvent = <K extends keyof GlobalEventHandlersEventMap>(target: EventTarget, name: K) =>
  oneEvent<GlobalEventHandlersEventMap[K]>(target, name);

export const waitForAlert = (el: Element) => waitUntil(() => alertText(el) !== '', 'no error was shown');

/** Every event the components fire, recorded from the document. */
export function recordEvents() {
  const seen: Event[] = [];
  const names = ['login', 'forgot-password', 'reset-email-sent', 'login-failed', 'password-changed', 'reset-failed', 'request-new-link'];
  const record = (event: Event) => seen.push(event);
  for (const name of names) document.addEventListener(name, record);
  return { seen, stop: () => names.forEach((name) => document.removeEventListener(name, record)) };
}

const DEV_MODE_WARNING = 'Lit is in dev mode';

/**
 * Lit's dev-mode warnings, except the one saying dev mode is on. Only dev-mode Lit warns at all, so
 * this first checks that the page runs it (web-test-runner's `development` export condition), and
 * throws when it does not: an empty list from production Lit would prove nothing.
 */
export function litWarnings(): string[] {
  const issued = (globalThis as { litIssuedWarnings?: Set<string> }).litIssuedWarnings;
  const warnings = [...(issued ?? [])];
  if (!warnings.some((warning) => warning.startsWith(DEV_MODE_WARNING))) {
    throw new Error('Lit is not in dev mode here, so the absence of its warnings says nothing (web-test-runner.config.mjs: exportConditions development)');
  }
  return warnings.filter((warning) => !warning.startsWith(DEV_MODE_WARNING));
}

/** Presses Tab `times` times and names where focus went each time. */
export async function tabStops(el: Element, times: number): Promise<(string | null)[]> {
  const stops: (string | null)[] = [];
  for (let i = 0; i < times; i++) {
    await sendKeys({ press: 'Tab' });
    const active = document.activeElement;
    stops.push(active && el.contains(active) ? active.getAttribute('name') ?? active.textContent!.trim() : null);
  }
  return stops;
}

/** Types the new password and its confirmation into a reset form. */
export function fill(el: Element, password: string, confirmation = password) {
  type(input(el, 'newPassword'), password);
  type(input(el, 'confirmNewPassword'), confirmation);
}

/** Keeps the test page where it is: cancels the reset form's redirect to the server's result URL. */
export const stayOnPage = (el: Element) => el.addEventListener('password-changed', (event) => event.preventDefault());

/** Counts the requests that would set a password. */
export function watchResets() {
  let count = 0;
  const see = ({ request }: { request: Request }) => { if (new URL(request.url).pathname === '/lo/reset') count++; };
  worker.events.on('request:start', see);
  return { count: () => count, stop: () => worker.events.removeListener('request:start', see) };
}
