/**
 * Browser test helpers: a fresh reference server per test (msw hosting the real app in the page),
 * and small ways to act like a user and read what they see.
 */
import { fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import { createBrowserApp } from '../../../mock-server/msw/browser-app.js';
import { createHandlers, MSW_ORIGIN } from '../../../mock-server/msw/handlers.js';
import { worker } from '../../../mock-server/msw/worker.js';
import type { LoginBox } from '../../../src/index.js';
import '../../../src/index.js';

export { MSW_ORIGIN };
export const TENANT_HOST = new URL(MSW_ORIGIN).host;
export const ADA = { email: 'ada@example.com', password: 'Ada-Lovelace-1815' };

let started: Promise<unknown> | undefined;

/** A new server with the demo tenant for this test; earlier overrides (scenarios) are dropped. */
export async function freshBackend() {
  started ??= worker.start({
    quiet: true,
    // Requests to the test server itself (modules, locale chunks) pass; anything else is a bug.
    onUnhandledRequest: (request, print) => { if (!request.url.startsWith(location.origin)) print.error(); },
  });
  await started;
  const app = await createBrowserApp({ iterations: 1_000 });
  worker.resetHandlers(...createHandlers(app));
  return app;
}

/** Mail the server has sent, oldest first. */
export async function outbox(): Promise<{ to: string; subject: string }[]> {
  return (await fetch(`${MSW_ORIGIN}/dev/outbox`)).json();
}

export const loginBox = (template?: TemplateResult) =>
  fixture<LoginBox>(template ?? html`<login-box domain=${TENANT_HOST} client-id="demo-spa"></login-box>`);

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
  const names = ['login', 'forgot-password', 'reset-email-sent', 'login-failed'];
  const record = (event: Event) => seen.push(event);
  for (const name of names) document.addEventListener(name, record);
  return { seen, stop: () => names.forEach((name) => document.removeEventListener(name, record)) };
}

/** Lit's dev-mode warnings, except the one saying dev mode is on. */
export const litWarnings = (): string[] =>
  [...((globalThis as { litIssuedWarnings?: Set<string> }).litIssuedWarnings ?? [])].filter((warning) => !warning.startsWith('Lit is in dev mode'));
