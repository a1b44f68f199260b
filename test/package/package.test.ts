/**
 * The package as people install it (`npm run test:package`): `npm pack` once, then what the
 * tarball holds, and importing it in plain Node as a server-rendering framework's server does.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { installTarball, packTarball, ROOT, run, tarballFiles } from './pack.js';

interface PackageJson {
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

  test('depends on what the browser code imports (lit, zod) and on nothing of the server', () => {
    assert.deepEqual(Object.keys(packed().dependencies).sort(), ['lit', 'zod']);
  });
});

describe('plain Node (a server-rendering framework\'s server)', () => {
  const app = join(work, 'node-app');

  /** Imports every entry of the package, and reports what it left on globalThis. */
  const IMPORT_EVERY_ENTRY = `
const before = new Set(Object.getOwnPropertyNames(globalThis));
const main = await import('login-box');
await import('login-box/login-box');
await import('login-box/reset-password-form');
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
});
