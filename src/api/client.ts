/**
 * The typed client: the only place in src/ that calls fetch. Every request body is checked and
 * every response body (success and error) is parsed with the contract; HTTP and network failures
 * come back as a Result with a stable error code, never as a thrown error.
 */
import type * as z from 'zod/mini';
import { VERSION } from '../version.js';
import type * as ClientSchemas from './client-schemas.js';
import type {
  HostedLoginRequest, HostedLoginResponse, ResetCodeResponse, ResetPasswordResponse, TicketInfoResponse, TokenResponse,
} from './contract.js';
import type { ApiError, Result } from './errors.js';

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
  /** The language the user reads, sent as Accept-Language: the server mails in it. */
  language?: string;
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
  /** `POST /u/login`: signs in to a Universal Login transaction (the hosted login page); the answer says where to go next. */
  hostedLogin(input: HostedLoginRequest, options?: RequestOptions): Promise<Result<HostedLoginResponse>>;
  /** `POST /dbconnections/change_password`: mails a reset link (the answer is the same for unknown users). */
  requestPasswordReset(input: { email: string; connection: string }, options?: RequestOptions): Promise<Result<void>>;
  /**
   * `POST /lo/reset/code` (ours, not Auth0's): exchanges the code from the reset mail for a ticket that works
   * with `ticketInfo` and `resetPassword` as a link's does. Every bad code, and any code for an unknown email,
   * is the same `invalid_code`.
   */
  exchangeResetCode(input: { email: string; connection: string; code: string }, options?: RequestOptions): Promise<Result<ResetCodeResponse>>;
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

const fail = (error: ApiError): { ok: false; error: ApiError } => ({ ok: false, error });

/** The request's schema and body, built from the contract once it has loaded. */
type Outgoing = (contract: Contract) => readonly [schema: z.ZodMiniType, body: unknown];
type Read<T> = (response: Response, contract: Contract) => Promise<T>;

const json = <S extends z.ZodMiniType>(schema: (contract: Contract) => S): Read<z.infer<S>> =>
  async (response, contract) => schema(contract).parse(await response.json());

export function createAuthClient(options: AuthClientOptions): AuthClient {
  const baseUrl = baseUrlOf(options.domain);
  const fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  async function post<T>(path: string, outgoing: Outgoing, read: Read<T>, { signal, language }: RequestOptions = {}): Promise<Result<T>> {
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
        headers: { 'Content-Type': 'application/json', 'Auth0-Client': TELEMETRY, ...(language && { 'Accept-Language': language }) },
        body: JSON.stringify(checked.data),
        signal,
      });
    } catch {
      return fail({ code: signal?.aborted ? 'aborted' : 'network' });
    }
    if (!response.ok) return fail(await contract.readError(response));
    try {
      return { ok: true, data: await read(response, contract) };
    } catch {
      // The body broke off, or it does not match the contract: a bug on one side, never shown as is.
      return fail(signal?.aborted ? { code: 'aborted' } : { code: 'unknown', status: response.status, description: `unexpected response from ${path}` });
    }
  }

  return {
    baseUrl,
    login: (input, requestOptions) => post('/oauth/token', (c) => [c.PasswordGrantRequest, {
      grant_type: c.GRANT_PASSWORD_REALM,
      client_id: options.clientId,
      username: input.username,
      password: input.password,
      realm: input.realm,
      scope: input.scope ?? DEFAULT_SCOPE,
      audience: input.audience,
    }], json((c) => c.TokenResponse), requestOptions),

    hostedLogin: (input, requestOptions) =>
      post('/u/login', (c) => [c.HostedLoginRequest, input], json((c) => c.HostedLoginResponse), requestOptions),

    // The success body is Auth0's fixed sentence as text/html; the UI shows its own localized text.
    requestPasswordReset: (input, requestOptions) => post('/dbconnections/change_password', (c) => [c.ChangePasswordRequest, {
      client_id: options.clientId || undefined, email: input.email, connection: input.connection,
    }], async (response) => { await response.text(); }, requestOptions),

    exchangeResetCode: (input, requestOptions) => post('/lo/reset/code', (c) => [c.ResetCodeRequest, { client_id: options.clientId || undefined, ...input }],
      json((c) => c.ResetCodeResponse), requestOptions),

    ticketInfo: (ticket, requestOptions) =>
      post('/lo/reset/ticket', (c) => [c.TicketInfoRequest, { ticket }], json((c) => c.TicketInfoResponse), requestOptions),

    resetPassword: (input, requestOptions) =>
      post('/lo/reset', (c) => [c.ResetPasswordRequest, input], json((c) => c.ResetPasswordResponse), requestOptions),
  };
}
