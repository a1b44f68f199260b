/** Reset tickets: the record the store keeps, and the link that opens the hosted reset page. */
import { PREFIX } from '../paths.js';
import type { TicketRecord } from './ports.js';

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

/** A live ticket record for `hash` (the SHA-256 of the ticket), valid for `lifetimeSeconds` from `now`. */
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
