/**
 * Development-only routes (off with --no-dev): the dev outbox, so a reset can be tried end to end
 * without a mail server. It lists what was sent, oldest first.
 */
import { Hono } from 'hono';
import { html } from 'hono/html';
import type { Deps, Mail } from '../domain/ports.js';
import { NO_STORE } from '../http/headers.js';

/** A plain-text body with its links made clickable; every piece of text is escaped by `html`. */
const linkified = (text: string) =>
  text.split(/(https?:\/\/[^\s<>"]+)/).map((part, index) => (index % 2 ? html`<a href="${part}" rel="noreferrer">${part}</a>` : html`${part}`));

const outboxPage = (mails: Mail[]) => html`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Dev outbox</title></head>
<body>
<main>
<h1>Dev outbox</h1>
${mails.length === 0 ? html`<p>No mail has been sent yet.</p>` : mails.map((mail) => html`<article>
<h2>${mail.subject}</h2>
<p>To: ${mail.to} · ${new Date(mail.sentAt ?? mail.createdAt).toISOString()}</p>
<pre>${linkified(mail.text)}</pre>
</article>`)}
</main>
</body>
</html>`;

/** Mounted at `PREFIX.dev`. */
export function devRoutes(deps: Deps) {
  return new Hono()
    .get('/outbox', async (c) => {
      const mails = await deps.store.sentMail();
      return c.json(
        mails.map((mail) => ({ to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, sentAt: new Date(mail.sentAt!).toISOString() })),
        200, NO_STORE,
      );
    })
    .get('/outbox.html', async (c) => c.html(outboxPage(await deps.store.sentMail()), 200, NO_STORE));
}
