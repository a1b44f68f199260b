/** Reset tickets: the record the store keeps, and the link that opens the hosted reset page. */
import { PREFIX } from '../paths.js';
import type { TicketRecord } from './ports.js';
import { randomToken, sha256Hex } from './secrets.js';

/** Hex digits of a ticket's creation time (milliseconds) at the start of its secret and its key: enough until the year 10889. */
const TIME_DIGITS = 12;
/** A ticket secret's length: the time, then 43 random base64url characters. */
const TICKET_LENGTH = TIME_DIGITS + 43;

/**
 * A new ticket: the secret its link carries and the key the store keeps it under. Both start with the creation time
 * in hex, the key followed by the SHA-256 of the whole secret, so keys grow in time order: a new ticket lands on the
 * last page of the tickets' key index, which the other requests of its commit share, instead of a random page each
 * (a random page is a WAL frame and a checkpoint write per request: issue 12). The time tells nothing secret: the
 * mail carrying the link is dated, and the 256 random bits after it are the secret.
 */
export async function newTicket(now: number): Promise<{ secret: string; hash: string }> {
  const secret = Math.floor(now).toString(16).padStart(TIME_DIGITS, '0') + randomToken();
  return { secret, hash: await ticketKey(secret) };
}

/** The key of the ticket `secret`; links mailed before tickets carried their time (43 characters) are keyed by their SHA-256 alone. */
export async function ticketKey(secret: string): Promise<string> {
  const hash = await sha256Hex(secret);
  return secret.length === TICKET_LENGTH ? secret.slice(0, TIME_DIGITS) + hash : hash;
}

/** What logs name a ticket by: the end of its key (the start is its creation time). Never the secret. */
export const ticketId = (key: string): string => key.slice(-12);

/** The mailed or returned link. The trailing `#` is Auth0's: whatever a mail client appends lands in the fragment. */
export const resetLink = (baseUrl: string, ticket: string): string => `${baseUrl}${PREFIX.resetPage}?ticket=${ticket}#`;

export interface TicketOptions {
  clientId?: string | null;
  /** Management tickets may carry their own result URL. */
  resultUrl?: string | null;
  markEmailVerified?: boolean;
  includeEmailInRedirect?: boolean;
  /** The mail's code, hashed with the ticket's hash (domain/reset-code.ts codeHashOf). */
  codeHash?: string | null;
}

/** A live ticket record for `hash` (its ticketKey), valid for `lifetimeSeconds` from `now`. */
export function newTicketRecord(hash: string, userId: string, now: number, lifetimeSeconds: number, options: TicketOptions = {}): TicketRecord {
  return {
    hash, userId, createdAt: now, expiresAt: now + lifetimeSeconds * 1000, usedAt: null, revokedAt: null,
    clientId: options.clientId ?? null,
    resultUrl: options.resultUrl ?? null,
    markEmailVerified: options.markEmailVerified ?? false,
    includeEmailInRedirect: options.includeEmailInRedirect ?? false,
    codeHash: options.codeHash ?? null,
    codeFailures: 0,
  };
}
