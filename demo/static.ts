/**
 * `npm run demo:static`: Vite serves demo/index.html with its one script tag pointed here. The
 * reference app runs inside the page (msw), each box is pointed at its fake origin, and then the
 * components load from source. Reset mail goes to the console, since there is no outbox page.
 */
import { createBrowserApp } from '../mock-server/msw/browser-app.js';
import { createHandlers, MSW_ORIGIN } from '../mock-server/msw/handlers.js';
import { worker } from '../mock-server/msw/worker.js';

const log = (level: 'info' | 'warn' | 'error') => (event: string, fields?: Record<string, unknown>) =>
  console[level](`[login-box server] ${event}`, fields ?? '');

const app = await createBrowserApp({ logger: { info: log('info'), warn: log('warn'), error: log('error') } });
worker.use(...createHandlers(app));
await worker.start({ onUnhandledRequest: 'bypass' });

for (const box of document.querySelectorAll('login-box')) box.setAttribute('domain', MSW_ORIGIN);
document.addEventListener('reset-email-sent', async () => {
  const mails: { to: string; text: string }[] = await (await fetch(`${MSW_ORIGIN}/dev/outbox`)).json();
  console.info('[dev outbox] latest mail', mails.at(-1));
});

await import('../src/index.js');
