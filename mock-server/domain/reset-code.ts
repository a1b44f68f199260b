/**
 * Reset by code (issue 15): with the tenant's `resetEmail.method` code or both, the reset mail carries an 8-digit
 * one-time code beside (or instead of) the link, and POST /lo/reset/code exchanges it for a ticket of its own, which
 * then works as a link's would (/lo/reset/ticket, /lo/reset). The code lives and dies with its mail's ticket: same
 * expiry, only the newest mail's works (a new request revokes older tickets), a spent link kills it, and the exchange
 * spends the link. 10^8 codes are few, so a code dies after CODE_MAX_FAILURES wrong tries (the link keeps working)
 * and the route counts tries per address and per email. Every refusal is the same answer after the same store calls,
 * for unknown emails too: it tells nothing about the user.
 */
import { mailsCode, type DatabaseConnection } from '../config.js';
import { findDatabaseUser } from './custom-database.js';
import { DomainError } from './errors.js';
import type { Deps } from './ports.js';
import { constantTimeEqual, newResetCode, newSecret, sha256Hex } from './secrets.js';
import { databaseConnection, findClient } from './tenant.js';

/** Wrong tries after which a code is dead. */
export const CODE_MAX_FAILURES = 5;

/** The one answer for every way a code can be bad: it reveals nothing about the user. */
const INVALID_CODE = 'The code is invalid or has expired. Request a new one.';

/** Stand-ins no record has (a user id, a ticket hash, a code hash), so an unknown email makes the same calls and the same hashing. */
const NO_USER = '';
const NO_TICKET = '';
const NO_CODE_HASH = '0'.repeat(64);

/**
 * What the ticket record keeps of its code: SHA-256 of `${ticketHash}:${code}`, so the code itself is never stored and
 * the same code in two mails hashes apart. Against someone who reads the database it is no real defence (10^8 codes are
 * tried in seconds): such a reader sees the pending mail bodies, code and link in clear, anyway; the limit on wrong
 * tries is what protects a code.
 */
export const codeHashOf = (ticketHash: string, code: string): Promise<string> => sha256Hex(`${ticketHash}:${code}`);

/**
 * A code for the ticket `ticketHash`, when the tenant mails codes: the code for the mail and the hash for the record.
 * Drawn and hashed for unknown emails too (reset requests do equal work).
 */
export async function mailedCode(deps: Deps, ticketHash: string): Promise<{ code: string; codeHash: string } | undefined> {
  if (!mailsCode(deps.config.emailTemplates.resetEmail.method)) return undefined;
  const code = newResetCode();
  return { code, codeHash: await codeHashOf(ticketHash, code) };
}

export interface CodeExchange {
  email: string;
  connection: string;
  clientId?: string | undefined;
  code: string;
}

/**
 * The user's newest live ticket, when `code` is its code: spent, and a new ticket (the returned secret) in its place.
 * Anything else, a wrong code, a dead or expired one, no ticket, no such user, is the same `invalid_code` after the
 * same store calls (the look-up, a ticket read, one failure count) and the same hashing.
 */
export async function exchangeResetCode(deps: Deps, request: CodeExchange): Promise<{ ticket: string }> {
  const connection: DatabaseConnection = databaseConnection(deps.config, request.connection);
  if (request.clientId !== undefined && !findClient(deps.config, request.clientId)) throw new DomainError('unknown_client', `client not found: ${request.clientId}`);

  const { secret: ticket, hash: nextHash } = await newSecret();
  const user = await findDatabaseUser(deps, connection, request.email);
  const now = deps.clock.now();
  const record = await deps.store.findCodeTicket(user?.id ?? NO_USER, now);
  const live = record && record.codeHash !== null && record.codeFailures < CODE_MAX_FAILURES ? record : undefined;
  const presented = await codeHashOf(live?.hash ?? NO_TICKET, request.code);
  const right = constantTimeEqual(presented, live?.codeHash ?? NO_CODE_HASH) && live !== undefined;

  if (right) {
    // One winner among racing right codes; the others (and a code killed meanwhile) get the common answer.
    if (await deps.store.exchangeCodeTicket(live.hash, nextHash, now, CODE_MAX_FAILURES)) {
      deps.logger.info('reset_code_exchanged', { user_id: user!.id, connection: connection.name, ticket_id: nextHash.slice(0, 12) });
      return { ticket };
    }
  } else {
    // Counted on whatever the look-up found (a dead code's ticket too), else on nothing: the same call either way.
    await deps.store.recordCodeFailure(record?.hash ?? NO_TICKET);
  }
  deps.logger.info('reset_code_refused', { user_id: user?.id, connection: connection.name });
  throw new DomainError('invalid_code', INVALID_CODE);
}
