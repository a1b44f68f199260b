/**
 * Auth0 custom database connections: the connection's scripts own the users and their passwords.
 * We ask `getUser` before anything is mailed or issued, keep a local profile of each user it
 * returns (tickets and sessions refer to users by id), and let `changePassword` set the password
 * in the external store before ours commits (a link's ticket is claimed before that: domain/password-change.ts).
 */
import type { DatabaseConnection } from '../config.js';
import { withDeadline, describeFailure } from './deadline.js';
import { emailKey } from './email.js';
import { DomainError } from './errors.js';
import type { CustomDatabaseProfile, CustomDatabaseScripts, Deps, User } from './ports.js';

/** Auth0 gives custom database scripts 20 s. */
export const SCRIPT_TIMEOUT_MS = 20_000;

function scriptsOf(deps: Deps, connection: DatabaseConnection): CustomDatabaseScripts | undefined {
  if (!connection.customScripts) return undefined;
  const scripts = deps.customDatabases?.[connection.name];
  // The host loads every configured module at start-up; reaching this is a wiring bug, not bad input.
  if (!scripts) throw new Error(`the custom database scripts of "${connection.name}" were not loaded`);
  return scripts;
}

const isProfile = (value: unknown): value is CustomDatabaseProfile =>
  typeof value === 'object' && value !== null
  && typeof (value as CustomDatabaseProfile).user_id === 'string' && (value as CustomDatabaseProfile).user_id !== ''
  && typeof (value as CustomDatabaseProfile).email === 'string';

/**
 * The connection's user with this address. For a custom database only when its getUser script
 * knows them (a failing or slow script counts as "not found" and is logged); their local profile
 * is created on first sight, without a password hash until one is set here.
 */
export async function findDatabaseUser(deps: Deps, connection: DatabaseConnection, email: string): Promise<User | undefined> {
  const scripts = scriptsOf(deps, connection);
  const local = await deps.store.findUserByEmail(connection.name, emailKey(email));
  if (!scripts) return local;

  let profile: unknown;
  try {
    profile = await withDeadline(() => scripts.getUser(email), SCRIPT_TIMEOUT_MS);
  } catch (error) {
    deps.logger.warn('custom_db_failed', { script: 'getUser', connection: connection.name, error: describeFailure(error) });
    return undefined;
  }
  if (profile === null || profile === undefined) return undefined;
  if (!isProfile(profile) || emailKey(profile.email) !== emailKey(email)) {
    deps.logger.warn('custom_db_failed', { script: 'getUser', connection: connection.name, error: 'returned a profile without user_id or with another email' });
    return undefined;
  }
  if (local) return local;

  const now = deps.clock.now();
  try {
    await deps.store.insertUser({
      id: `auth0|${profile.user_id}`, email: profile.email, connection: connection.name, passwordHash: null,
      name: profile.name ?? null, emailVerified: profile.email_verified ?? false, createdAt: now, updatedAt: now, lastPasswordReset: null, passwordResetRequired: false,
    });
  } catch {
    // A concurrent request imported them first (or the id is taken): whatever is stored now wins.
  }
  return deps.store.findUserByEmail(connection.name, emailKey(email));
}

/** Whether the connection's users live in an external store (its scripts own their passwords). */
export const hasCustomScripts = (connection: DatabaseConnection): boolean => !!connection.customScripts;

/** Sets the password in the connection's external store, if it has one; throws when that fails. */
export async function changeExternalPassword(deps: Deps, connection: DatabaseConnection, user: User, password: string): Promise<void> {
  const scripts = scriptsOf(deps, connection);
  if (!scripts) return;
  let changed: unknown;
  try {
    changed = await withDeadline(() => scripts.changePassword(user.email, password), SCRIPT_TIMEOUT_MS);
  } catch (error) {
    deps.logger.warn('custom_db_failed', { script: 'changePassword', connection: connection.name, user_id: user.id, error: describeFailure(error) });
    changed = false;
  }
  if (changed !== true) {
    throw new DomainError('custom_database_failed', `The user store of connection "${connection.name}" did not change the password. Try again later.`);
  }
}
