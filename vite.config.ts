/**
 * `vite build`: the one-tag embed bundle, dist/login-box.js (Lit inside; the non-English
 * dictionaries, the contract and the policy checklist as lazy chunks under dist/chunks/).
 * `vite` (npm run demo:static): the demo page with no server. The page's one script tag is swapped
 * for demo/static.ts, which starts msw with the reference app in the page, then loads the sources.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const path = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

/** The embed script src in demo/index.html, as `npm start` serves it. */
const EMBED_SRC = '/assets/login-box.js';

const staticDemo = (): Plugin => ({
  name: 'login-box-static-demo',
  apply: 'serve',
  // 'pre': before Vite resolves the page's scripts, or it first tries (and fails) to load the embed src.
  transformIndexHtml: { order: 'pre', handler: (page) => page.replace(`src="${EMBED_SRC}"`, 'src="/static.ts"') },
});

export default defineConfig({
  root: path('demo'),
  plugins: [staticDemo()],
  server: { port: 5173, strictPort: true, fs: { allow: [path('.')] } },
  build: {
    target: 'es2022',
    outDir: path('dist'),
    emptyOutDir: true,
    copyPublicDir: false,
    lib: { entry: path('src/index.ts'), formats: ['es'], fileName: () => 'login-box.js' },
    // Fully minified: lib mode keeps whitespace in ES output for re-bundlers, but this file is served as is.
    rolldownOptions: { output: { chunkFileNames: 'chunks/[name]-[hash].js', minify: true } },
  },
});
