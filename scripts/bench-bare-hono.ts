/**
 * The baseline of `npm run bench`: a bare Hono POST route on the same Node server adapter as the
 * reference server, reading a JSON body and answering a fixed text. Prints "listening on URL".
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono().post('/bare', async (c) => {
  await c.req.json();
  return c.text('ok');
});
serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => console.log(`listening on http://127.0.0.1:${info.port}`));
