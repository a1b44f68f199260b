/**
 * msw handlers that hand every request for the fake tenant origin to the reference app, so the
 * components are tested (and the static demo runs) against the real server logic, not a copy.
 */
import { http, type RequestHandler } from 'msw';
import type { App } from '../app.js';

/** A fake origin: handlers never catch the dev server's own files, and no real host is ever hit. */
export const MSW_ORIGIN = 'https://tenant.login-box.test';

export const createHandlers = (app: Pick<App, 'fetch'>, origin = MSW_ORIGIN): RequestHandler[] => [
  http.all(`${origin}/*`, ({ request }) => app.fetch(request)),
];
