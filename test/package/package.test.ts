/**
 * The package as people install it (`npm run test:package`): `npm pack` once, then what the
 * tarball holds, importing it in plain Node as a server-rendering framework's server does, the
 * reference server's own workspace started by its bin (`npx login-box-server`), and the
 * example apps (examples/react, vue, svelte): each copied out of the repository, installed from its
 * own lockfile with `npm ci` plus the tarball, type-checked by its framework's checker with the
 * package's types (and a file of wrong usages refused), bundled by Vite, and used in Chromium
 * against the real server: signing in through `<login-box>`, then setting a new password through
 * `<reset-password-form>` from a mailed link, the app's own handlers showing the `login` and
 * `password-changed` events. Each app resets Ada's password, and the next signs in with it.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, test } from 'node:test';
import { stripVTControlCharacters } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { ADA, NEW_PASSWORD, passwordRealmGrant, resetRequest, SPA_CLIENT_ID, ticketFromMail } from '../fixtures.js';
import { launchBrowser, pageProblems, startServer, type RunningServer } from '../e2e/harness.js';
import { installTarball, packTarball, ROOT, run, tarballFiles } from './pack.js';
import { serveStatic, type StaticServer } from './static-server.js';

interface PackageJson {
  name: string;
  version: string;
  private?: boolean;
  exports: Record<string, string | Record<string, string>>;
  types: string;
  customElements: string;
  dependencies: Record<string, string>;
}

const work = mkdtempSync(join(tmpdir(), 'login-box-package-'));
let tarball = '';
let files: string[] = [];

before(async () => {
  tarball = await packTarball(work);
  files = await tarballFiles(tarball);
  console.log(`package: ${tarball.replace(/.*\//, '')} ${statSync(tarball).size} bytes, ${files.length} files`);
});
after(() => rmSync(work, { recursive: true, force: true }));

describe('the tarball', () => {
  /** What a user needs: the package build and its types, the embed and its chunks, the manifest, the framework types. */
  const SHIPPED = [
    /^(package\.json|README\.md|LICENSE)$/,
    /^dist\/lib\/.+\.(js|d\.ts)$/,
    /^dist\/types\/(react|vue|svelte)\.d\.ts$/,
    /^dist\/login-box\.js$/,
    /^dist\/chunks\/[\w-]+\.js$/,
    /^dist\/custom-elements\.json$/,
  ];
  const packed = () => JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as PackageJson;

  test('holds only the built code, its types, the manifest, README and LICENSE: no sources, tests, server or configs', () => {
    assert.deepEqual(files.filter((file) => !SHIPPED.some((pattern) => pattern.test(file))), []);
    for (const file of ['package.json', 'README.md', 'LICENSE', 'dist/login-box.js', 'dist/custom-elements.json']) assert.ok(files.includes(file), file);
  });

  test('every export, the types and the customElements field name a file in it; every module has its declarations', () => {
    const { exports, types, customElements } = packed();
    const targets = Object.values(exports).flatMap((target) => (typeof target === 'string' ? [target] : Object.values(target)));
    for (const target of [...targets, types, customElements]) assert.ok(files.includes(target.replace(/^\.\//, '')), target);
    const modules = files.filter((file) => file.startsWith('dist/lib/') && file.endsWith('.js'));
    assert.ok(modules.length > 10, `${modules.length} modules`);
    for (const module of modules) assert.ok(files.includes(module.replace(/\.js$/, '.d.ts')), module);
  });

  test('can be published: not private, a name npm accepts, a semver version', () => {
    const { name, version, private: isPrivate } = packed();
    assert.equal(isPrivate, undefined);
    assert.match(name, /^[a-z0-9][a-z0-9._-]{0,213}$/);
    assert.match(version, /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
  });

  test('depends on what the browser code imports (lit, zod) and on nothing of the server', () => {
    assert.deepEqual(Object.keys(packed().dependencies).sort(), ['lit', 'zod']);
  });
});

describe('plain Node (a server-rendering framework\'s server)', () => {
  const app = join(work, 'node-app');

  /** Imports every entry of the package, and reports what it left on globalThis. */
  const IMPORT_EVERY_ENTRY = `
const before = new Set(Object.getOwnPropertyNames(globalThis));
const main = await import('login-box-elements');
await import('login-box-elements/login-box');
await import('login-box-elements/reset-password-form');
console.log(JSON.stringify({
  exports: Object.keys(main).sort(),
  added: Object.getOwnPropertyNames(globalThis).filter((name) => !before.has(name)).sort(),
  browserGlobals: ['window', 'document', 'location', 'HTMLElement'].filter((name) => name in globalThis),
  defined: ['login-box', 'reset-password-form'].map((tag) => customElements.get(tag)?.name),
}));`;

  test('importing every entry throws nothing, defines no window or document, and registers the classes with Lit\'s server shim only', async () => {
    rmSync(app, { recursive: true, force: true });
    await run('mkdir', ['-p', app], work);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'node-app', private: true, type: 'module' }));
    await installTarball(app, tarball);
    const report = JSON.parse(await run(process.execPath, ['--input-type=module', '-e', IMPORT_EVERY_ENTRY], app)) as {
      exports: string[]; added: string[]; browserGlobals: string[]; defined: string[];
    };
    assert.ok(report.exports.includes('LoginBox') && report.exports.includes('LoginEvent'), report.exports.join());
    assert.deepEqual(report.browserGlobals, []);
    // Lit's node build puts its customElements shim on globalThis, and its version and metadata bookkeeping.
    assert.deepEqual(report.added.filter((name) => !/^lit|Versions$/.test(name)), ['customElements']);
    assert.deepEqual(report.defined, ['LoginBox', 'ResetPasswordForm']);
  });

  for (const [entry, defines] of [['login-box', ['LoginBox', null]], ['reset-password-form', [null, 'ResetPasswordForm']]] as const) {
    test(`importing only ./${entry} defines only <${entry}>`, async () => {
      const defined = JSON.parse(await run(process.execPath, ['--input-type=module', '-e', `
await import('login-box-elements/${entry}');
console.log(JSON.stringify(['login-box', 'reset-password-form'].map((tag) => customElements.get(tag)?.name ?? null)));`], app));
      assert.deepEqual(defined, defines);
    });
  }
});

describe('the reference server, a workspace of its own', () => {
  test('npx login-box-server starts it with the demo tenant: Ada signs in', async () => {
    // Its own process group: npx runs the server in a child of its own, and both must stop.
    const child = spawn('npx', ['login-box-server', '--port', '0', '--db', join(work, 'bin.sqlite')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], detached: true });
    try {
      const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
      const url = /^login-box server listening on (http:\/\/\S+)$/.exec(line)?.[1];
      assert.ok(url, line);
      const signIn = await fetch(`${url}/oauth/token`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(passwordRealmGrant(ADA.email, ADA.password)),
      });
      assert.equal(signIn.status, 200);
    } finally {
      const exited = once(child, 'exit');
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
    }
  });
});

interface Example {
  name: string;
  dir: string;
  /** Wrong usages of the elements, and what the type checker must say about each. */
  wrong: { file: string; source: string; errors: string[] };
  /** Where the checker's output names the file of each error. */
  errorAt: RegExp;
}

const VIEW_ERROR = `Type '"nope"' is not assignable to type 'LoginBoxView | undefined'`;
const NO_CODE_ERROR = `Property 'code' does not exist on type 'LoginEvent'`;
const NO_TOKENS_ERROR = `Property 'tokens' does not exist on type 'PasswordChangedEvent'`;
/** tsc and vue-tsc: `src/App.vue(7,14): error TS2322: …`. */
const TSC_ERROR_AT = /^(\S+)\(\d+,\d+\): error/gm;

const EXAMPLES: Example[] = [
  {
    name: 'React 19', dir: 'react',
    wrong: {
      file: 'src/wrong.tsx',
      source: `import type {} from 'login-box-elements/react';
export const wrong = [
  <login-box view="nope" />,
  <login-box onlogin={(event) => event.code} />,
  <reset-password-form onpassword-changed={(event) => event.tokens} />,
  <login-boxx />,
];
`,
      errors: [VIEW_ERROR, NO_CODE_ERROR, NO_TOKENS_ERROR, `Property 'login-boxx' does not exist on type 'JSX.IntrinsicElements'`],
    },
    errorAt: TSC_ERROR_AT,
  },
  {
    name: 'Vue 3', dir: 'vue',
    wrong: {
      file: 'src/Wrong.vue',
      source: `<script setup lang="ts">
import type { LoginEvent } from 'login-box-elements';
const onSignIn = (event: LoginEvent) => event.email;
</script>
<template>
  <login-box view="nope" />
  <login-box @login="(event) => event.code" @login-failed="onSignIn" />
  <reset-password-form @password-changed="(event) => event.tokens" />
</template>
`,
      errors: [VIEW_ERROR, NO_CODE_ERROR, `'(event: LoginEvent) => string' is not assignable to type '(event: LoginFailedEvent) => void'`, NO_TOKENS_ERROR],
    },
    errorAt: TSC_ERROR_AT,
  },
  {
    name: 'Svelte 5', dir: 'svelte',
    wrong: {
      file: 'src/Wrong.svelte',
      source: `<script lang="ts">
  import type { LoginEvent } from 'login-box-elements';
  const onSignIn = (event: LoginEvent) => event.email;
</script>
<login-box view="nope"></login-box>
<login-box onlogin={(event) => event.code} onlogin-failed={onSignIn}></login-box>
<reset-password-form onpassword-changed={(event) => event.tokens}></reset-password-form>
`,
      errors: [VIEW_ERROR, NO_CODE_ERROR, `'(event: LoginEvent) => string' is not assignable to type '(event: LoginFailedEvent) => void'`, NO_TOKENS_ERROR],
    },
    errorAt: /^(\S+):\d+:\d+$/gm, // svelte-check: the file:line:column line above each message
  },
];

/** `npm run <script>` in `dir` must fail: what it printed. */
async function failingOutput(dir: string, script: string): Promise<string> {
  try {
    await run('npm', ['run', script], dir);
  } catch (error) {
    // Checkers colour their output when they think they are in CI (svelte-check does under CI=true).
    return stripVTControlCharacters((error as Error).message);
  }
  throw new Error(`npm run ${script} passed in ${dir}`);
}

describe('the example apps', () => {
  let app: StaticServer;
  let server: RunningServer;
  let browser: Browser;
  let password = ADA.password;
  let mails = 0;

  before(async () => {
    app = await serveStatic();
    // The demo tenant, with demo-spa also allowed from the origin the built apps are served on.
    const tenant = JSON.parse(readFileSync(join(ROOT, 'mock-server/tenants/demo.json'), 'utf8')) as { clients: { clientId: string; allowedOrigins?: string[] }[] };
    const spa = tenant.clients.find((client) => client.clientId === SPA_CLIENT_ID)!;
    spa.allowedOrigins = [...(spa.allowedOrigins ?? []), app.origin];
    writeFileSync(join(work, 'tenant.json'), JSON.stringify(tenant));
    server = await startServer(['--config', join(work, 'tenant.json')]);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    await app?.close();
  });

  for (const example of EXAMPLES) {
    describe(example.name, () => {
      const dir = join(work, example.dir);
      const timings: string[] = [];
      const timed = async (step: string, action: () => Promise<unknown>) => {
        const start = performance.now();
        await action();
        timings.push(`${step} ${((performance.now() - start) / 1000).toFixed(1)} s`);
      };
      after(() => console.log(`package: ${example.name}: ${timings.join(', ')}`));

      test('npm ci from its own lockfile, then the tarball', () => timed('install', async () => {
        cpSync(join(ROOT, 'examples', example.dir), dir, { recursive: true, filter: (path) => !/[/\\](node_modules|dist)$/.test(path) });
        await run('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund'], dir);
        await installTarball(dir, tarball);
      }));

      // One run of the checker over the app and a file of wrong usages: every error in that file, each one expected.
      test('type-checks with the package\'s types, and refuses wrong attributes, handlers and tags', () => timed('type check', async () => {
        writeFileSync(join(dir, example.wrong.file), example.wrong.source);
        const output = await failingOutput(dir, 'typecheck');
        rmSync(join(dir, example.wrong.file));
        const files = new Set([...output.matchAll(example.errorAt)].map((match) => match[1]!.replace(`${dir}/`, '')));
        assert.deepEqual([...files], [example.wrong.file], output);
        for (const error of example.wrong.errors) assert.ok(output.includes(error), `missing "${error}" in:\n${output}`);
      }));

      test('bundles with Vite', () => timed('build', () => run('npm', ['run', 'build'], dir)));

      /** Opens the built app with `query` and runs `steps`; the page must log no error. */
      const inApp = (query: Record<string, string>, steps: (page: Page) => Promise<void>) => async () => {
        app.root = join(dir, 'dist');
        const page = await browser.newPage();
        const problems = pageProblems(page);
        try {
          await page.goto(`${app.origin}/?${new URLSearchParams({ domain: server.url, ...query })}`);
          await steps(page);
          assert.deepEqual(problems, []);
        } finally {
          await page.close();
        }
      };
      const status = async (page: Page, text: string) => {
        await page.locator('#status', { hasText: text }).waitFor({ timeout: 10_000 });
        return page.locator('#status').textContent();
      };

      test('in Chromium, signing in through <login-box> against the real server reaches the app\'s login handler', () => timed('sign-in', inApp({}, async (page) => {
        assert.equal(await status(page, 'Signed out'), 'Signed out');
        await page.locator('login-box input[name=username]').fill(ADA.email);
        await page.locator('login-box input[name=password]').fill(password);
        await page.locator('login-box button[type=submit]').click();
        assert.equal(await status(page, 'Signed in'), `Signed in as ${ADA.email} (Bearer token)`);
      })));

      test('in Chromium, a mailed reset link opened in the app: <reset-password-form> sets the password, the app\'s password-changed handler sees it', async () => {
        assert.equal((await server.post('/dbconnections/change_password', resetRequest(ADA.email))).status, 200);
        const ticket = ticketFromMail((await server.mail(++mails)).filter((mail) => mail.text.includes('/lo/reset?ticket=')).at(-1)!.text);
        const newPassword = `${NEW_PASSWORD}-${example.dir}`;
        await timed('reset', inApp({ ticket }, async (page) => {
          await page.getByLabel('New password', { exact: true }).fill(newPassword);
          await page.getByLabel('Confirm new password').fill(newPassword);
          await page.locator('reset-password-form button[type=submit]').click();
          assert.equal(await status(page, 'New password set'), `New password set for ${ADA.email}`);
        }));
        mails++; // the "password changed" mail that follows a reset
        password = newPassword;
      });
    });
  }
});
