/**
 * `npm run screenshots [-- LANG]`: every visible state of both components (the demo page's box, the
 * hosted login and reset pages; test/e2e/ui-states.ts) at 320 px and 900 px wide, light and dark,
 * as full-page PNGs in screenshots/ (not committed), for reviewing by eye. LANG (default en) is
 * any shipped language, e.g. `npm run screenshots -- ar` for right to left.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, ROOT } from '../test/e2e/harness.js';
import { PAGE_STATES, reach, startDemoServer } from '../test/e2e/ui-states.js';

const WIDTHS = [320, 900];
const SCHEMES = ['light', 'dark'] as const;
const lang = process.argv[2] ?? 'en';
const folder = join(ROOT, 'screenshots');

mkdirSync(folder, { recursive: true });
const server = await startDemoServer();
const browser = await launchBrowser();
let written = 0;
try {
  for (const width of WIDTHS) {
    for (const colorScheme of SCHEMES) {
      const context = await browser.newContext({ viewport: { width, height: 720 }, colorScheme, locale: lang });
      const page = await context.newPage();
      for (const state of PAGE_STATES) {
        await reach(page, server, state, lang);
        await page.screenshot({ path: join(folder, `${state.name}-${lang}-${width}-${colorScheme}.png`), fullPage: true });
        written++;
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.stop();
}
console.log(`screenshots: ${written} PNG files in ${folder}`);
