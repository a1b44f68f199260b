/**
 * `npm run build:dashboard`: the admin dashboard as one ES module, dist-dashboard/dashboard.js
 * (Lit and the contract inside), which the reference server serves at /dashboard/dashboard.js.
 * Its own output folder: the embed build (vite.config.ts) empties dist/.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const path = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

export default defineConfig({
  publicDir: false,
  build: {
    target: 'es2022',
    outDir: path('dist-dashboard'),
    emptyOutDir: true,
    lib: { entry: path('mock-server/dashboard/main.ts'), formats: ['es'], fileName: () => 'dashboard.js' },
    rolldownOptions: { output: { minify: true } },
  },
});
