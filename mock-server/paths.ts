/**
 * Where each route family is mounted, and the asset paths that pages, the Node host's static
 * routes and tests all name. Routers use paths relative to their prefix.
 */
export const PREFIX = {
  databaseConnections: '/dbconnections',
  oauth: '/oauth',
  userinfo: '/userinfo',
  wellKnown: '/.well-known',
  resetPage: '/lo/reset',
  authorize: '/authorize',
  /** The hosted login page (Universal Login), where Auth0's New Universal Login has it. */
  hostedLogin: '/u/login',
  management: '/api/v2',
  dashboard: '/dashboard',
  dev: '/dev',
} as const;

/** Under `PREFIX.resetPage`: the page that starts a new reset, linked from the "your password was changed" mail. */
export const NEW_RESET_PAGE = '/request';

/** The embed bundle (built by `npm run build`, served by the Node host, loaded by the hosted pages). */
export const EMBED_SCRIPT = '/assets/login-box.js';
/** The dashboard bundle (built by `npm run build:dashboard`, served by the Node host: node/static.ts). */
export const DASHBOARD_SCRIPT = `${PREFIX.dashboard}/dashboard.js`;
