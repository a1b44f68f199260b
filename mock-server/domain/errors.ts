/**
 * Expected failures of the domain, by code. Each route family turns a code into its own Auth0
 * envelope and status (http/errors.ts); anything thrown that is not a DomainError is a bug.
 */
import type { PolicyCheck } from '../../src/password-policy.js';

/** Auth0's names, and ours for the breach rule (Auth0 has none when a password is set). */
export type PolicyErrorName = 'PasswordStrengthError' | 'PasswordDictionaryError' | 'PasswordNoUserInfoError' | 'PasswordHistoryError' | 'PasswordBreachedError';

export type DomainErrorCode =
  | 'invalid_request'
  | 'unknown_client'
  | 'unknown_connection'
  | 'not_database_connection'
  | 'invalid_ticket'
  /** Every bad reset code, and any code for an unknown email (domain/reset-code.ts): one answer. */
  | 'invalid_code'
  | 'password_policy'
  | 'invalid_grant'
  | 'too_many_attempts'
  | 'invalid_client'
  | 'unauthorized_client'
  | 'client_not_authorized_for_audience'
  | 'inexistent_user'
  | 'custom_database_failed'
  /** Too many password hashes waiting (domain/bounded-hasher.ts): 503 with Retry-After. */
  | 'server_busy';

export class DomainError extends Error {
  override name = 'DomainError';
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** For password_policy: which Auth0 error it is and the evaluated rules. */
    readonly policy?: { name: PolicyErrorName; check: PolicyCheck; description: string },
  ) {
    super(message);
  }
}
