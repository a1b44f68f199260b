/**
 * Auth0's Management API (wire notes §4), the part the seed needs: password-change tickets, a
 * direct password set, and the user and connection look-ups SDKs and the dashboard use. Bearer
 * tokens only, one scope per route, no CORS (it is a server-to-server API), and every error in the
 * `{statusCode, error, message, errorCode}` envelope.
 */
import { Hono, type Context } from 'hono';
import {
  Email, PasswordChangeTicketRequest, UpdateUserRequest,
  type ManagementConnection, type ManagementLogEvent, type ManagementUser, type ManagementUsersPage, type PasswordChangeTicketResponse,
} from '../../src/api/contract.js';
import { connectionIdOf, isDatabase, isSocial, type Connection } from '../config.js';
import { DASHBOARD_GRANT } from '../domain/dashboard.js';
import { emailKey } from '../domain/email.js';
import { connectionOf, createPasswordChangeTicket, requirePasswordReset, requireUser, updateUser } from '../domain/management.js';
import type { Deps, StoredLogEvent, User, UserFilter } from '../domain/ports.js';
import { managementAudience } from '../domain/tokens.js';
import { managementBearer, requireScope, type ManagementEnv } from '../http/bearer.js';
import { limitBody } from '../http/body-limit.js';
import { managementErrors } from '../http/errors.js';
import { NO_STORE } from '../http/headers.js';
import { HttpProblem, readBody, validate } from '../http/request.js';
const MAX_PER_PAGE = 100;
/** Auth0 serves at most the first 1000 results of a search. */
const MAX_RESULTS = 1000;

const iso = (ms: number) => new Date(ms).toISOString();

function wireUser(deps: Deps, user: User): ManagementUser {
  const bar = user.id.indexOf('|');
  return {
    user_id: user.id,
    email: user.email,
    email_verified: user.emailVerified,
    name: user.name ?? user.email,
    nickname: user.email.split('@')[0]!,
    created_at: iso(user.createdAt),
    updated_at: iso(user.updatedAt),
    ...(user.lastPasswordReset !== null && { last_password_reset: iso(user.lastPasswordReset) }),
    identities: [{ connection: user.connection, user_id: user.id.slice(bar + 1), provider: user.id.slice(0, bar), isSocial: isSocial(connectionOf(deps, user)) }],
    app_metadata: {},
    user_metadata: {},
    blocked: false,
  };
}

/** Auth0's log object; fields without a value are left out, as Auth0 does. */
function wireLogEvent(event: StoredLogEvent): ManagementLogEvent {
  return {
    log_id: String(event.id).padStart(20, '0'),
    date: iso(event.at),
    type: event.type,
    connection: event.connection,
    user_name: event.userName,
    ...(event.description !== null && { description: event.description }),
    ...(event.userId !== null && { user_id: event.userId }),
    ...(event.clientId !== null && { client_id: event.clientId }),
    ...(event.ip !== null && { ip: event.ip }),
  };
}

function wireConnection(connection: Connection): ManagementConnection {
  const base = { id: connectionIdOf(connection), name: connection.name, strategy: connection.strategy };
  if (!isDatabase(connection)) return { ...base, options: {} };
  const policy = connection.passwordPolicy;
  return {
    ...base,
    options: {
      passwordPolicy: policy.level,
      ...(policy.minLength !== undefined && { password_complexity_options: { min_length: policy.minLength } }),
      password_dictionary: { enable: policy.dictionary },
      password_no_personal_info: { enable: policy.noPersonalInfo },
      password_history: { enable: policy.history > 0, size: policy.history },
      enabledDatabaseCustomization: connection.customScripts !== undefined,
    },
  };
}

const badQuery = (message: string) => new HttpProblem(400, 'invalid_query_string', message);

function wholeNumber(c: Context, name: string, fallback: number, min: number, max: number): number {
  const value = c.req.query(name);
  if (value === undefined) return fallback;
  if (!/^\d{1,7}$/.test(value) || Number(value) < min || Number(value) > max) throw badQuery(`${name} must be a whole number from ${min} to ${max}`);
  return Number(value);
}

function flag(c: Context, name: string): boolean {
  const value = c.req.query(name);
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw badQuery(`${name} must be true or false`);
}

/** The subset of Auth0's user search we serve: `email:"…"` (exact) or free text over email and name. */
function userFilter(c: Context): UserFilter {
  const engine = c.req.query('search_engine');
  if (engine !== undefined && engine !== 'v3' && engine !== 'v2') throw badQuery('search_engine must be v3');
  const q = c.req.query('q')?.trim();
  if (!q) return {};
  if (q.length > 256) throw badQuery('q must be at most 256 characters');
  const email = /^email:(?:"([^"]+)"|([^\s"]+))$/.exec(q);
  if (email) return { emailKey: emailKey(email[1] ?? email[2]!) };
  if (/[:"]/.test(q)) throw badQuery('q supports email:"<address>" and free text only');
  return { text: emailKey(q.replace(/\*/g, '')) };
}

/** Mounted at `PREFIX.management`. */
export function managementRoutes(deps: Deps) {
  return new Hono<ManagementEnv>()
    .onError(managementErrors(deps.logger))
    .use(limitBody(), managementBearer({
      signer: deps.signer, clock: deps.clock, audience: managementAudience(deps.baseUrl), grantTypes: ['client-credentials', DASHBOARD_GRANT],
    }))

    .post('/tickets/password-change', requireScope('create:user_tickets'), async (c) => {
      const request = validate(PasswordChangeTicketRequest, await readBody(c, ['json']));
      const body: PasswordChangeTicketResponse = { ticket: await createPasswordChangeTicket(deps, request, c.get('actor')) };
      return c.json(body, 201, NO_STORE);
    })

    .patch('/users/:id', requireScope('update:users'), async (c) => {
      const update = validate(UpdateUserRequest, await readBody(c, ['json']));
      return c.json(wireUser(deps, await updateUser(deps, c.req.param('id'), update, c.get('actor'))), 200, NO_STORE);
    })

    // Ours, not Auth0's: a forced reset (README "Forced reset"). No body.
    .post('/users/:id/require-password-reset', requireScope('update:users'), async (c) =>
      c.json(wireUser(deps, await requirePasswordReset(deps, c.req.param('id'), c.get('actor'))), 200, NO_STORE))

    .get('/users/:id', requireScope('read:users'), async (c) =>
      c.json(wireUser(deps, await requireUser(deps, c.req.param('id'))), 200, NO_STORE))

    .get('/users-by-email', requireScope('read:users'), async (c) => {
      const parsed = Email.safeParse(c.req.query('email'));
      if (!parsed.success) throw badQuery(parsed.error.issues[0]!.message);
      const { users } = await deps.store.listUsers({ emailKey: emailKey(parsed.data) }, 0, MAX_PER_PAGE);
      return c.json(users.map((user) => wireUser(deps, user)), 200, NO_STORE);
    })

    .get('/users', requireScope('read:users'), async (c) => {
      const filter = userFilter(c);
      const perPage = wholeNumber(c, 'per_page', 50, 1, MAX_PER_PAGE);
      const page = wholeNumber(c, 'page', 0, 0, MAX_RESULTS);
      const start = page * perPage;
      if (start + perPage > MAX_RESULTS) throw badQuery(`page and per_page reach past the first ${MAX_RESULTS} results`);
      const { users, total } = await deps.store.listUsers(filter, start, perPage);
      const wire = users.map((user) => wireUser(deps, user));
      if (!flag(c, 'include_totals')) return c.json(wire, 200, NO_STORE);
      const body: ManagementUsersPage = { start, limit: perPage, length: wire.length, total, users: wire };
      return c.json(body, 200, NO_STORE);
    })

    // Newest first (Auth0's default sort); kept for LOG_RETENTION_MS.
    .get('/logs', requireScope('read:logs'), async (c) => {
      const perPage = wholeNumber(c, 'per_page', 50, 1, MAX_PER_PAGE);
      const page = wholeNumber(c, 'page', 0, 0, MAX_RESULTS);
      if (flag(c, 'include_totals')) throw badQuery('include_totals is not supported on /logs: page through with page and per_page');
      const events = await deps.store.logEvents(page * perPage, perPage);
      return c.json(events.map(wireLogEvent), 200, NO_STORE);
    })

    .get('/connections', requireScope('read:connections'), (c) => {
      const name = c.req.query('name');
      const connections = deps.config.connections.filter((connection) => name === undefined || connection.name === name);
      return c.json(connections.map(wireConnection), 200, NO_STORE);
    })

    .all('*', (c) => {
      throw new HttpProblem(404, 'not_found', `No route for ${c.req.method} ${c.req.path}.`);
    });
}
