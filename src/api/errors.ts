/**
 * What the client returns instead of throwing: a Result whose failures carry a stable code. The
 * components map codes (never server text) to localized messages.
 */
import type { PolicyRuleWire } from './contract.js';

export const ERROR_CODES = [
  /** Wrong email or password. */
  'invalid_grant',
  /** Rate limited (429); `retryAfter` holds the seconds from Retry-After when the server sent it. */
  'too_many_requests',
  /** Sign-ins from here are blocked after repeated failures, until the password is reset. */
  'too_many_attempts',
  /** The request never got an answer (offline, DNS, CORS refused). */
  'network',
  /** The server refused the request as malformed (a missing field, an unknown realm or client). */
  'invalid_request',
  /** The connection named by the component does not exist on the tenant. */
  'unknown_connection',
  /** The reset link is invalid, expired, used or superseded. */
  'invalid_ticket',
  /** The reset code is wrong, expired, used or superseded (or was never mailed: the answer is the same for unknown emails). */
  'invalid_code',
  /** The new password breaks the connection's policy; `rules` lists the evaluated rules. */
  'invalid_password',
  /** The caller aborted the request through its AbortSignal. */
  'aborted',
  /** Anything else: a server error, or a reply that does not match the contract. */
  'unknown',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiError {
  code: ErrorCode;
  /** HTTP status; absent when there was no response. */
  status?: number;
  /** Seconds to wait, from Retry-After (too_many_requests only). */
  retryAfter?: number;
  /** The server's own text, for logs and developers; never render it as HTML. */
  description?: string;
  rules?: PolicyRuleWire[];
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: ApiError };
