/**
 * The tenant file: one JSON document describing clients, connections, seed users, the reset email
 * and where users land afterwards. Validated at start-up so a typo stops the server with the name
 * of the bad field instead of surfacing later as a wrong answer.
 */
import { z } from 'zod';
import { HISTORY_RANGE, MIN_LENGTH_RANGE, POLICY_LEVELS } from '../src/password-policy.js';
import { LANGUAGES } from '../src/i18n/languages.js';
import { RESET_METHODS, type ResetMethod } from '../src/api/contract.js';

/** Written in the file as "self": the server's own public origin, known only once it listens. */
export const SELF = 'self';

const url = z.string().refine((value) => URL.canParse(value), 'must be an absolute URL');
/** An absolute URL, or a path on this server ("/demo/"). */
const urlOrPath = z.string().refine((value) => value.startsWith('/') || URL.canParse(value), 'must be an absolute URL or a path starting with /');
const origin = z.union([z.literal(SELF), url.refine((value) => new URL(value).origin === value, 'must be an origin like https://app.example.com (no path, no trailing slash)')]);

/** Auth0's refresh token settings of an application (rotation on: each use returns a new token). */
const RefreshTokens = z.strictObject({
  /** Only rotating refresh tokens: RFC 9700 §4.14 asks rotation (or sender-constraining) for public clients. */
  rotation: z.literal(true, { error: 'must be true: only rotating refresh tokens are supported' }).default(true),
  /** Seconds a refresh token family may go unused (Auth0's default: 15 days). */
  idleLifetime: z.number().int().min(60).max(31_557_600).default(1_296_000),
  /** Seconds after which the family ends however it is used (Auth0's default: 30 days). */
  absoluteLifetime: z.number().int().min(60).max(31_557_600).default(2_592_000),
});

const SpaClient = z.strictObject({
  clientId: z.string().min(1),
  name: z.string().min(1),
  type: z.literal('spa'),
  /** Allowed Origins (CORS). */
  allowedOrigins: z.array(origin).default([]),
  /** Allowed Web Origins: also allowed CORS origins (the SDKs call /oauth/token from them). */
  webOrigins: z.array(origin).default([]),
  /** Allowed Callback URLs: /authorize redirects only to one of these, exactly. A path is on this server. */
  callbacks: z.array(urlOrPath).default([]),
  /** Allowed Logout URLs: /v2/logout's returnTo must be one of these. */
  allowedLogoutUrls: z.array(urlOrPath).default([]),
  /** Where a password-change ticket may send the user afterwards (no open redirect), besides the callbacks. */
  allowedResultUrls: z.array(urlOrPath).default([]),
  /** New Universal Login sends users here after a reset; defaults to the tenant's. */
  defaultLoginRoute: urlOrPath.optional(),
  /** Refresh tokens for `offline_access`; absent: none are issued. */
  refreshTokens: RefreshTokens.optional(),
  /** Lifetime of this application's ID and access tokens; defaults to the tenant's `tokens.lifetimeInSeconds`. */
  tokenLifetimeInSeconds: z.number().int().min(60).max(2_592_000).optional(),
});

/** A confidential (server-side) application: the same settings, and a secret for /oauth/token. */
const WebClient = SpaClient.extend({ type: z.literal('regular_web'), clientSecret: z.string().min(8) });

const ApiGrant = z.strictObject({
  /** A path such as "/api/v2/" is relative to the server's public base URL: `<base>/api/v2/`. */
  audience: z.string().min(1),
  scopes: z.array(z.string().min(1)),
});

const M2mClient = z.strictObject({
  clientId: z.string().min(1),
  name: z.string().min(1),
  type: z.literal('m2m'),
  clientSecret: z.string().min(8),
  grants: z.array(ApiGrant).default([]),
});

const PasswordPolicyConfig = z.strictObject({
  level: z.enum(POLICY_LEVELS),
  minLength: z.number().int().min(MIN_LENGTH_RANGE[0]).max(MIN_LENGTH_RANGE[1]).optional(),
  dictionary: z.boolean().default(false),
  noPersonalInfo: z.boolean().default(false),
  history: z.number().int().min(HISTORY_RANGE[0]).max(HISTORY_RANGE[1]).default(0),
});

/** Auth0 connection ids look like `con_` + 16 letters and digits; Management calls name connections by id. */
const connectionId = z.string().regex(/^con_[A-Za-z0-9]{1,32}$/, 'must look like con_ followed by letters and digits');

/**
 * Auth0's custom database: a module (path relative to the tenant file) exporting
 * `getUser(email, configuration)` and `changePassword(email, newPassword, configuration)`.
 */
const CustomScripts = z.strictObject({
  module: z.string().min(1),
  /** Handed to every script call, like Auth0's `configuration` object (e.g. a file path or a DSN). */
  configuration: z.record(z.string(), z.string()).default({}),
});

const DatabaseConnection = z.strictObject({
  id: connectionId.optional(),
  name: z.string().min(1),
  strategy: z.literal('auth0'),
  passwordPolicy: PasswordPolicyConfig.default({ level: 'good', dictionary: true, noPersonalInfo: false, history: 0 }),
  customScripts: CustomScripts.optional(),
});

const SOCIAL_STRATEGIES = ['google-oauth2', 'github', 'facebook', 'apple', 'windowslive', 'twitter', 'linkedin'] as const;
const ENTERPRISE_STRATEGIES = ['samlp', 'adfs', 'waad', 'oidc', 'okta', 'google-apps', 'ad', 'pingfederate'] as const;

const SocialConnection = z.strictObject({ id: connectionId.optional(), name: z.string().min(1), strategy: z.enum(SOCIAL_STRATEGIES) });
const EnterpriseConnection = z.strictObject({ id: connectionId.optional(), name: z.string().min(1), strategy: z.enum(ENTERPRISE_STRATEGIES) });

/** A dashboard administrator: not an app user. Give `passwordHash` (a PHC string) outside demos. */
const Admin = z
  .strictObject({ email: z.string().email(), password: z.string().min(8).optional(), passwordHash: z.string().startsWith('$').optional() })
  .refine((admin) => (admin.password === undefined) !== (admin.passwordHash === undefined), 'give exactly one of password or passwordHash');

const Hooks = z.strictObject({
  /** Auth0's Post Change Password hook: a module (path relative to the tenant file) whose default export is called after each change. */
  postChangePassword: z.strictObject({ module: z.string().min(1), timeoutMs: z.number().int().min(10).max(60_000).default(5_000) }).optional(),
});

const SeedUser = z.strictObject({
  email: z.string().email(),
  connection: z.string().min(1),
  password: z.string().min(1).optional(),
  name: z.string().optional(),
  emailVerified: z.boolean().default(true),
  /** The user's language (a BCP 47 tag such as de or pt-BR): their mail speaks it when the request asks for none we mail in. */
  locale: z.string().regex(/^[a-z]{2,3}(?:[-_][a-z0-9]{1,8})*$/i, 'must be a language tag like de or pt-BR').optional(),
});

/** A mail's words in one language: subject, plain-text and HTML bodies, with the template's placeholders. */
const MailText = z.strictObject({ subject: z.string().min(1), text: z.string().min(1), html: z.string().min(1) });
const shippedLanguage = z.enum(LANGUAGES, { error: `must be a shipped language: ${LANGUAGES.join(', ')}` });

/**
 * What makes any mail template multilingual: its own subject, text and html are in `language` (the
 * tenant default: English unless said), and `translations` holds the same mail in other shipped
 * languages. The server sends the version in the language the requesting component speaks, else
 * in the user's stored locale, else this default (mock-server/domain/mail-language.ts).
 */
const localizedMail = {
  language: shippedLanguage.default('en'),
  translations: z.partialRecord(shippedLanguage, MailText).default({}),
};
const oneVersionPerLanguage = (template: { language: string; translations: object }) => !Object.hasOwn(template.translations, template.language);
const ONE_VERSION_PER_LANGUAGE = { path: ['translations'], message: 'repeats the template\'s own language: its subject, text and html are that version' };

/** Whether a reset mail sent with `method` carries a code. */
export const mailsCode = (method: ResetMethod): boolean => method !== 'link';

const CODE_PLACEHOLDER = /\{\{\s*code\s*\}\}/;
const URL_PLACEHOLDER = /\{\{\s*url\s*\}\}/;

/**
 * Refused at start-up, each version (language) and part by name: a mail that promises a code must show it in every
 * language and both bodies; a code-only mail must not carry the link it does not want; and a link-only mail has no
 * code to show (its {{ code }} would render empty, a sentence pointing at nothing).
 */
function resetMethodPlaceholders(template: { method: ResetMethod; subject: string; text: string; html: string; translations: Partial<Record<string, MailText>> }, ctx: z.RefinementCtx) {
  const versions: [string[], MailText][] = [[[], template], ...Object.entries(template.translations).map(([language, version]): [string[], MailText] => [['translations', language], version!])];
  for (const [path, version] of versions) {
    for (const part of ['text', 'html'] as const) {
      const hasCode = CODE_PLACEHOLDER.test(version[part]);
      if (mailsCode(template.method) && !hasCode) ctx.addIssue({ code: 'custom', path: [...path, part], message: `must contain {{ code }}: method is "${template.method}"` });
      if (!mailsCode(template.method) && hasCode) ctx.addIssue({ code: 'custom', path: [...path, part], message: 'must not contain {{ code }}: method is "link" (use "both" to mail a code too)' });
    }
    if (template.method !== 'code') continue;
    for (const part of ['subject', 'text', 'html'] as const) {
      if (URL_PLACEHOLDER.test(version[part])) ctx.addIssue({ code: 'custom', path: [...path, part], message: 'must not contain {{ url }}: method is "code" (use "both" to mail the link too)' });
    }
  }
}

const ResetEmailTemplate = z.strictObject({
  from: z.string().min(1),
  subject: z.string().min(1),
  /** Plain-text and HTML bodies; placeholders: {{ url }}, {{ code }} (with `method` code or both), {{ user.email }}, {{ application.name }}. */
  text: z.string().min(1),
  html: z.string().min(1),
  ...localizedMail,
  /** How long the emailed link works. Auth0's default is 5 days; OWASP says short, so we default to 1 h. */
  urlLifetimeInSeconds: z.number().int().min(60).max(2_592_000).default(3600),
  /** Classic mode: where the page sends the user afterwards, with `success` and `message` appended. */
  resultUrl: urlOrPath.optional(),
  /**
   * What the mail carries: `link` (Auth0's mail), `code` (an 8-digit one-time code, {{ code }}, for POST /lo/reset/code)
   * or `both`. Links break across devices and in in-app mail viewers; a code can be typed anywhere.
   */
  method: z.enum(RESET_METHODS).default('link'),
}).refine(oneVersionPerLanguage, ONE_VERSION_PER_LANGUAGE).superRefine(resetMethodPlaceholders);

/**
 * The "your password was changed" mail, sent after a self-service reset only (never after a Management API or
 * dashboard change: the seed says users get no notification then). Placeholders: {{ user.email }},
 * {{ application.name }} and {{ url }}, the page that starts a new reset ("this wasn't me"). It carries no link
 * that changes anything by itself. In the language the reset page spoke, as the reset mail is.
 */
const PasswordChangedEmailTemplate = z.strictObject({
  enabled: z.boolean().default(true),
  subject: z.string().min(1),
  text: z.string().min(1),
  html: z.string().min(1),
  ...localizedMail,
}).refine(oneVersionPerLanguage, ONE_VERSION_PER_LANGUAGE);

const PASSWORD_CHANGED_EMAIL = {
  enabled: true,
  language: 'en' as const,
  translations: {},
  subject: 'Your {{ application.name }} password was changed',
  text: 'Hello {{ user.email }},\n\nThe password of your {{ application.name }} account has just been changed. If you did it, there is nothing more to do.\n\nIf it was not you, someone else may have access to your account: choose a new password at once here:\n\n{{ url }}\n',
  html: '<p>Hello {{ user.email }},</p><p>The password of your {{ application.name }} account has just been changed. If you did it, there is nothing more to do.</p><p>If it was not you, someone else may have access to your account: choose a new password at once here:</p><p><a href="{{ url }}">This wasn\'t me, reset my password</a></p>',
};

/** `points` requests per `windowSeconds`, counted per key (client address, plus email where it applies). */
const Limit = (points: number, windowSeconds: number) =>
  z.strictObject({ points: z.number().int().min(1), windowSeconds: z.number().int().min(1) }).default({ points, windowSeconds });

const RateLimits = z.strictObject({
  // Auth0: a burst of 10 per address and email; we then allow one a minute on average (10 per 10 min).
  changePasswordPerEmail: Limit(10, 600),
  /** Against spraying many addresses from one client. */
  changePasswordPerAddress: Limit(50, 3600),
  /** Reset mails one user receives, whoever asks: past it the answer is the same but no mail goes out. */
  resetMailsPerUser: Limit(5, 3600),
  /** Auth0: 20 attempts a minute from one address for one user. */
  passwordLogin: Limit(20, 60),
  /** Ticket look-ups and submissions per address: guessing 256-bit tickets is hopeless, but cheap to refuse. */
  resetPage: Limit(30, 60),
  dashboardSession: Limit(10, 60),
  /** POST /lo/reset/code per address: a code dies after 5 wrong tries, this bounds spraying many emails' codes. */
  resetCodePerAddress: Limit(30, 3600),
  /** POST /lo/reset/code per connection and email, whoever asks (unknown emails too): one user's codes, from many addresses. */
  resetCodePerEmail: Limit(10, 3600),
});
export type RateLimits = z.infer<typeof RateLimits>;

/**
 * Refusing passwords found in known data breaches, through Have I Been Pwned's range API (k-anonymity: only the
 * first 5 hex characters of the password's SHA-1 leave the server). Off by default: it needs the service.
 */
const BreachedPasswords = z.strictObject({
  enabled: z.boolean().default(false),
  /** The range API; the 5-character prefix is appended (`<endpoint>ABCDE`). */
  endpoint: url.refine((value) => /^https?:$/.test(new URL(value).protocol), 'must be an http(s) URL').default('https://api.pwnedpasswords.com/range/'),
  /** Refused when the password appears in at least this many breaches. */
  threshold: z.number().int().min(1).default(1),
  /** How long the look-up may take before it counts as failed. */
  timeoutMs: z.number().int().min(10).max(30_000).default(2_000),
  /** A failed look-up (timeout, network, a bad answer): `accept` the password unchecked (open) or `refuse` it for now (closed, 503). */
  onFailure: z.enum(['accept', 'refuse']).default('accept'),
});
export type BreachedPasswordsConfig = z.infer<typeof BreachedPasswords>;

/** What the hosted page may load besides our own files: http(s) only, or a path on this server. */
const pageAsset = z.string().refine(
  (value) => (value.startsWith('/') && !value.startsWith('//')) || (URL.canParse(value) && /^https?:$/.test(new URL(value).protocol)),
  'must be an http(s) URL or a path starting with /',
);

/** Auth0's "Customize Hosted Password Reset Page": the page behind the mailed link. */
const ResetPage = z.strictObject({
  /** Page title and heading; defaults to the tenant's friendly name. */
  title: z.string().trim().min(1).max(120).optional(),
  /** Shown beside the title; its origin is added to the page's CSP img-src. */
  logoUrl: pageAsset.optional(),
  /** The buttons' and links' colour (`--login-box-accent`), e.g. "#0a7d4f". */
  primaryColor: z.string().regex(/^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i, 'must be a hex colour like #0a7d4f').optional(),
  /** One more stylesheet, loaded after ours; its origin is added to the page's CSP style-src. */
  stylesheetUrl: pageAsset.optional(),
});

export const TenantConfig = z
  .strictObject({
    tenant: z.strictObject({ name: z.string().min(1), friendlyName: z.string().min(1) }),
    clients: z.array(z.discriminatedUnion('type', [SpaClient, WebClient, M2mClient])).min(1),
    connections: z.array(z.discriminatedUnion('strategy', [DatabaseConnection, SocialConnection, EnterpriseConnection])).min(1),
    /** The connection the plain `password` grant uses (Auth0's "Default Directory"). */
    defaultDirectory: z.string().optional(),
    users: z.array(SeedUser).default([]),
    emailTemplates: z.strictObject({ resetEmail: ResetEmailTemplate, passwordChangedEmail: PasswordChangedEmailTemplate.default(PASSWORD_CHANGED_EMAIL) }),
    universalLogin: z.enum(['classic', 'new']).default('classic'),
    /** New Universal Login sends users here after a reset (relative to the server, or absolute). */
    defaultLoginRoute: urlOrPath.default('/'),
    resetPage: ResetPage.default({}),
    rateLimits: RateLimits.default(RateLimits.parse({})),
    /** Auth0's brute-force protection: failed sign-ins per identifier and address before that address is blocked. */
    bruteForceProtection: z.strictObject({
      enabled: z.boolean().default(true),
      maxAttempts: z.number().int().min(1).max(100).default(10),
    }).default({ enabled: true, maxAttempts: 10 }),
    tokens: z.strictObject({ lifetimeInSeconds: z.number().int().min(60).max(2_592_000).default(86_400) }).default({ lifetimeInSeconds: 86_400 }),
    /** Universal Login's login session (SSO cookie): Auth0's defaults are 3 days idle, 7 days at most. */
    loginSession: z.strictObject({
      idleLifetimeInSeconds: z.number().int().min(60).max(31_557_600).default(259_200),
      absoluteLifetimeInSeconds: z.number().int().min(60).max(31_557_600).default(604_800),
    }).default({ idleLifetimeInSeconds: 259_200, absoluteLifetimeInSeconds: 604_800 }),
    /** The mail sender: how often it looks for due mail, and how long a claim keeps other instances' senders off a mail. */
    mailDelivery: z.strictObject({
      pollSeconds: z.number().min(0.1).max(3600).default(5),
      /** Longer than one delivery attempt can take; mail claimed by an instance that died waits this long. */
      leaseSeconds: z.number().min(1).max(3600).default(60),
    }).default({ pollSeconds: 5, leaseSeconds: 60 }),
    breachedPasswords: BreachedPasswords.default(BreachedPasswords.parse({})),
    /** Who may sign in to /dashboard. */
    admins: z.array(Admin).default([]),
    hooks: Hooks.default({}),
  })
  .superRefine((config, ctx) => {
    const names = new Set<string>();
    const connectionIds = new Set<string>();
    config.connections.forEach((connection, index) => {
      if (names.has(connection.name)) ctx.addIssue({ code: 'custom', path: ['connections', index, 'name'], message: `duplicate connection "${connection.name}"` });
      names.add(connection.name);
      const id = connectionIdOf(connection);
      if (connectionIds.has(id)) ctx.addIssue({ code: 'custom', path: ['connections', index, 'id'], message: `duplicate connection id "${id}"` });
      connectionIds.add(id);
    });
    const ids = new Set<string>();
    config.clients.forEach((client, index) => {
      if (ids.has(client.clientId)) ctx.addIssue({ code: 'custom', path: ['clients', index, 'clientId'], message: `duplicate client "${client.clientId}"` });
      ids.add(client.clientId);
    });
    config.users.forEach((user, index) => {
      const connection = config.connections.find((candidate) => candidate.name === user.connection);
      if (!connection) ctx.addIssue({ code: 'custom', path: ['users', index, 'connection'], message: `unknown connection "${user.connection}"` });
      else if (connection.strategy === 'auth0' && !user.password) ctx.addIssue({ code: 'custom', path: ['users', index, 'password'], message: 'a database user needs a password' });
      else if (connection.strategy !== 'auth0' && user.password) ctx.addIssue({ code: 'custom', path: ['users', index, 'password'], message: 'only database users have a password here' });
    });
    if (config.defaultDirectory && !config.connections.some((c) => c.name === config.defaultDirectory && c.strategy === 'auth0')) {
      ctx.addIssue({ code: 'custom', path: ['defaultDirectory'], message: `"${config.defaultDirectory}" is not a database connection of this tenant` });
    }
  });

export type TenantConfig = z.infer<typeof TenantConfig>;
export type TenantConfigInput = z.input<typeof TenantConfig>;
export type Client = TenantConfig['clients'][number];
export type SpaClient = z.infer<typeof SpaClient>;
/** An application a person signs in to (a browser app or a server-side web app). */
export type InteractiveClient = SpaClient | z.infer<typeof WebClient>;
export type M2mClient = z.infer<typeof M2mClient>;
export type Connection = TenantConfig['connections'][number];
export type DatabaseConnection = z.infer<typeof DatabaseConnection>;
export type Admin = z.infer<typeof Admin>;
export type MailText = z.infer<typeof MailText>;

export const isInteractive = (client: Client): client is InteractiveClient => client.type !== 'm2m';
export const isDatabase = (connection: Connection): connection is DatabaseConnection => connection.strategy === 'auth0';
export const isSocial = (connection: Connection) => (SOCIAL_STRATEGIES as readonly string[]).includes(connection.strategy);

/**
 * The connection's `con_…` id: the configured one, or one derived from the name (FNV-1a, 64 bits),
 * so it stays the same across restarts and machines without being written down.
 */
export function connectionIdOf(connection: { id?: string | undefined; name: string }): string {
  if (connection.id) return connection.id;
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(connection.name)) hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return `con_${hash.toString(36).padStart(13, '0')}`;
}

/** Parses a tenant document; the error lists each bad field by its path, e.g. `clients.0.clientId: …`. */
export function parseTenantConfig(input: unknown): TenantConfig {
  const result = TenantConfig.safeParse(input);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new TenantConfigError(`invalid tenant config:\n${lines.join('\n')}`);
}

export class TenantConfigError extends Error {
  override name = 'TenantConfigError';
}
