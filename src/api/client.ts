/**
 * The typed client: the only place in src/ that calls fetch. Every request body is checked and
 * every response body (success and error) is parsed with the contract; HTTP and network failures
 * come back as a Result with a stable error code, never as a thrown error.
 */
import type * as z from 'zod/mini';
import { VERSION } from '../version.js';
import type * as ClientSchemas from './client-schemas.js';
import type { ResetPasswordResponse, TicketInfoResponse, TokenResponse } from './contract.js';
import type { ApiError, ErrorCode, Result } from './errors.js';

type Contract = typeof ClientSchemas;

// zod is as big as Lit and the component together, and no byte of it is needed before the first
// request: the schemas are a chunk of their own, loaded with that request instead of with the page.
const loadContract = (): Promise<Contract> => import('./client-schemas.js');

export interface AuthClientOptions {
  /** The tenant: a bare host (`tenant.example.com`, https implied) or a full URL (`http://127.0.0.1:8787`). */
  domain: string;
  /** The application's client id; needed by `login` and sent with reset requests. */
  clientId?: string;
  /** Injected fetch (tests hand requests to the app directly). */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
}

export interface RequestOptions {
  signal?: AbortSignal;
}

export interface LoginInput {
  username: string;
  password: string;
  /** The database connection. */
  realm: string;
  scope?: string;
  audience?: string;
}

export interface AuthClient {
  /** The origin (and path prefix) every request goes to. */
  readonly baseUrl: string;
  /** `POST /oauth/token` with the password-realm grant. */
  login(input: LoginInput, options?: RequestOptions): Promise<Result<TokenResponse>>;
  /** `POST /dbconnections/change_password`: mails a reset link (the answer is the same for unknown users). */
  requestPasswordReset(input: { email: string; connection: string }, options?: RequestOptions): Promise<Result<void>>;
  /** `POST /lo/reset/ticket`: the email and password policy behind a reset link, without spending it. */
  ticketInfo(ticket: string, options?: RequestOptions): Promise<Result<TicketInfoResponse>>;
  /** `POST /lo/reset`: sets the new password and spends the ticket. */
  resetPassword(input: { ticket: string; newPassword: string }, options?: RequestOptions): Promise<Result<ResetPasswordResponse>>;
}

const DEFAULT_SCOPE = 'openid profile email';

/** Auth0's rule (auth0-js): a domain starting with "http" is a URL, anything else a host served over https. */
export const baseUrlOf = (domain: string): string =>
  (/^http/i.test(domain) ? domain : `https://${domain}`).replace(/\/+$/, '');

/** base64url JSON, as Auth0 SDKs send it (wire notes §0.2). */
const TELEMETRY = btoa(JSON.stringify({ name: 'login-box', version: VERSION }))
  .replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** Wire error codes (`error` of the OAuth envelope, `code` of the legacy one) we have a stable code for. */
const WIRE_CODES: Record<string, ErrorCode> = {
  invalid_grant: 'invalid_grant',
  too_many_attempts: 'too_many_attempts',
  'connection not found': 'unknown_connection',
  invalid_request: 'invalid_request',
  invalid_ticket: 'invalid_ticket',
  invalid_password: 'invalid_password',
  too_many_requests: 'too_many_requests',
};

const fail = (error: ApiError): { ok: false; error: ApiError } => ({ ok: false, error });

/** Seconds from a Retry-After header: delta-seconds or an HTTP date. */
export function retryAfterSeconds(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

async function errorFrom(response: Response, { OAuthError, LegacyError }: Contract): Promise<ApiError> {
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

/** The request's schema and body, built from the contract once it has loaded. */
type Outgoing = (contract: Contract) => readonly [schema: z.ZodMiniType, body: unknown];
type Read<T> = (response: Response, contract: Contract) => Promise<T>;

const json = <S extends z.ZodMiniType>(schema: (contract: Contract) => S): Read<z.infer<S>> =>
  async (response, contract) => schema(contract).parse(await response.json());

export function createAuthClient(options: AuthClientOptions): AuthClient {
  const baseUrl = baseUrlOf(options.domain);
  const fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  async function post<T>(path: string, outgoing: Outgoing, read: Read<T>, signal?: AbortSignal): Promise<Result<T>> {
    let contract: Contract;
    try {
      contract = await loadContract();
    } catch {
      return fail({ code: 'network' }); // the chunk itself could not be fetched
    }
    const [schema, body] = outgoing(contract);
    const checked = schema.safeParse(body);
    if (!checked.success) return fail({ code: 'invalid_request', description: checked.error.issues[0]?.message });
    let response: Response;
    try {
      response = await fetchImpl(`${baseUrl}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Auth0-Client': TELEMETRY },
        body: JSON.stringify(checked.data),
        signal,
      });
    } catch {
      return fail({ code: signal?.aborted ? 'aborted' : 'network' });
    }
    if (!response.ok) return fail(await errorFrom(response, contract));
    try {
      return { ok: true, data: await read(response, contract) };
    } catch {
      // The body broke off, or it does not match the contract: a bug on one side, never shown as is.
      return fail(signal?.aborted ? { code: 'aborted' } : { code: 'unknown', status: response.status, description: `unexpected response from ${path}` });
    }
  }

  return {
    baseUrl,
    login: (input, { signal } = {}) => post('/oauth/token', (c) => [c.PasswordGrantRequest, {
      grant_type: c.GRANT_PASSWORD_REALM,
      client_id: options.clientId,
      username: input.username,
      password: input.password,
      realm: input.realm,
      scope: input.scope ?? DEFAULT_SCOPE,
      audience: input.audience,
    }], json((c) => c.TokenResponse), signal),

    // The success body is Auth0's fixed sentence as text/html; the UI shows its own localized text.
    requestPasswordReset: (input, { signal } = {}) => post('/dbconnections/change_password', (c) => [c.ChangePasswordRequest, {
      client_id: options.clientId || undefined, email: input.email, connection: input.connection,
    }], async (response) => { await response.text(); }, signal),

    ticketInfo: (ticket, { signal } = {}) =>
      post('/lo/reset/ticket', (c) => [c.TicketInfoRequest, { ticket }], json((c) => c.TicketInfoResponse), signal),

    resetPassword: (input, { signal } = {}) =>
      post('/lo/reset', (c) => [c.ResetPasswordRequest, input], json((c) => c.ResetPasswordResponse), signal),
  };
}
