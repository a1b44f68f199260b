/** Seeding the store from the tenant file's users, once, on an empty store. */
import type { Deps } from './ports.js';
import { normalizePassword } from './policy.js';
import { randomId } from './secrets.js';
import { findConnection } from './tenant.js';

/** Auth0-style ids: `auth0|<24 hex>` for database users, `<strategy>|<id>` for the others. */
const userId = (strategy: string) => `${strategy}|${randomId(12)}`;

export async function seedUsers(deps: Deps): Promise<number> {
  if ((await deps.store.countUsers()) > 0) return 0;
  const now = deps.clock.now();
  for (const seed of deps.config.users) {
    const connection = findConnection(deps.config, seed.connection)!; // the config checked it
    await deps.store.insertUser({
      id: userId(connection.strategy),
      email: seed.email,
      connection: connection.name,
      passwordHash: seed.password ? await deps.hasher.hash(normalizePassword(seed.password)) : null,
      name: seed.name ?? null,
      emailVerified: seed.emailVerified,
      createdAt: now,
      updatedAt: now,
      lastPasswordReset: null,
    });
  }
  return deps.config.users.length;
}
