/**
 * `vite build`: the one-tag embed bundle, dist/login-box.js from src/embed.ts (Lit inside; the reset
 * form, the non-English dictionaries, the contract and the policy checklist as lazy chunks under dist/chunks/).
 * `vite` (npm run demo:static): the demo page with no server. The page's one script tag is swapped
 * for demo/static.ts, which starts msw with the reference app in the page, then loads the sources.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, parseSync, type Plugin } from 'vite';

const path = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

/** The embed script src in demo/index.html, as `npm start` serves it. */
const EMBED_SRC = '/assets/login-box.js';

const staticDemo = (): Plugin => ({
  name: 'login-box-static-demo',
  apply: 'serve',
  // 'pre': before Vite resolves the page's scripts, or it first tries (and fails) to load the embed src.
  transformIndexHtml: { order: 'pre', handler: (page) => page.replace(`src="${EMBED_SRC}"`, 'src="/static.ts"') },
});

const unwrap = (node: any): any => (node.type === 'ParenthesizedExpression' ? unwrap(node.expression) : node);
const keyOf = (property: any): string => property.key.name ?? property.key.value;

/**
 * Builds each locale chunk without its key names (about a third of a chunk gzipped): the body of
 * `(({ count, num }) => ({ signInTitle: '…', … }))` becomes `keyed(['…', …])`, its values in en's
 * key order, and localize() hands in `keyed`, which puts the names back. Unbuilt (tests, dev) the
 * modules return their objects and `keyed` goes unused. A locale whose keys differ fails the build.
 */
const keyedDictionaries = (): Plugin => {
  const english = unwrap((parseSync('en.ts', readFileSync(path('src/i18n/en.ts'), 'utf8')).program.body as any[])
    .map((statement: any) => statement.declaration?.declarations?.[0]).find((declaration: any) => declaration?.id.name === 'en').init);
  const keys: string[] = english.properties.map(keyOf);
  return {
    name: 'login-box-keyed-dictionaries',
    apply: 'build',
    enforce: 'post',
    transform(code, id) {
      if (!/\/src\/i18n\/locales\/[\w-]+\.ts$/.test(id)) return null;
      const exported: any = (parseSync(id, code).program.body as any[]).find((statement) => statement.type === 'ExportDefaultDeclaration');
      const arrow = unwrap(exported?.declaration);
      const body = arrow?.type === 'ArrowFunctionExpression' ? unwrap(arrow.body) : undefined;
      if (body?.type !== 'ObjectExpression' || arrow.params.length !== 1) this.error(`${id}: the default export must be (({ count, num }) => ({ … }))`);
      const values = new Map<string, string>(body.properties.map((property: any) => [keyOf(property), code.slice(property.value.start, property.value.end)]));
      const missing = keys.filter((key) => !values.has(key));
      const extra = [...values.keys()].filter((key) => !keys.includes(key));
      if (missing.length || extra.length) this.error(`${id}: missing ${missing.join(', ') || 'nothing'}, unknown ${extra.join(', ') || 'nothing'}`);
      const param = arrow.params[0];
      return code.slice(0, param.end) + ', keyed' + code.slice(param.end, body.start)
        + `keyed([${keys.map((key) => values.get(key)).join(',')}])` + code.slice(body.end);
    },
  };
};

export default defineConfig({
  root: path('demo'),
  plugins: [staticDemo(), keyedDictionaries()],
  server: { port: 5173, strictPort: true, fs: { allow: [path('.')] } },
  build: {
    target: 'es2022',
    outDir: path('dist'),
    emptyOutDir: true,
    copyPublicDir: false,
    lib: { entry: path('src/embed.ts'), formats: ['es'], fileName: () => 'login-box.js' },
    rolldownOptions: {
      // The lazy chunks (the reset form's above all) take Lit from the entry, which may export more for them than embed.ts does.
      preserveEntrySignatures: 'allow-extension',
      // Fully minified: lib mode keeps whitespace in ES output for re-bundlers, but this file is served as is.
      output: { chunkFileNames: 'chunks/[name]-[hash].js', minify: true },
    },
  },
});
