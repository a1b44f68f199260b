/**
 * Property-based fuzzing (fast-check) of every route family: arbitrary bodies, query strings, path
 * parameters and headers (content types, JSON of any shape, odd unicode, huge numbers, missing and
 * extra fields). For each route, every answer is in the statuses that route can give (read from its
 * code, below), never a 5xx, and a refusal is in its family's envelope (envelopes.ts; the HTML pages
 * refuse with an HTML page). Plus: any unknown email gets exactly the known email's change_password
 * answer. A fixed seed and a bounded number of runs per property, so every run sends the same cases.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { Email, GRANT_PASSWORD_REALM } from '../../src/api/contract.js';
import { emailKey } from '../../mock-server/domain/email.js';
import { notInEnvelope, type Family } from './envelopes.js';
import {
  ADA, ADMIN, DB_CONNECTION, NEW_PASSWORD, normalized, passwordRealmGrant, resetRequest, testServer, type TestServer,
} from './helpers.js';

const SEED = 20261201;
const RUNS = 150;
let cases = 0;

/** One request as the property sends it. */
interface Sent { method: string; path: string; headers: Record<string, string>; body?: string }

interface Route {
  name: string;
  /** Whose envelope a refusal is in; `page`: a browser page, which refuses with an HTML page. */
  family: Family | 'page';
  /** Every status the route's code can answer (a 503 for a full hash queue aside: these requests come one at a time). */
  statuses: number[];
  /** What a 2xx is. */
  success: 'json' | 'html' | 'empty' | 'css' | 'javascript' | 'text/html';
  /** The route applies a password policy (Management refusals without an errorCode). */
  checksPasswords?: boolean;
  sent: fc.Arbitrary<Sent>;
}

// ---------------------------------------------------------------------------------------------
// Arbitraries
// ---------------------------------------------------------------------------------------------

const SPECIALS = ['', ' ', '\u0000', '\ud800', '\udfff', '\u202e', '\ufeff', 'ﬃ', 'İ', 'ß', 'e\u0301', '\r\nBcc: x@evil.test',
  '😀'.repeat(300), 'x'.repeat(17_000), '%', '%E0%A4%A', '%00', '__proto__', 'constructor', '../../etc/passwd', 'auth0|nope',
  'javascript:alert(1)', '{"a":1}', 'null', 'true', '1e999'];

/** Strings a client would not send: any code points (lone surrogates too), graphemes, and a list of known troublemakers. */
const oddString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(...SPECIALS),
);

/** Header values: printable ASCII (what a Request may carry), random or chosen. */
const headerValue = (...chosen: string[]) => fc.oneof(
  { weight: 1, arbitrary: fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), maxLength: 60 }) },
  ...(chosen.length ? [{ weight: 3, arbitrary: fc.constantFrom(...chosen) }] : []),
);

/** A JSON number as text: ordinary, huge, tiny, or beyond any double. */
const numberText = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)),
  fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }).map(String),
  fc.constantFrom('1e999', '-1e999', '-0', '0.0000000000000000000001', '9007199254740993', '1E+2'),
);

const leafText = fc.oneof(
  { weight: 4, arbitrary: oddString.map((s) => JSON.stringify(s)) },
  { weight: 2, arbitrary: numberText },
  { weight: 1, arbitrary: fc.constantFrom('true', 'false', 'null') },
);

/** Any JSON text: leaves, arrays, objects (keys `__proto__` and duplicates included, which JSON.stringify cannot write). */
const jsonText = (keys: string[]) => fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafText,
    fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
    fc.array(fc.tuple(fc.oneof(fc.constantFrom(...keys, '__proto__', 'constructor'), oddString), tie('value')), { maxLength: 5 })
      .map((entries) => `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(',')}}`),
  ),
})).value;

const objectText = (entries: (readonly [string, string])[]) => `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(',')}}`;

/**
 * A body for fields `fields` (name → values that mean something there): an object with some of them,
 * each a meaningful value or any JSON, plus stray keys; or one of `bases` (a body that works) with a
 * field or two dropped or changed, so the changes reach past the first check; sometimes any JSON at
 * all; sometimes not JSON.
 */
function bodyText(fields: Record<string, string[]>, bases: Record<string, string>[] = []): fc.Arbitrary<string> {
  const keys = Object.keys(fields);
  const any = jsonText(keys);
  const meaningful = (key: string) => fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...(fields[key]!.length ? fields[key]! : [''])).map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: any },
  );
  const stray = fc.array(fc.tuple(oddString, any), { maxLength: 2 });
  const shaped = fc.tuple(fc.tuple(...keys.map((key) => fc.option(meaningful(key), { freq: 4 }))), stray).map(([values, extra]) =>
    objectText([...keys.flatMap((key, i) => (values[i] === null ? [] : [[key, values[i]!] as const])), ...extra]));
  const KEEP = 'keep', DROP = 'drop';
  const mutated = bases.length === 0 ? shaped : fc.tuple(
    fc.constantFrom(...bases),
    fc.tuple(...keys.map((key) => fc.oneof({ weight: 5, arbitrary: fc.constant(KEEP) }, { weight: 1, arbitrary: fc.constant(DROP) }, { weight: 2, arbitrary: meaningful(key) }))),
    fc.option(stray, { freq: 4 }),
  ).map(([base, changes, extra]) => {
    const entries = Object.entries(base).map(([key, value]) => [key, JSON.stringify(value)] as const);
    const changed = keys.flatMap((key, i) => changes[i] === KEEP ? entries.filter(([k]) => k === key) : changes[i] === DROP ? [] : [[key, changes[i]!] as const]);
    return objectText([...entries.filter(([key]) => !keys.includes(key)), ...changed, ...(extra ?? [])]);
  });
  return fc.oneof(
    { weight: 3, arbitrary: shaped },
    { weight: bases.length ? 4 : 0, arbitrary: mutated },
    { weight: 2, arbitrary: any },
    { weight: 1, arbitrary: fc.oneof(oddString, fc.constantFrom('[', '{"a":', '['.repeat(5000), '{"email": "\\ud800"}', '\u0000{}')) },
  );
}

/** A form-encoded version of a JSON object body (its string values), for the endpoints that take forms. */
function formOf(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as unknown;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
    return new URLSearchParams(Object.entries(body).map(([key, value]): [string, string] => [key, typeof value === 'string' ? value : JSON.stringify(value)])).toString();
  } catch {
    return undefined;
  }
}

/** Mostly JSON (so the body gets read), else every other kind a client might send. */
const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON', 'application/json;;;') },
  { weight: 2, arbitrary: fc.constant('application/x-www-form-urlencoded') },
  { weight: 2, arbitrary: fc.constantFrom('text/plain', 'multipart/form-data; boundary=x', 'application/jsonp', '') },
);

/**
 * A query string over `params` (name → meaningful values), with odd values, stray names and broken escapes;
 * half the time starting from `base` (a query that works), so the changes reach past the first check.
 */
function queryString(params: Record<string, string[]>, base: Record<string, string> = {}): fc.Arbitrary<string> {
  const names = Object.keys(params);
  const value = (name: string) => fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...(params[name]?.length ? params[name]! : [''])) }, { weight: 2, arbitrary: oddString });
  return fc.tuple(
    fc.array(fc.oneof(
      { weight: 5, arbitrary: names.length ? fc.constantFrom(...names).chain((name) => value(name).map((v) => [name, v] as [string, string])) : fc.constant(['x', 'y'] as [string, string]) },
      { weight: 1, arbitrary: fc.tuple(oddString, oddString) },
    ), { maxLength: 6 }),
    fc.option(fc.constantFrom('&%', '&%zz=%E0%A4%A', '&q', '&=&&', '&page=1&page=2', '&email[]=a'), { freq: 5 }),
    fc.boolean(),
  ).map(([pairs, raw, fromBase]) => {
    const start = new URLSearchParams(fromBase ? base : {});
    for (const [name, value] of pairs) {
      if (fromBase) start.set(name, value);
      else start.append(name, value);
    }
    // URLSearchParams cannot carry a lone surrogate; it writes U+FFFD, as a browser would.
    const query = start.toString() + (raw ?? '');
    return query ? `?${query}` : '';
  });
}

const COMMON_HEADERS = {
  origin: headerValue('http://127.0.0.1:8787', 'http://localhost:5173', 'https://evil.test', 'null'),
  'sec-fetch-site': headerValue('same-origin', 'same-site', 'cross-site', 'none'),
  'accept-language': headerValue('fr', 'de-CH, fr;q=0.5', '*', 'ar', 'zz-ZZ'),
  cookie: headerValue('login_box_session=x; login_box_transaction=y', 'login_box_session=', '='),
};

/** Some of `choices`' headers (each header a value from its arbitrary); the route's own (`usual`) mostly there. */
function headers(choices: Record<string, fc.Arbitrary<string>>, usual: Record<string, unknown>): fc.Arbitrary<Record<string, string>> {
  const names = Object.keys(choices);
  return fc.tuple(...names.map((name) => fc.option(choices[name]!, { freq: name in usual ? 8 : 2 }))).map((values) =>
    Object.fromEntries(names.flatMap((name, i) => (values[i] === null ? [] : [[name, values[i]!]]))));
}

/** A POST (or PATCH) of a body over `fields`, in a chosen content type, with some of `extraHeaders`. */
function post(
  path: fc.Arbitrary<string>, fields: Record<string, string[]>, extraHeaders: Record<string, fc.Arbitrary<string>>,
  { method = 'POST', bases = [] }: { method?: string; bases?: Record<string, string>[] } = {},
): fc.Arbitrary<Sent> {
  return fc.record({
    path,
    type: contentType,
    body: bodyText(fields, bases),
    headers: headers({ ...COMMON_HEADERS, ...extraHeaders }, extraHeaders),
  }).map(({ path, type, body, headers }) => ({
    method, path,
    headers: { ...headers, ...(type && { 'content-type': type }) },
    body: type === 'application/x-www-form-urlencoded' ? formOf(body) ?? body : body,
  }));
}

function get(path: fc.Arbitrary<string>, params: Record<string, string[]>, extraHeaders: Record<string, fc.Arbitrary<string>>, base?: Record<string, string>): fc.Arbitrary<Sent> {
  return fc.record({ path, query: queryString(params, base), headers: headers({ ...COMMON_HEADERS, ...extraHeaders }, extraHeaders) })
    .map(({ path, query, headers }) => ({ method: 'GET', path: path + query, headers }));
}

/** A path segment: a meaningful one, or any string, escaped (or, when it is safe to put in a URL, as it is). */
const segment = (...chosen: string[]) => fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...chosen) },
  { weight: 2, arbitrary: oddString.filter((s) => s.length > 0).map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '\ufffd'))) },
  { weight: 1, arbitrary: fc.constantFrom('%', '%zz', '%E0%A4%A', 'a%2Fb', 'auth0%7C', 'x'.repeat(3000)) },
// A dot segment (`..`, `%2e`) is another route: the URL resolves it before any route sees it.
).filter((s) => !/^(?:\.|%2e)+$/i.test(s));

// ---------------------------------------------------------------------------------------------
// The routes, and what each may answer (from its code: the schema and domain errors it can raise)
// ---------------------------------------------------------------------------------------------

interface Known {
  managementToken: string; dashboardToken: string; accessToken: string; refreshToken: string; adaId: string; tickets: string[];
  /** A login transaction: its state and its cookie. */
  state: string; transactionCookie: string;
}

function routes(k: Known): Route[] {
  const bearer = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(`Bearer ${k.managementToken}`, `Bearer ${k.dashboardToken}`) },
    { weight: 1, arbitrary: headerValue(`Bearer ${k.accessToken}`, 'Bearer ', 'Bearer x.y.z', 'bearer  abc', 'Basic ZGVtby1tMm06ZGVtby1tMm0tc2VjcmV0') },
  );
  const basic = headerValue('Basic ZGVtby1tMm06ZGVtby1tMm0tc2VjcmV0', 'Basic ZGVtby1zcGE6', 'Basic Og==', 'Basic %%%', 'Basic YTpi', 'Basic JUU=');
  const clients = ['demo-spa', 'demo-m2m', 'nope', ''];
  const connections = [DB_CONNECTION, 'google-oauth2', 'acme-saml', 'nope'];
  const emails = [ADA.email, ADMIN.email, 'grace@example.com', 'nobody@example.com', 'ADA@EXAMPLE.COM', ' ada@example.com ', 'a@b', 'not-an-email'];
  const passwords = [ADA.password, NEW_PASSWORD, 'x', 'password', 'p'.repeat(1100)];
  const tickets = [...k.tickets, 'nope', 'a'.repeat(43)];
  const userIds = [k.adaId, 'auth0|nope', 'google-oauth2|1', 'auth0|'];
  const grantTypes = ['client_credentials', GRANT_PASSWORD_REALM, 'password', 'authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:device_code', ''];
  const authorizeParams = {
    client_id: clients, redirect_uri: ['http://localhost:5173/callback', 'https://evil.test/', '/demo/', ''], response_type: ['code', 'token', 'id_token', ''],
    response_mode: ['query', 'form_post', 'web_message', 'fragment'], state: ['s'], nonce: ['n'], scope: ['openid profile email offline_access', ''],
    code_challenge: ['E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', ''], code_challenge_method: ['S256', 'plain'], prompt: ['none', 'login', ''],
    ui_locales: ['fr', 'ar de', ''], login_hint: emails, audience: ['/api/v2/', 'x'], connection: connections, max_age: ['0', '-1', '1e9'],
  };
  const authHeaders = { authorization: basic };
  const tokenFields = {
    grant_type: grantTypes, client_id: clients, client_secret: ['demo-m2m-secret', 'wrong'], username: emails, password: passwords,
    realm: connections, scope: ['openid profile email offline_access', 'read:users', ''], audience: ['http://127.0.0.1:8787/api/v2/', '/api/v2/', 'x'],
    code: ['nope'], code_verifier: ['v'.repeat(43)], redirect_uri: ['http://localhost:5173/callback'], refresh_token: [k.refreshToken, 'nope'],
  };
  const transactionCookie = headerValue(k.transactionCookie, k.transactionCookie, `${k.transactionCookie}; login_box_session=x`, 'login_box_transaction=nope');
  const management = (path: fc.Arbitrary<string>) => path.map((p) => `/api/v2${p}`);
  const managementHeaders = { authorization: bearer };
  const json = 'json' as const;

  return [
    // First: a reset request for ada (below) would replace the tickets these start from.
    {
      name: 'POST /lo/reset/ticket', family: 'legacy', statuses: [200, 400, 413, 415, 429], success: json,
      sent: post(fc.constant('/lo/reset/ticket'), { ticket: tickets }, {}, { bases: [{ ticket: k.tickets.at(-1)! }] }),
    },
    {
      name: 'POST /lo/reset', family: 'legacy', statuses: [200, 400, 413, 415, 429], success: json,
      sent: post(fc.constant('/lo/reset'), { ticket: tickets, newPassword: passwords }, {}, { bases: [{ ticket: k.tickets.at(-1)!, newPassword: NEW_PASSWORD }] }),
    },
    {
      name: 'POST /lo/reset/code', family: 'legacy', statuses: [200, 400, 413, 415, 429], success: json,
      sent: post(fc.constant('/lo/reset/code'), { client_id: clients, connection: connections, email: emails, code: ['12345678', '00000000', '1234', '１２３４５６７８', ''] }, {}, {
        bases: [{ client_id: 'demo-spa', connection: DB_CONNECTION, email: ADA.email, code: '12345678' }, { connection: DB_CONNECTION, email: 'nobody@example.com', code: '00000000' }],
      }),
    },
    {
      name: 'POST /dbconnections/change_password', family: 'oauth', statuses: [200, 400, 413, 415, 429], success: 'text/html',
      sent: post(fc.constant('/dbconnections/change_password'), { email: emails, connection: connections, client_id: clients, password: passwords }, {}, {
        bases: [resetRequest(ADA.email), resetRequest('nobody@example.com')],
      }),
    },
    {
      name: 'POST /oauth/token (every grant)', family: 'oauth', statuses: [200, 400, 401, 403, 413, 415, 429], success: json,
      sent: post(fc.constant('/oauth/token'), tokenFields, authHeaders, {
        bases: [
          passwordRealmGrant(ADA.email, ADA.password), { ...passwordRealmGrant(ADA.email, ADA.password), grant_type: 'password' },
          { grant_type: 'client_credentials', client_id: 'demo-m2m', client_secret: 'demo-m2m-secret' },
          { grant_type: 'refresh_token', client_id: 'demo-spa', refresh_token: k.refreshToken },
          { grant_type: 'authorization_code', client_id: 'demo-spa', code: 'nope', code_verifier: 'v'.repeat(43), redirect_uri: 'http://localhost:5173/callback' },
        ],
      }),
    },
    {
      name: 'POST /oauth/revoke', family: 'oauth', statuses: [200, 400, 401, 413, 415], success: 'empty',
      sent: post(fc.constant('/oauth/revoke'), { client_id: clients, client_secret: ['demo-m2m-secret'], token: [k.refreshToken, 'nope'], token_type_hint: ['refresh_token'] }, authHeaders, {
        bases: [{ client_id: 'demo-spa', token: k.refreshToken }],
      }),
    },
    {
      name: 'GET /userinfo', family: 'oauth', statuses: [200, 401], success: json,
      sent: get(fc.constant('/userinfo'), { access_token: [k.accessToken] }, { authorization: headerValue(`Bearer ${k.accessToken}`, `Bearer ${k.managementToken}`, 'Bearer x', 'Basic x') }),
    },
    {
      name: 'GET /.well-known/*', family: 'oauth', statuses: [200], success: json,
      sent: get(fc.constantFrom('/.well-known/jwks.json', '/.well-known/openid-configuration'), { format: ['json'] }, {}),
    },
    {
      name: 'GET /authorize', family: 'page', statuses: [200, 302, 400], success: 'html',
      sent: get(fc.constant('/authorize'), authorizeParams, {}, AUTHORIZE),
    },
    {
      name: 'GET /authorize/resume', family: 'page', statuses: [200, 302, 400], success: 'html',
      sent: get(fc.constant('/authorize/resume'), { state: [k.state, 'nope', ''] }, { cookie: transactionCookie }, { state: k.state }),
    },
    {
      name: 'GET /u/login', family: 'page', statuses: [200, 400], success: 'html',
      sent: get(fc.constant('/u/login'), { state: [k.state, 'nope', ''] }, { cookie: transactionCookie }, { state: k.state }),
    },
    {
      name: 'POST /u/login', family: 'oauth', statuses: [200, 400, 401, 403, 413, 415, 429], success: json,
      sent: post(fc.constant('/u/login'), { state: [k.state, 'nope'], username: emails, password: passwords }, {
        origin: headerValue('http://127.0.0.1:8787', 'http://127.0.0.1:8787', 'https://evil.test'), cookie: transactionCookie,
      }, { bases: [{ state: k.state, username: ADA.email, password: ADA.password }] }),
    },
    {
      name: 'GET /v2/logout', family: 'page', statuses: [200, 302, 400], success: 'html',
      sent: get(fc.constant('/v2/logout'), { client_id: clients, returnTo: ['http://localhost:5173', '/demo/', 'https://evil.test', 'javascript:alert(1)', '//evil.test'] }, {}),
    },
    {
      name: 'GET /oidc/logout', family: 'page', statuses: [200, 302, 400], success: 'html',
      sent: get(fc.constant('/oidc/logout'), {
        client_id: clients, post_logout_redirect_uri: ['http://localhost:5173', '/demo/', 'https://evil.test', 'http://localhost:5173/?a=b#c'], state: ['s'], id_token_hint: ['x'],
      }, {}),
    },
    {
      name: 'GET /lo/reset', family: 'page', statuses: [200], success: 'html',
      sent: get(fc.constant('/lo/reset'), { ticket: tickets }, {}),
    },
    {
      name: 'POST /api/v2/tickets/password-change', family: 'management', statuses: [201, 400, 401, 403, 404, 413, 415], success: json,
      sent: post(fc.constant('/api/v2/tickets/password-change'), {
        user_id: userIds, email: emails, connection_id: ['con_nope'], client_id: clients, result_url: ['http://localhost:5173/', 'javascript:alert(1)'],
        ttl_sec: [], mark_email_as_verified: [], includeEmailInRedirect: [],
      }, managementHeaders, { bases: [{ user_id: k.adaId }, { user_id: k.adaId, result_url: 'http://localhost:5173/' }] }),
    },
    {
      name: 'PATCH /api/v2/users/{id}', family: 'management', statuses: [200, 400, 401, 403, 404, 413, 415], success: json, checksPasswords: true,
      sent: post(management(segment(...userIds.map(encodeURIComponent)).map((id) => `/users/${id}`)), { password: passwords, connection: connections }, managementHeaders, {
        method: 'PATCH', bases: [{ password: NEW_PASSWORD }, { password: NEW_PASSWORD, connection: DB_CONNECTION }],
      }),
    },
    {
      name: 'GET /api/v2/users/{id}', family: 'management', statuses: [200, 401, 403, 404], success: json,
      sent: get(management(segment(...userIds.map(encodeURIComponent)).map((id) => `/users/${id}`)), { fields: ['email'] }, managementHeaders),
    },
    {
      name: 'GET /api/v2/users?q=&page=&per_page=&include_totals=', family: 'management', statuses: [200, 400, 401, 403], success: json,
      sent: get(management(fc.constant('/users')), {
        q: ['email:"ada@example.com"', 'email:ada@example.com', 'ada', '*', 'name:x', 'email:""', '"', ''], page: ['0', '1', '-1', '1000', '1e3', '01', '9999999', ''],
        per_page: ['1', '50', '100', '101', '0', ''], include_totals: ['true', 'false', 'TRUE', '1', ''], search_engine: ['v3', 'v2', 'v1'],
      }, managementHeaders),
    },
    {
      name: 'GET /api/v2/users-by-email?email=', family: 'management', statuses: [200, 400, 401, 403], success: json,
      sent: get(management(fc.constant('/users-by-email')), { email: emails }, managementHeaders),
    },
    {
      name: 'GET /api/v2/logs?page=&per_page=&include_totals=', family: 'management', statuses: [200, 400, 401, 403], success: json,
      sent: get(management(fc.constant('/logs')), {
        page: ['0', '1', '-1', '1000', '1e3', '9999999', ''], per_page: ['1', '50', '100', '101', '0', ''], include_totals: ['true', 'false', 'x', ''],
      }, managementHeaders),
    },
    {
      name: 'GET /api/v2/connections?name=', family: 'management', statuses: [200, 401, 403], success: json,
      sent: get(management(fc.constant('/connections')), { name: connections, strategy: ['auth0'] }, managementHeaders),
    },
    {
      name: 'any other /api/v2/* (any method)', family: 'management', statuses: [401, 403, 404, 413], success: json,
      sent: fc.tuple(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'), segment('users', 'clients', 'tickets', 'jobs', 'connections', 'x'),
        post(fc.constant(''), { email: emails }, managementHeaders))
        .map(([method, name, sent]) => ({ ...sent, method, path: `/api/v2/${name}/x/y`, body: method === 'GET' ? undefined : sent.body })),
    },
    {
      name: 'POST /dashboard/session', family: 'management', statuses: [200, 400, 401, 403, 413, 415, 429], success: json,
      sent: post(fc.constant('/dashboard/session'), { email: emails, password: [ADMIN.password, ...passwords] }, {}, { bases: [ADMIN] }),
    },
    {
      name: 'GET /client/{id}.js', family: 'oauth', statuses: [200, 304, 404], success: 'javascript',
      sent: get(segment('demo-spa.js', 'demo-m2m.js', 'nope.js', 'demo-spa', '.js').map((name) => `/client/${name}`), { t1764500000000: [''] }, {
        'if-none-match': headerValue('*', 'W/"x"', '"x"'),
      }),
    },
  ];
}

/** A sign-in /authorize starts (demo-spa, PKCE). */
const AUTHORIZE = {
  client_id: 'demo-spa', redirect_uri: 'http://localhost:5173/callback', response_type: 'code', state: 's', scope: 'openid profile email',
  code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256',
};

/** Why `answer` breaks `route`'s promises, or undefined when it keeps them. */
function broken(route: Route, response: Response, text: string): string | undefined {
  const { status } = response;
  const type = response.headers.get('content-type') ?? '';
  if (!route.statuses.includes(status)) return `status ${status} is not one of ${route.statuses.join(', ')}`;
  if (status >= 300 && status < 400) {
    if (status === 304) return text === '' ? undefined : 'a 304 with a body';
    return response.headers.get('location') ? undefined : `a ${status} without a Location`;
  }
  if (status >= 400) {
    if (route.family === 'page') return type.startsWith('text/html') ? undefined : `a ${status} page in ${type || 'no content type'}, not HTML`;
    return notInEnvelope(route.family, status, type, text, route.checksPasswords);
  }
  switch (route.success) {
    case 'empty': return text === '' ? undefined : 'a 2xx with a body';
    case 'json':
      try {
        JSON.parse(text);
      } catch {
        return 'a 2xx whose body is not JSON';
      }
      return type.startsWith('application/json') ? undefined : `a 2xx in ${type}, not JSON`;
    case 'text/html': case 'html': return type.startsWith('text/html') ? undefined : `a 2xx in ${type}, not HTML`;
    case 'css': return type.startsWith('text/css') ? undefined : `a 2xx in ${type}, not CSS`;
    case 'javascript': return type.startsWith('application/javascript') ? undefined : `a 2xx in ${type}, not JavaScript`;
  }
}

const show = (sent: Sent) => `${sent.method} ${sent.path.slice(0, 300)} ${JSON.stringify(sent.headers).slice(0, 300)} ${(sent.body ?? '').slice(0, 300)}`;

after(() => console.log(`properties: ${cases} cases`));

describe('properties of every route', () => {
  let server: TestServer;
  let all: Route[];
  before(async () => {
    server = await testServer();
    const m2m = await server.json('/oauth/token', { grant_type: 'client_credentials', client_id: 'demo-m2m', client_secret: 'demo-m2m-secret' });
    const dashboard = await server.json('/dashboard/session', ADMIN);
    const login = await server.login(ADA.email, ADA.password, { scope: 'openid profile email offline_access' });
    const signedIn = (await login.json()) as { access_token: string; refresh_token?: string };
    const { users } = await server.store.listUsers({ emailKey: emailKey(ADA.email) }, 0, 1);
    const started = await server.request(`/authorize?${new URLSearchParams(AUTHORIZE)}`);
    const state = new URL(started.headers.get('location')!, server.deps.baseUrl).searchParams.get('state')!;
    all = routes({
      state, transactionCookie: started.headers.get('set-cookie')!.split(';')[0]!,
      managementToken: ((await m2m.json()) as { access_token: string }).access_token,
      dashboardToken: ((await dashboard.json()) as { access_token: string }).access_token,
      accessToken: signedIn.access_token,
      refreshToken: signedIn.refresh_token ?? 'none',
      adaId: users[0]!.id,
      tickets: [await server.ticketFor(ADA.email), await server.ticketFor(ADA.email)],
    });
  });
  after(() => server.close());

  test('every route: its documented statuses only, never a 5xx, refusals in its family\'s envelope', async (t) => {
    for (const route of all) {
      await t.test(route.name, async (t) => {
        const seen = new Map<number, number>();
        await fc.assert(fc.asyncProperty(route.sent, async (sent) => {
          cases++;
          const response = await server.request(sent.path, { method: sent.method, headers: sent.headers, ...(sent.body !== undefined && { body: sent.body }) });
          seen.set(response.status, (seen.get(response.status) ?? 0) + 1);
          const text = await response.text();
          const problem = broken(route, response, text);
          assert.equal(problem, undefined, `${show(sent)} → ${response.status} ${text.slice(0, 300)}: ${problem}`);
        }), { seed: SEED, numRuns: RUNS });
        t.diagnostic(`statuses: ${[...seen].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`).join(', ')}`);
      });
    }
    assert.ok(!server.logs.some((record) => record.event === 'unhandled_error'), 'nothing reached a 500 handler');
  });
});

/** Valid-shaped addresses (the contract's Email accepts them): generated ones, and local parts in any script. */
const emailAddress = fc.oneof(
  fc.emailAddress(),
  fc.tuple(
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }).filter((local) => !/[@\s]/u.test(local)),
    fc.constantFrom('example.com', 'EXAMPLE.COM', 'example.co', 'xn--bcher-kva.example', 'mail.example.com'),
  ).map(([local, domain]) => `${local}@${domain}`),
  fc.constantFrom('ada@example.co', 'ada+1@example.com', 'ada.@example.com', 'Ada@Example.Org', 'ａｄａ@example.com', 'adA@exAmple.com.'),
).filter((email) => Email.safeParse(email).success);

describe('any unknown email gets exactly the known-email answer', () => {
  let server: TestServer;
  before(async () => { server = await testServer(); });
  after(() => server.close());

  test('POST /dbconnections/change_password: byte-identical (normalized) to ada@example.com\'s', async () => {
    const known = await normalized(await server.requestReset(ADA.email));
    assert.equal(known.status, 200);
    let unknown = 0;
    await fc.assert(fc.asyncProperty(emailAddress, async (email) => {
      const { users } = await server.store.listUsers({ emailKey: emailKey(Email.parse(email)) }, 0, 1);
      fc.pre(users.length === 0);
      cases++;
      unknown++;
      assert.deepEqual(await normalized(await server.requestReset(email)), known, email);
    }), { seed: SEED, numRuns: 200 });
    assert.ok(unknown >= 150, `only ${unknown} unknown emails were tried`);
    // And the known answer has not drifted while they were asked.
    assert.deepEqual(await normalized(await server.requestReset(ADA.email)), known);
  });
});
