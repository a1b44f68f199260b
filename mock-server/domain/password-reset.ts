/**
 * The interactive reset flow of the seed: request → mailed single-use link → new password.
 * Rules: the answer to a request never depends on whether the user exists; only the newest link of
 * a user works, once, until it expires; GETs never spend a link; a successful reset commits the new
 * hash, spends the ticket, kills the user's other tickets and ends every session together.
 */
import { isInteractive, type DatabaseConnection } from '../config.js';
import { findDatabaseUser } from './custom-database.js';
import { DomainError } from './errors.js';
import { commitPasswordChange } from './password-change.js';
import { passwordChangedMail } from './password-changed-mail.js';
import { enforcePolicy, normalizePassword } from './policy.js';
import { loginIdentifier } from './email.js';
import type { Deps, LogEvent, OutgoingMail, TicketRecord, User } from './ports.js';
import { newSecret, sha256Hex } from './secrets.js';
import { LOG_EVENT } from './log-events.js';
import { mailIn } from './mail-language.js';
import { mailedCode } from './reset-code.js';
import { userMail } from './template.js';
import { absolute, databaseConnection, findClient } from './tenant.js';
import { newTicketRecord, resetLink } from './tickets.js';

/** Auth0's classic widget text for the `message` appended to the result URL. */
export const RESET_SUCCESS_MESSAGE = 'Your password has been reset successfully.';

export interface ResetRequest {
  email: string;
  connection: string;
  clientId?: string | undefined;
  /** The client's address, for the log event. */
  address?: string | undefined;
  /** The languages the requesting component speaks (its Accept-Language), most wanted first: the mail's language. */
  languages?: readonly string[] | undefined;
}

/**
 * Queues a reset mail when the user exists. Resolves the same way when not, and does the same work:
 * from the look-up on, both kinds of request make the same store calls in the same order (one
 * rate-limit count, one durable write: the log event, with the ticket and mail when one goes out, else
 * a decoy of them, ports.ts ResetDecoy) and render the same mail, so neither the answer nor its timing
 * tells whether the address has an account.
 */
export async function requestPasswordReset(deps: Deps, request: ResetRequest): Promise<void> {
  const connection = databaseConnection(deps.config, request.connection);
  const client = request.clientId === undefined ? undefined : findClient(deps.config, request.clientId);
  if (request.clientId !== undefined && !client) throw new DomainError('unknown_client', `client not found: ${request.clientId}`);

  const { secret: ticket, hash } = await newSecret();
  const code = await mailedCode(deps, hash);
  const user = await findDatabaseUser(deps, connection, request.email);
  // However many addresses ask, one inbox gets only a few reset mails an hour (no mail bombing);
  // the answer stays the same, and the last link sent keeps working. Unknown addresses are counted too.
  const slot = user?.id ?? loginIdentifier(connection.name, request.email);
  const mailAllowed = !deps.rateLimiter || (await deps.rateLimiter.consume('resetMailsPerUser', slot)).allowed;
  // Rendered for an unknown address too, and stored in the decoy: the same work.
  const mail = resetMail(deps, user ?? { email: request.email, name: null }, connection, client?.name, { ticket, code: code?.code }, request.languages);
  const failure = !user ? 'User does not exist' : !mailAllowed ? 'Too many reset mails for this user' : null;
  const now = deps.clock.now();
  const event: LogEvent = {
    type: failure ? LOG_EVENT.resetRequestFailed : LOG_EVENT.resetRequested, at: now, userId: user?.id ?? null, userName: request.email,
    connection: connection.name, clientId: client?.clientId ?? null, ip: request.address ?? null, description: failure,
  };
  const issue = user && !failure
    ? { ticket: newTicketRecord(hash, user.id, now, deps.config.emailTemplates.resetEmail.urlLifetimeInSeconds, { clientId: client?.clientId, codeHash: code?.codeHash }), mail }
    : null;
  await deps.store.recordResetRequest(event, issue ?? { hash, slot, at: now, mail });
  deps.logger.info(event.type, { description: failure ?? undefined, user_id: event.userId ?? undefined, connection: connection.name, ticket_id: issue ? hash.slice(0, 12) : undefined });
  deps.onMailQueued?.(); // a decoy's mail too: the sender claims and marks it like a real one
}

/**
 * The tenant's reset mail carrying `ticket`'s link and, when the tenant mails one, its `code` (reset-code.ts mailedCode),
 * for the user's stored address (never a submitted string: look-alikes),
 * in the first of `languages` (the requester's), else the user's locale, the template has (else its own).
 */
export function resetMail(
  deps: Deps, user: Pick<User, 'email' | 'name' | 'locale'>, connection: DatabaseConnection, applicationName: string | undefined,
  { ticket, code }: { ticket: string; code?: string | undefined }, languages: readonly string[] = [],
): OutgoingMail {
  return userMail(deps.config, mailIn(deps.config.emailTemplates.resetEmail, [...languages, user.locale]), user, applicationName, {
    url: resetLink(deps.baseUrl, ticket),
    ...(code !== undefined && { code }),
    'connection.name': connection.name,
  });
}

/** The one answer for every way a link can be bad: it reveals nothing about the user. */
const INVALID_LINK = 'This link is invalid or has expired. Request a new one.';

interface LiveTicket { record: TicketRecord; user: User; connection: DatabaseConnection }

/** The ticket, its user and their connection, or `invalid_ticket` — one error for every way a link can be bad. */
async function liveTicket(deps: Deps, ticket: string): Promise<LiveTicket> {
  const record = await deps.store.findTicket(await sha256Hex(ticket));
  const usable = record && record.usedAt === null && record.revokedAt === null && record.expiresAt > deps.clock.now();
  const user = usable ? await deps.store.findUserById(record.userId) : undefined;
  if (!record || !user) throw new DomainError('invalid_ticket', INVALID_LINK);
  return { record, user, connection: databaseConnection(deps.config, user.connection) };
}

/** What the reset page shows for a ticket. Reading never spends it (mail scanners open links). */
export async function describeTicket(deps: Deps, ticket: string) {
  const { user, connection } = await liveTicket(deps, ticket);
  // The breach rule is the tenant's, not the connection's: the page lists it when the server checks it.
  return { email: user.email, connection: connection.name, policy: { ...connection.passwordPolicy, ...(deps.breachedPasswords && { breachedPasswords: true }) } };
}

/** Sets the new password through a ticket; returns where the user goes next, if anywhere. `languages`: the page's, for the notification. */
export async function resetPassword(deps: Deps, ticket: string, newPassword: string, languages: readonly string[] = []): Promise<{ resultUrl?: string }> {
  const { record, user, connection } = await liveTicket(deps, ticket);
  const password = normalizePassword(newPassword);
  await enforcePolicy(deps, connection, user, password);
  const changed = await commitPasswordChange(deps, { user, connection, password, ticket: record, mail: passwordChangedMail(deps, user, record.clientId, languages) });
  // Another request spent or superseded the ticket while we were hashing: it lost the race.
  if (!changed) throw new DomainError('invalid_ticket', INVALID_LINK);
  deps.logger.info(LOG_EVENT.passwordChanged, { user_id: user.id, ticket_id: record.hash.slice(0, 12) });
  return nextLocation(deps, record, user);
}

function nextLocation(deps: Deps, record: TicketRecord, user: User): { resultUrl?: string } {
  const { config, baseUrl } = deps;
  const client = record.clientId ? findClient(config, record.clientId) : undefined;
  if (config.universalLogin === 'new') {
    const route = client && isInteractive(client) && client.defaultLoginRoute ? client.defaultLoginRoute : config.defaultLoginRoute;
    return { resultUrl: absolute(baseUrl, route) };
  }
  const resultUrl = record.resultUrl ?? config.emailTemplates.resetEmail.resultUrl;
  if (!resultUrl) return {};
  const url = new URL(absolute(baseUrl, resultUrl));
  url.searchParams.set('success', 'true');
  url.searchParams.set('message', RESET_SUCCESS_MESSAGE);
  if (record.includeEmailInRedirect) url.searchParams.set('email', user.email);
  return { resultUrl: url.href };
}
