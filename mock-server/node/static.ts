/**
 * What the Node host serves from disk: `/` redirects to `/demo/`, the demo page (under the same
 * strict CSP as the hosted reset page, so the demo proves the components need nothing inline), the
 * embed bundle that `vite build` writes to dist/ (EMBED_SCRIPT and its lazy chunks), and the
 * dashboard bundle of `npm run build:dashboard` (in dist-dashboard/, which the embed build does not
 * empty). Only these files are ever read, and on every request, so a rebuild needs no restart.
 */
import { Hono, type Context } from 'hono';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { strictCsp } from '../http/headers.js';
import { DASHBOARD_SCRIPT, EMBED_SCRIPT } from '../paths.js';

const HTML = 'text/html; charset=utf-8';
const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

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

/** `root` is the repository (demo/, dist/ and dist-dashboard/ below it). */
export function staticFileRoutes(root: string) {
  return new Hono()
    .get('/', (c) => c.redirect('/demo/'))
    .get('/demo', (c) => c.redirect('/demo/'))
    .get('/demo/', strictCsp(), (c) => sendFile(c, join(root, 'demo/index.html'), HTML))
    .get('/demo/demo.css', (c) => sendFile(c, join(root, 'demo/demo.css'), CSS))
    // A second app on the demo: it logs in through the hosted login page (the code flow with PKCE).
    .get('/demo/hosted.html', strictCsp(), (c) => sendFile(c, join(root, 'demo/hosted.html'), HTML))
    .get('/demo/hosted.js', (c) => sendFile(c, join(root, 'demo/hosted.js'), JS))
    .get(EMBED_SCRIPT, (c) => sendFile(c, join(root, 'dist/login-box.js'), JS, 'The embed bundle is not built: run `npm run build` (npm start does it first).'))
    .get(DASHBOARD_SCRIPT, (c) => sendFile(c, join(root, 'dist-dashboard/dashboard.js'), JS, 'The dashboard bundle is not built: run `npm run build:dashboard` (npm start does it first).'))
    // Lazy chunks (the contract, each dictionary): plain file names only, never a path.
    .get(`${EMBED_SCRIPT.replace(/[^/]+$/, '')}chunks/:file{[A-Za-z0-9_-]+\\.js}`, (c) =>
      sendFile(c, join(root, 'dist/chunks', c.req.param('file')), JS));
}
