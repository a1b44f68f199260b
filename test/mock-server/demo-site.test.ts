// The demo site the Node host serves next to the API: the page, its one script tag, the bundle.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { staticFileRoutes } from '../../mock-server/node/static.js';
import { DASHBOARD_SCRIPT, EMBED_SCRIPT } from '../../mock-server/paths.js';

describe('demo site', () => {
  let root: string;
  let site: ReturnType<typeof staticFileRoutes>;
  const get = (path: string) => site.request(path);

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'login-box-site-'));
    cpSync(new URL('../../demo', import.meta.url), join(root, 'demo'), { recursive: true });
    mkdirSync(join(root, 'dist/chunks'), { recursive: true });
    writeFileSync(join(root, 'dist/login-box.js'), 'export const bundle = 1;');
    writeFileSync(join(root, 'dist/chunks/fr-Abc_1.js'), 'export default {};');
    mkdirSync(join(root, 'dist-dashboard'));
    writeFileSync(join(root, 'dist-dashboard/dashboard.js'), 'export const dashboard = 1;');
    writeFileSync(join(root, 'secret.js'), 'nope');
    site = staticFileRoutes(root);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  test('/ redirects to the demo', async () => {
    const response = await get('/');
    assert.equal(response.status, 302);
    assert.equal(response.headers.get('location'), '/demo/');
  });

  test('the demo page embeds the box with one script tag, the bundle, and nothing inline', async () => {
    const response = await get('/demo/');
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type')!, /^text\/html/);
    const page = await response.text();
    const scripts = [...page.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
    assert.deepEqual(scripts, [`<script type="module" src="${EMBED_SCRIPT}">`]);
    assert.match(page, /<login-box client-id="demo-spa" reset-method="both"><\/login-box>/);
    assert.doesNotMatch(page, /<style|\sstyle=|\son[a-z]+=/i, 'no inline style or handler');
  });

  test('the page is served under a strict CSP', async () => {
    const csp = (await get('/demo/')).headers.get('content-security-policy')!;
    for (const directive of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "connect-src 'self'"]) {
      assert.ok(csp.includes(directive), `${directive} in ${csp}`);
    }
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  });

  test('the embed bundle and its chunks are served as JavaScript', async () => {
    const bundle = await get(EMBED_SCRIPT);
    assert.equal(bundle.status, 200);
    assert.match(bundle.headers.get('content-type')!, /^text\/javascript/);
    assert.equal(await bundle.text(), 'export const bundle = 1;');
    const chunk = await get(EMBED_SCRIPT.replace('login-box.js', 'chunks/fr-Abc_1.js'));
    assert.equal(chunk.status, 200);
  });

  test('the dashboard bundle is served as JavaScript, revalidated on every load', async () => {
    const bundle = await get(DASHBOARD_SCRIPT);
    assert.equal(bundle.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(bundle.headers.get('cache-control'), 'no-cache');
    assert.equal(await bundle.text(), 'export const dashboard = 1;');
  });

  test('nothing else from the disk', async () => {
    for (const path of ['/assets/chunks/..%2F..%2Fsecret.js', '/assets/chunks/%2e%2e%2fsecret.js', '/assets/secret.js', '/demo/static.ts', '/demo/../secret.js']) {
      assert.equal((await get(path)).status, 404, path);
    }
  });

  test('a missing bundle says how to build it', async () => {
    const bare = mkdtempSync(join(tmpdir(), 'login-box-site-'));
    try {
      for (const [path, command] of [[EMBED_SCRIPT, /`npm run build`/], [DASHBOARD_SCRIPT, /`npm run build:dashboard`/]] as const) {
        const response = await staticFileRoutes(bare).request(path);
        assert.equal(response.status, 404);
        assert.match(await response.text(), command);
      }
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });
});
