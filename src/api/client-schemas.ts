/**
 * The part of the contract the browser client uses, and how it reads an error. The client imports
 * it lazily (with the first request), and this module is what makes that chunk small: through a
 * namespace import the bundler would have to keep every schema of contract.ts (the Management
 * API's too); through these named re-exports it keeps these.
 */
import { LegacyError, OAuthError } from './contract.js';
import type { ApiError, ErrorCode } from './errors.js';

export {
  ChangePasswordRequest, GRANT_PASSWORD_REALM, HostedLoginRequest, HostedLoginResponse, LegacyError, OAuthError, PasswordGrantRequest,
  RESET_CODE_LENGTH, ResetCodeRequest, ResetCodeResponse, ResetPasswordRequest, ResetPasswordResponse, TicketInfoRequest, TicketInfoResponse, TokenResponse,
} from './contract.js';

/** Wire error codes (`error` of the OAuth envelope, `code` of the legacy one) we have a stable code for. */
const WIRE_CODES: Record<string, ErrorCode> = {
  invalid_grant: 'invalid_grant',
  too_many_attempts: 'too_many_attempts',
  'connection not found': 'unknown_connection',
  invalid_request: 'invalid_request',
  invalid_ticket: 'invalid_ticket',
  invalid_code: 'invalid_code',
  invalid_password: 'invalid_password',
  too_many_requests: 'too_many_requests',
};

/** Seconds from a Retry-After header: delta-seconds or an HTTP date. */
export function retryAfterSeconds(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/** The stable error of a failed response, from its body (either envelope), status and Retry-After. */
export async function readError(response: Response): Promise<ApiError> {
  const status = response.status;
  const body: unknown = await response.json().catch(() => undefined);
  const oauth = OAuthError.safeParse(body);
  const legacy = oauth.success ? undefined : LegacyError.safeParse(body);
  const wire = oauth.success ? oauth.data.error : legacy?.success ? legacy.data.code : undefined;
  const error: ApiError = { code: (wire && WIRE_CODES[wire]) || 'unknown', status };
  if (oauth.success && oauth.data.error_description) error.description = oauth.data.error_description;
  if (legacy?.success) {
    const { description, message } = legacy.data;
    if (typeof description === 'string') error.description = description;
    else {
      error.description = message;
      error.rules = description.rules;
    }
  }
  // A 429 is a rate limit unless it is a brute-force block (which no waiting lifts).
  if (status === 429 && error.code !== 'too_many_attempts') {
    error.code = 'too_many_requests';
    const seconds = retryAfterSeconds(response.headers.get('retry-after'));
    if (seconds !== undefined) error.retryAfter = seconds;
  }
  return error;
}
