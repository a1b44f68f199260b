/**
 * Seeding the store from the tenant file's users: each one that the store does not have yet is
 * added, once, however many instances start at the same moment on one database.
 */
import { emailKey } from './email.js';
import type { Deps } from './ports.js';
import { normalizePassword } from './policy.js';
import { randomId } from './secrets.js';
import { findConnection } from './tenant.js';

/** Auth0-style ids: `auth0|<24 hex>` for database users, `<strategy>|<id>` for the others. */
const userId = (strategy: string) => `${strategy}|${randomId(12)}`;

/** Returns how many users this call added. */
export async function seedUsers(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  let added = 0;
  for (const seed of deps.config.users) {
    const connection = findConnection(deps.config, seed.connection)!; // the config checked it
    if (await deps.store.findUserByEmail(connection.name, emailKey(seed.email))) continue; // no hash to compute
    const inserted = await deps.store.insertUserIfAbsent({
      id: userId(connection.strategy),
      email: seed.email,
      connection: connection.name,
      passwordHash: seed.password ? await deps.hasher.hash(normalizePassword(seed.password)) : null,
      name: seed.name ?? null,
      emailVerified: seed.emailVerified,
      createdAt: now,
      updatedAt: now,
      lastPasswordReset: null,
      passwordResetRequired: false,
      locale: seed.locale ?? null,
    });
    if (inserted) added += 1;
  }
  return added;
}
