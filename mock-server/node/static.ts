/**
 * The demo site on the Node host: `/` redirects to `/demo/`, the demo page (under the same strict
 * CSP as the hosted reset page, so the demo proves the components need nothing inline), and the
 * embed bundle that `vite build` writes to dist/ (EMBED_SCRIPT and its lazy chunks). Only these
 * files are ever read from disk.
 */
import { Hono, type Context } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EMBED_SCRIPT } from '../routes/hosted-pages.js';

const HTML = 'text/html; charset=utf-8';
const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

const strictCsp = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'none'"],
    frameAncestors: ["'none'"],
    formAction: ["'self'"],
  },
});

async function sendFile(c: Context, path: string, type: string, missing = 'Not found.') {
  let body: Buffer;
  try {
    body = await readFile(path);
  } catch {
    return c.text(missing, 404);
  }
  // Revalidated on every load: the bundle changes with each build and has no hash in its name.
  return c.body(new Uint8Array(body), 200, { 'Content-Type': type, 'Cache-Control': 'no-cache' });
}

/** `root` is the repository (demo/ and dist/ below it). */
export function demoSiteRoutes(root: string) {
  const notBuilt = 'The embed bundle is not built: run `npm run build` (npm start does it first).';
  return new Hono()
    .get('/', (c) => c.redirect('/demo/'))
    .get('/demo', (c) => c.redirect('/demo/'))
    .get('/demo/', strictCsp, (c) => sendFile(c, join(root, 'demo/index.html'), HTML))
    .get('/demo/demo.css', (c) => sendFile(c, join(root, 'demo/demo.css'), CSS))
    .get(EMBED_SCRIPT, (c) => sendFile(c, join(root, 'dist/login-box.js'), JS, notBuilt))
    // Lazy chunks (the contract, each dictionary): plain file names only, never a path.
    .get(`${EMBED_SCRIPT.replace(/[^/]+$/, '')}chunks/:file{[A-Za-z0-9_-]+\\.js}`, (c) =>
      sendFile(c, join(root, 'dist/chunks', c.req.param('file')), JS));
}
