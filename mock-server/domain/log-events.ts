/**
 * Auth0's tenant log event codes, as our structured log's `event` field, so a log search written
 * for an Auth0 tenant finds the same events here.
 */
export const LOG_EVENT = {
  /** `s`: Success Login. */
  loggedIn: 's',
  /** `scp`: Success Change Password (a reset link, the Management API or the dashboard). */
  passwordChanged: 'scp',
  /** `scpr`: Success Change Password Request (a reset mail was queued). */
  resetRequested: 'scpr',
  /** `fcpr`: Failed Change Password Request (no such user, or too many mails for one); the caller is told nothing. */
  resetRequestFailed: 'fcpr',
  /** `sapi`: Success API Operation (Management API). */
  apiOperation: 'sapi',
} as const;

/** How long the store keeps log events (GET /api/v2/logs): 30 days, as Auth0's paid plans do. */
export const LOG_RETENTION_MS = 30 * 24 * 3600 * 1000;
