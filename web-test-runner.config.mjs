// Component tests in Debian's Chromium (never a downloaded browser), against the reference app
// hosted in the page by msw. Lit runs in dev mode so its warnings can be asserted absent.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { defaultReporter } from '@web/test-runner';

const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** msw's worker must be served from the root so that its scope covers the test pages. */
function serveMswWorker(context, next) {
  if (context.path === '/mockServiceWorker.js') context.url = '/demo/public/mockServiceWorker.js';
  return next();
}

/** Prints `browser: N passed, N failed` on a plain line, which .ci/run totals. */
function summaryReporter() {
  let passed = 0;
  let failed = 0;
  const count = (suite) => {
    for (const test of suite.tests) {
      if (test.skipped) continue;
      if (test.passed) passed++;
      else failed++;
    }
    suite.suites.forEach(count);
  };
  return {
    onTestRunFinished({ sessions }) {
      for (const session of sessions) {
        if (session.testResults) count(session.testResults);
        // A file that failed to load or threw outside a test has no failed test to show for it.
        if (!session.passed && session.errors?.length) failed++;
      }
    },
    stop() {
      process.stdout.write(`browser: ${passed} passed, ${failed} failed\n`);
    },
  };
}

export default {
  // Components, and anything else that must run in a browser (named *.browser.test.ts).
  files: ['test/src/components/**/*.test.ts', 'test/src/**/*.browser.test.ts'],
  nodeResolve: { exportConditions: ['development'] },
  middleware: [serveMswWorker],
  plugins: [esbuildPlugin({ ts: true, json: true, tsconfig: './tsconfig.json', target: 'es2022' })],
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath: process.env.CHROME_PATH || '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS },
    }),
  ],
  // The one expected line; every other Lit warning fails the tests that check for it.
  filterBrowserLogs: ({ args }) => !String(args[0]).startsWith('Lit is in dev mode'),
  testFramework: { config: { timeout: 10_000 } },
  reporters: [defaultReporter(), summaryReporter()],
};
