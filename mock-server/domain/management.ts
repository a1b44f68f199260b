/**
 * The Management API's password operations (wire notes §4): reset tickets made for an admin or a
 * backend to hand over, and setting a password directly. Both follow the seed's rules: only the
 * newest ticket or mailed link of a user works, and a direct set applies the connection's policy,
 * ends every session and kills outstanding links, without mailing the user.
 */
import { DEFAULT_TICKET_TTL_SEC, type PasswordChangeTicketRequest, type UpdateUserRequest } from '../../src/api/contract.js';
import { connectionIdOf, isDatabase, type Connection, type DatabaseConnection } from '../config.js';
import { findDatabaseUser } from './custom-database.js';
import { DomainError } from './errors.js';
import { LOG_EVENT } from './log-events.js';
import { commitPasswordChange } from './password-change.js';
import { resetMail } from './password-reset.js';
import { enforcePolicy, normalizePassword } from './policy.js';
import type { Deps, User } from './ports.js';
import { mailedCode } from './reset-code.js';
import { allowedResultUrl } from './result-url.js';
import { newSecret } from './secrets.js';
import { findClient, findConnection } from './tenant.js';
import { newTicketRecord, resetLink } from './tickets.js';

const NO_USER = 'The user does not exist.';

export async function requireUser(deps: Deps, id: string): Promise<User> {
  const user = await deps.store.findUserById(id);
  if (!user) throw new DomainError('inexistent_user', NO_USER);
  return user;
}

export const connectionOf = (deps: Deps, user: User): Connection =>
  // Seeded and imported users only ever name connections of the config.
  findConnection(deps.config, user.connection)!;

/** The user's database connection, or the 400 that explains why a password cannot be set for them here. */
function passwordConnection(deps: Deps, user: User): DatabaseConnection {
  const connection = connectionOf(deps, user);
  if (!isDatabase(connection)) {
    throw new DomainError('not_database_connection',
      `${user.email} signs in with the ${connection.strategy} connection "${connection.name}": only users of database connections have a password here. They change it with their identity provider.`);
  }
  return connection;
}

/** Exactly one of `user_id`, or `email` with `connection_id`. */
async function ticketUser(deps: Deps, request: PasswordChangeTicketRequest): Promise<User> {
  const { user_id: userId, email, connection_id: connectionId } = request;
  if (userId !== undefined) {
    if (email !== undefined || connectionId !== undefined) throw new DomainError('invalid_request', 'user_id cannot be combined with email or connection_id');
    return requireUser(deps, userId);
  }
  if (email === undefined && connectionId === undefined) throw new DomainError('invalid_request', 'user_id, or email with connection_id, is required');
  if (connectionId === undefined) throw new DomainError('invalid_request', 'connection_id is required with email');
  if (email === undefined) throw new DomainError('invalid_request', 'email is required with connection_id');
  const connection = deps.config.connections.find((candidate) => connectionIdOf(candidate) === connectionId);
  if (!connection) throw new DomainError('unknown_connection', `The connection does not exist: ${connectionId}`);
  if (!isDatabase(connection)) {
    throw new DomainError('not_database_connection', `"${connection.name}" is a ${connection.strategy} connection: password change tickets are for database connections only.`);
  }
  const user = await findDatabaseUser(deps, connection, email);
  if (!user) throw new DomainError('inexistent_user', NO_USER);
  return user;
}

/** Issues a ticket (revoking the user's earlier tickets and mailed links) and returns its URL. Nothing is mailed. */
export async function createPasswordChangeTicket(deps: Deps, request: PasswordChangeTicketRequest, actor: string): Promise<string> {
  if (request.result_url !== undefined && request.client_id !== undefined) {
    throw new DomainError('invalid_request', 'result_url cannot be combined with client_id');
  }
  const client = request.client_id === undefined ? undefined : findClient(deps.config, request.client_id);
  if (request.client_id !== undefined && !client) throw new DomainError('unknown_client', `The client does not exist: ${request.client_id}`);
  const resultUrl = request.result_url === undefined ? null : allowedResultUrl(deps.config, deps.baseUrl, request.result_url);
  if (resultUrl === undefined) {
    throw new DomainError('invalid_request', "result_url is not allowed: it must be an http(s) URL on an application's allowedResultUrls list");
  }
  const user = await ticketUser(deps, request);
  passwordConnection(deps, user);

  const { secret: ticket, hash } = await newSecret();
  await deps.store.issueTicket(newTicketRecord(hash, user.id, deps.clock.now(), request.ttl_sec || DEFAULT_TICKET_TTL_SEC, {
    clientId: client?.clientId, resultUrl,
    markEmailVerified: request.mark_email_as_verified,
    includeEmailInRedirect: request.includeEmailInRedirect,
  }), null);
  deps.logger.info(LOG_EVENT.apiOperation, { operation: 'create_password_change_ticket', user_id: user.id, ticket_id: hash.slice(0, 12), actor });
  return resetLink(deps.baseUrl, ticket);
}

/**
 * Forced reset (Clerk's "password compromised"; not an Auth0 endpoint): the user's sessions and refresh tokens end,
 * password sign-in is refused until the password changes, and the tenant's reset mail goes to the stored address,
 * its link the only live one. Returns the user afterwards.
 */
export async function requirePasswordReset(deps: Deps, id: string, actor: string): Promise<User> {
  const user = await requireUser(deps, id);
  const connection = passwordConnection(deps, user);
  const { secret: ticket, hash } = await newSecret();
  // The tenant's reset mail as a request would send it: with its code when the tenant mails codes.
  const code = await mailedCode(deps, hash);
  const record = newTicketRecord(hash, user.id, deps.clock.now(), deps.config.emailTemplates.resetEmail.urlLifetimeInSeconds, { codeHash: code?.codeHash });
  if (!(await deps.store.requirePasswordReset(record, resetMail(deps, user, connection, undefined, { ticket, code: code?.code })))) {
    throw new DomainError('inexistent_user', NO_USER);
  }
  deps.logger.info(LOG_EVENT.apiOperation, { operation: 'require_password_reset', user_id: user.id, ticket_id: hash.slice(0, 12), actor });
  deps.onMailQueued?.();
  return requireUser(deps, id);
}

/** PATCH /users/{id}: only `password` (and the harmless `connection`) are supported. Returns the user afterwards. */
export async function updateUser(deps: Deps, id: string, update: UpdateUserRequest, actor: string): Promise<User> {
  const user = await requireUser(deps, id);
  if (update.connection !== undefined && update.connection !== user.connection) {
    throw new DomainError('invalid_request', `The user has no identity in connection "${update.connection}"`);
  }
  if (update.password === undefined) return user;

  const connection = passwordConnection(deps, user);
  const password = normalizePassword(update.password);
  await enforcePolicy(deps, connection, user, password);
  if (!(await commitPasswordChange(deps, { user, connection, password }))) throw new DomainError('inexistent_user', NO_USER);
  deps.logger.info(LOG_EVENT.passwordChanged, { via: 'management', user_id: user.id, actor });
  return requireUser(deps, id);
}
