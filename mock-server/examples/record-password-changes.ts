/**
 * An example Post Change Password hook (config: `"hooks": {"postChangePassword": {"module": …}}`).
 * It is called with Auth0's `(user, context)` after a password change has committed; whatever it
 * does (notify another system, audit) cannot undo the change. This one records each call.
 */
import type { PasswordChangedContext, PasswordChangedUser } from '../domain/ports.js';

export const calls: { user: PasswordChangedUser; context: PasswordChangedContext }[] = [];

export default async function postChangePassword(user: PasswordChangedUser, context: PasswordChangedContext): Promise<void> {
  calls.push({ user, context });
}
