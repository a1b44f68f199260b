/**
 * The wire contract: every request, response and error body exchanged by the components and the
 * reference server. The server validates requests with these schemas and the browser client parses
 * responses with them, so the two cannot drift. `zod/mini` keeps the browser bundle small.
 * Imports only zod: no DOM, no Node.
 */
import * as z from 'zod/mini';
import type { PolicyLevel as Level } from '../password-policy.js';

// Spelled out rather than imported, so the client's contract chunk does not pull in the policy
// code; `satisfies` keeps the list in step with the policy's levels.
const PolicyLevel = z.enum(['none', 'low', 'fair', 'good', 'excellent'] as const satisfies readonly Level[]);

/** A field-level message that says what is wrong: "email is required" vs "email must be a string". */
const typed = (field: string, kind: string) => ({
  error: (issue: { input?: unknown }) =>
    issue.input === undefined ? `${field} is required` : `${field} must be ${kind}`,
});

const requiredString = (field: string) =>
  z.string(typed(field, 'a string')).check(z.minLength(1, `${field} must not be empty`));

// Control characters (incl. CR/LF and the Unicode line separators) never belong in an address;
// they are how mail headers get injected (security checklist §39–40).
const EMAIL_FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
// One "@", a non-empty local part ≤ 64 and a dotted domain of letters, digits and hyphens (or IDNA A-labels).
const EMAIL_SHAPE = /^[^@\s]{1,64}@(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

export const Email = z.string(typed('email', 'a string')).check(
  z.trim(),
  z.minLength(1, 'email must not be empty'),
  z.maxLength(254, 'email must be at most 254 characters'),
  z.refine((value) => !EMAIL_FORBIDDEN.test(value), 'email must not contain control characters or line breaks'),
  z.refine((value) => EMAIL_SHAPE.test(value), 'email is not a valid email address'),
);

// ---------------------------------------------------------------------------------------------
// Authentication API: POST /dbconnections/change_password
// ---------------------------------------------------------------------------------------------

export const ChangePasswordRequest = z.object({
  client_id: z.optional(requiredString('client_id')),
  email: Email,
  connection: requiredString('connection'),
  // The v1 change-password flow took a password here; Auth0 now refuses it (wire notes §1.1).
  password: z.optional(z.never({ error: 'password is not allowed' })),
});
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequest>;

/** Auth0's exact success text, answered as `text/html` whether or not the user exists. */
export const CHANGE_PASSWORD_SENT = "We've just sent you an email to reset your password.";

// ---------------------------------------------------------------------------------------------
// Authentication API: POST /oauth/token
// ---------------------------------------------------------------------------------------------

export const GRANT_PASSWORD_REALM = 'http://auth0.com/oauth/grant-type/password-realm';

const optionalString = (field: string) => z.optional(z.string(typed(field, 'a string')));

export const PasswordGrantRequest = z.object({
  grant_type: z.union([z.literal(GRANT_PASSWORD_REALM), z.literal('password')]),
  client_id: requiredString('client_id'),
  client_secret: optionalString('client_secret'),
  username: requiredString('username'),
  password: requiredString('password'),
  realm: optionalString('realm'),
  scope: optionalString('scope'),
  audience: optionalString('audience'),
});
export type PasswordGrantRequest = z.infer<typeof PasswordGrantRequest>;

export const ClientCredentialsRequest = z.object({
  grant_type: z.literal('client_credentials'),
  client_id: requiredString('client_id'),
  client_secret: requiredString('client_secret'),
  audience: optionalString('audience'),
  scope: optionalString('scope'),
});
export type ClientCredentialsRequest = z.infer<typeof ClientCredentialsRequest>;

/** Universal Login's code exchange (RFC 6749 §4.1.3 with PKCE, RFC 7636 §4.5). */
export const AuthorizationCodeRequest = z.object({
  grant_type: z.literal('authorization_code'),
  client_id: requiredString('client_id'),
  client_secret: optionalString('client_secret'),
  code: requiredString('code'),
  code_verifier: optionalString('code_verifier'),
  redirect_uri: requiredString('redirect_uri'),
});
export type AuthorizationCodeRequest = z.infer<typeof AuthorizationCodeRequest>;

export const RefreshTokenRequest = z.object({
  grant_type: z.literal('refresh_token'),
  client_id: requiredString('client_id'),
  client_secret: optionalString('client_secret'),
  refresh_token: requiredString('refresh_token'),
  /** Only narrows what the refresh token was granted. */
  scope: optionalString('scope'),
});
export type RefreshTokenRequest = z.infer<typeof RefreshTokenRequest>;

/** POST /oauth/revoke (RFC 7009): a refresh token, and its family with it. */
export const RevokeRequest = z.object({
  client_id: requiredString('client_id'),
  client_secret: optionalString('client_secret'),
  token: requiredString('token'),
  token_type_hint: optionalString('token_type_hint'),
});
export type RevokeRequest = z.infer<typeof RevokeRequest>;

export const TokenResponse = z.object({
  access_token: z.string(),
  id_token: z.optional(z.string()),
  refresh_token: z.optional(z.string()),
  scope: z.optional(z.string()),
  expires_in: z.number(),
  token_type: z.literal('Bearer'),
});
export type TokenResponse = z.infer<typeof TokenResponse>;

// ---------------------------------------------------------------------------------------------
// Universal Login: the hosted login page's sign-in (our own contract), POST /u/login
// ---------------------------------------------------------------------------------------------

/** `state` is the login transaction's id, from the page's URL; errors come in the OAuth envelope. */
export const HostedLoginRequest = z.object({
  state: requiredString('state'),
  username: requiredString('username'),
  password: requiredString('password'),
});
export type HostedLoginRequest = z.infer<typeof HostedLoginRequest>;

/** Where the browser goes next: back through /authorize/resume to the application. */
export const HostedLoginResponse = z.object({ location: z.string() });
export type HostedLoginResponse = z.infer<typeof HostedLoginResponse>;

// ---------------------------------------------------------------------------------------------
// Hosted reset page API (our own contract: Auth0's /lo/reset POST is undocumented)
// ---------------------------------------------------------------------------------------------

export const Ticket = z.string(typed('ticket', 'a string')).check(
  z.minLength(1, 'ticket must not be empty'),
  z.maxLength(256, 'ticket must be at most 256 characters'),
);

/** POST /lo/reset/ticket — what the page needs to render a ticket; reading never consumes it. */
export const TicketInfoRequest = z.object({ ticket: Ticket });
export type TicketInfoRequest = z.infer<typeof TicketInfoRequest>;

export const PasswordPolicyWire = z.object({
  level: PolicyLevel,
  minLength: z.optional(z.number()),
  dictionary: z.optional(z.boolean()),
  noPersonalInfo: z.optional(z.boolean()),
  history: z.optional(z.number()),
  /** The server refuses passwords found in known data breaches (tenant `breachedPasswords`). */
  breachedPasswords: z.optional(z.boolean()),
});

export const TicketInfoResponse = z.object({
  email: z.string(),
  connection: z.string(),
  policy: PasswordPolicyWire,
});
export type TicketInfoResponse = z.infer<typeof TicketInfoResponse>;

/** POST /lo/reset — JSON only (a simple form post from another site cannot reach it: CSRF). */
export const ResetPasswordRequest = z.object({
  ticket: Ticket,
  newPassword: z.string(typed('newPassword', 'a string')),
});
export type ResetPasswordRequest = z.infer<typeof ResetPasswordRequest>;

/** Where the page goes next: the result URL (classic) or the default login route (new); absent = stay. */
export const ResetPasswordResponse = z.object({ result_url: z.optional(z.string()) });
export type ResetPasswordResponse = z.infer<typeof ResetPasswordResponse>;

/** What a tenant's reset mail carries (its `emailTemplates.resetEmail.method`, and `<login-box reset-method>`): the link, a code, or both. */
export const RESET_METHODS = ['link', 'code', 'both'] as const;
export type ResetMethod = (typeof RESET_METHODS)[number];

/** The one-time code a reset mail carries beside (or instead of) the link: 8 digits (tenant `resetEmail.method`). */
export const RESET_CODE_LENGTH = 8;
export const ResetCode = z.string(typed('code', 'a string')).check(
  z.regex(/^\d{8}$/, 'code must be 8 digits'),
);

/**
 * POST /lo/reset/code — exchanges the mailed code for a ticket of its own (our contract; the link flow stays
 * Auth0's). The exchange spends the code and the mailed link; the new ticket keeps the mailed one's expiry and
 * works with /lo/reset/ticket and /lo/reset as a link's would. Every wrong, expired, used or superseded code,
 * and any code for an unknown email, gets the same 400 `invalid_code`; a code dies after 5 wrong tries.
 */
export const ResetCodeRequest = z.object({
  client_id: z.optional(requiredString('client_id')),
  connection: requiredString('connection'),
  email: Email,
  code: ResetCode,
});
export type ResetCodeRequest = z.infer<typeof ResetCodeRequest>;

export const ResetCodeResponse = z.object({ ticket: z.string() });
export type ResetCodeResponse = z.infer<typeof ResetCodeResponse>;

// ---------------------------------------------------------------------------------------------
// Management API (/api/v2, wire notes §4) and the dashboard's sign-in
// ---------------------------------------------------------------------------------------------

/** Auth0's default ticket lifetime: `ttl_sec` 0 or absent means 5 days. */
export const DEFAULT_TICKET_TTL_SEC = 432_000;
/** Our upper bound for `ttl_sec` (Auth0 documents none): 30 days. */
export const MAX_TICKET_TTL_SEC = 2_592_000;

const optionalBoolean = (field: string) => z.optional(z.boolean(typed(field, 'a boolean')));

/** POST /api/v2/tickets/password-change. Unknown fields (organization_id, identity, new_password) are refused. */
export const PasswordChangeTicketRequest = z.strictObject({
  result_url: z.optional(requiredString('result_url').check(z.maxLength(2048, 'result_url must be at most 2048 characters'))),
  user_id: z.optional(requiredString('user_id')),
  client_id: z.optional(requiredString('client_id')),
  connection_id: z.optional(requiredString('connection_id')),
  email: z.optional(Email),
  ttl_sec: z.optional(z.int(typed('ttl_sec', 'an integer')).check(
    z.gte(0, 'ttl_sec must not be negative'),
    z.lte(MAX_TICKET_TTL_SEC, `ttl_sec must be at most ${MAX_TICKET_TTL_SEC}`),
  )),
  mark_email_as_verified: optionalBoolean('mark_email_as_verified'),
  includeEmailInRedirect: optionalBoolean('includeEmailInRedirect'),
});
export type PasswordChangeTicketRequest = z.infer<typeof PasswordChangeTicketRequest>;

export const PasswordChangeTicketResponse = z.object({ ticket: z.string() });
export type PasswordChangeTicketResponse = z.infer<typeof PasswordChangeTicketResponse>;

/** PATCH /api/v2/users/{id}: the password fields only; other Auth0 user fields are refused by name. */
export const UpdateUserRequest = z.strictObject({
  password: z.optional(z.string(typed('password', 'a string'))),
  connection: z.optional(requiredString('connection')),
});
export type UpdateUserRequest = z.infer<typeof UpdateUserRequest>;

export const ManagementIdentity = z.object({
  connection: z.string(),
  user_id: z.string(),
  provider: z.string(),
  isSocial: z.boolean(),
});

/** Auth0's user object (wire notes §4.2), the fields this server keeps. */
export const ManagementUser = z.object({
  user_id: z.string(),
  email: z.string(),
  email_verified: z.boolean(),
  name: z.string(),
  nickname: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  last_password_reset: z.optional(z.string()),
  identities: z.array(ManagementIdentity),
  app_metadata: z.record(z.string(), z.unknown()),
  user_metadata: z.record(z.string(), z.unknown()),
  blocked: z.boolean(),
});
export type ManagementUser = z.infer<typeof ManagementUser>;

/** GET /api/v2/users with include_totals=true (without it, the bare array). */
export const ManagementUsersPage = z.object({
  start: z.number(),
  limit: z.number(),
  length: z.number(),
  total: z.number(),
  users: z.array(ManagementUser),
});
export type ManagementUsersPage = z.infer<typeof ManagementUsersPage>;

/** GET /api/v2/logs: Auth0's log event (the reset requests we keep: `scpr`, `fcpr`). */
export const ManagementLogEvent = z.object({
  log_id: z.string(),
  date: z.string(),
  type: z.string(),
  description: z.optional(z.string()),
  connection: z.string(),
  client_id: z.optional(z.string()),
  ip: z.optional(z.string()),
  user_id: z.optional(z.string()),
  user_name: z.string(),
});
export type ManagementLogEvent = z.infer<typeof ManagementLogEvent>;

/** GET /api/v2/connections: Auth0's connection object with its password options. */
export const ManagementConnection = z.object({
  id: z.string(),
  name: z.string(),
  strategy: z.string(),
  options: z.object({
    passwordPolicy: z.optional(PolicyLevel),
    password_complexity_options: z.optional(z.object({ min_length: z.number() })),
    password_dictionary: z.optional(z.object({ enable: z.boolean() })),
    password_no_personal_info: z.optional(z.object({ enable: z.boolean() })),
    password_history: z.optional(z.object({ enable: z.boolean(), size: z.number() })),
    enabledDatabaseCustomization: z.optional(z.boolean()),
  }),
});
export type ManagementConnection = z.infer<typeof ManagementConnection>;

/** POST /dashboard/session: a tenant admin signs in and gets a short-lived Management token. */
export const DashboardSessionRequest = z.strictObject({
  email: Email,
  password: requiredString('password'),
});
export type DashboardSessionRequest = z.infer<typeof DashboardSessionRequest>;

// ---------------------------------------------------------------------------------------------
// Error envelopes (wire notes §0.1)
// ---------------------------------------------------------------------------------------------

/** OAuth and Authentication API errors: `{error, error_description}`. */
export const OAuthError = z.object({
  error: z.string(),
  error_description: z.optional(z.string()),
});
export type OAuthError = z.infer<typeof OAuthError>;

export const PolicyRuleWire: z.ZodMiniType<PolicyRuleWire> = z.object({
  code: z.string(),
  message: z.string(),
  format: z.optional(z.array(z.union([z.number(), z.string()]))),
  verified: z.boolean(),
  items: z.optional(z.array(z.lazy(() => PolicyRuleWire))),
});
export interface PolicyRuleWire {
  code: string;
  message: string;
  format?: (number | string)[] | undefined;
  verified: boolean;
  items?: PolicyRuleWire[] | undefined;
}

/** `/dbconnections` and `/lo/reset` ("Boom-style") errors, with the failed rules on policy errors. */
export const LegacyError = z.object({
  name: z.string(),
  code: z.string(),
  message: z.optional(z.string()),
  description: z.union([z.string(), z.object({ rules: z.array(PolicyRuleWire), verified: z.boolean() })]),
  policy: z.optional(z.string()),
  statusCode: z.number(),
});
export type LegacyError = z.infer<typeof LegacyError>;

/** Management API errors: `{statusCode, error, message, errorCode}`. */
export const ManagementError = z.object({
  statusCode: z.number(),
  error: z.string(),
  message: z.string(),
  errorCode: z.optional(z.string()),
  /** On 401s. */
  attributes: z.optional(z.object({ error: z.string() })),
});
export type ManagementError = z.infer<typeof ManagementError>;

/** The one code every bad, expired, used or superseded reset link gets: it reveals nothing. */
export const INVALID_TICKET = 'invalid_ticket';
/** The one code every wrong, expired, used or superseded reset code gets, and any code for an unknown email. */
export const INVALID_CODE = 'invalid_code';
