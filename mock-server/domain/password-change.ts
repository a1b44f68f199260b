/**
 * The one way a password changes, whoever asks (a reset link, the Management API, the dashboard):
 * a custom database is told first; then the new hash, the spent ticket, the revoked tickets and the
 * ended sessions commit together; only then does the Post Change Password hook hear of it. The hook
 * runs off the request path: it cannot undo the change, and its failure or a hang is only logged.
 *
 * A link to a custom database is spent first: its ticket is claimed (one conditional write, one
 * winner) before the script runs, so racing submissions make one external write, the winner's.
 * When the script fails the claim is released and the link works again. (A process that dies
 * between claim and commit leaves the link spent: the user asks for a new one.)
 */
import { connectionIdOf, type DatabaseConnection } from '../config.js';
import { changeExternalPassword, hasCustomScripts } from './custom-database.js';
import { describeFailure, withDeadline } from './deadline.js';
import { loginIdentifier } from './email.js';
import type { Deps, OutgoingMail, TicketRecord, User } from './ports.js';

export interface PasswordChangeRequest {
  user: User;
  connection: DatabaseConnection;
  /** Normalised and already accepted by the connection's policy. */
  password: string;
  /** The reset ticket this change spends, if it comes from a link. */
  ticket?: TicketRecord;
  /** Queued with the change, in its transaction (the "your password was changed" mail of a self-service reset). */
  mail?: OutgoingMail | undefined;
}

/** False when the ticket was spent or superseded meanwhile (or the user is gone); nothing changed then. */
export async function commitPasswordChange(deps: Deps, { user, connection, password, ticket, mail }: PasswordChangeRequest): Promise<boolean> {
  const passwordHash = await deps.hasher.hash(password);
  const ticketClaimedAt = ticket && hasCustomScripts(connection) ? deps.clock.now() : undefined;
  if (ticket && ticketClaimedAt !== undefined) {
    if (!(await deps.store.claimTicket(ticket.hash, user.id, ticketClaimedAt))) return false;
    try {
      await changeExternalPassword(deps, connection, user, password);
    } catch (error) {
      await deps.store.releaseTicket(ticket.hash, ticketClaimedAt);
      throw error;
    }
  } else {
    await changeExternalPassword(deps, connection, user, password);
  }
  const at = deps.clock.now();
  const changed = await deps.store.changePassword({
    userId: user.id, passwordHash, at,
    ticketHash: ticket?.hash,
    ticketClaimedAt,
    markEmailVerified: ticket?.markEmailVerified,
    keepHistory: connection.passwordPolicy.history,
    loginIdentifier: loginIdentifier(user.connection, user.email),
    mail,
  });
  if (changed && mail) deps.onMailQueued?.();
  if (changed) notifyPostChangePassword(deps, user, connection, at);
  return changed;
}

function notifyPostChangePassword(deps: Deps, user: User, connection: DatabaseConnection, at: number): void {
  const hook = deps.postChangePassword;
  if (!hook) return;
  const timeoutMs = deps.config.hooks.postChangePassword?.timeoutMs ?? 5_000;
  const userArg = { id: user.id, email: user.email, last_password_reset: new Date(at).toISOString() };
  const context = { connection: { id: connectionIdOf(connection), name: connection.name, tenant: deps.config.tenant.name } };
  const fields = { hook: 'post-change-password', user_id: user.id };
  void withDeadline(() => hook(userArg, context), timeoutMs).then(
    () => deps.logger.info('hook_succeeded', fields),
    (error: unknown) => deps.logger.error('hook_failed', { ...fields, error: describeFailure(error) }),
  );
}
