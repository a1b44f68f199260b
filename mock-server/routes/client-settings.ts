/**
 * Lock's application settings, as Auth0's CDN serves them (auth0-wire.md §7.1): Lock adds
 * `<script src="https://<domain>/client/<client_id>.js?t<ms>">` to the page and waits for it to call
 * `Auth0.setClient({...})` with its client id. From the object it takes the tenant and, per strategy,
 * the connections: for a database connection the password policy (checked as a new password is
 * typed) and whether to offer sign-up and "Don't remember your password?".
 *
 * The settings are public, as on Auth0, so any page may load and read them: a script tag needs
 * neither CORS nor CORP, but both are sent so `fetch()` and pages that require CORP can read them too.
 * The tenant file is read once at start-up, so each script is built once.
 */
import { Hono } from 'hono';
import { etag, RETAINED_304_HEADERS } from 'hono/etag';
import { isDatabase, isInteractive, type Connection, type InteractiveClient, type TenantConfig } from '../config.js';
import type { Deps } from '../domain/ports.js';
import { absolute, findClient } from '../domain/tenant.js';
import { PREFIX } from '../paths.js';

/** The object Lock 14 reads (`lib/core/client/index.js`); `authorize`, `callback` and `hasAllowedOrigins` only complete Auth0's shape. */
export interface ClientSettings {
  id: string;
  tenant: string;
  /** Lock shows Auth0's "Protected with Auth0" badge for `free` and `dev`; this server is not Auth0. */
  subscription: 'enterprise';
  authorize: string;
  /** The first Allowed Callback URL, when there is one. */
  callback?: string;
  hasAllowedOrigins: boolean;
  strategies: { name: string; connections: ConnectionSettings[] }[];
}

export type ConnectionSettings = { name: string } | DatabaseConnectionSettings;

export interface DatabaseConnectionSettings {
  name: string;
  /** An auth0-password-policies level; Lock's default when absent is `none`. */
  passwordPolicy: string;
  password_complexity_options?: { min_length: number };
  /** This server has no `/dbconnections/signup`, so Lock must not offer a sign-up tab that cannot work. */
  showSignup: false;
  showForgot: true;
  /** Users sign in with their email; there are no usernames here. */
  requires_username: false;
}

const HEADERS = {
  'Content-Type': 'application/javascript; charset=utf-8',
  // Public, but revalidated (ETag) on every use: the tenant file may have changed at the last restart. Lock adds `?t<ms>` anyway.
  'Cache-Control': 'public, no-cache',
  'Access-Control-Allow-Origin': '*',
  'Cross-Origin-Resource-Policy': 'cross-origin',
};

function connectionSettings(connection: Connection): ConnectionSettings {
  if (!isDatabase(connection)) return { name: connection.name };
  const { level, minLength } = connection.passwordPolicy;
  return {
    name: connection.name,
    passwordPolicy: level,
    ...(minLength !== undefined && { password_complexity_options: { min_length: minLength } }),
    showSignup: false,
    showForgot: true,
    requires_username: false,
  };
}

/** The settings of one application people sign in to: every connection of the tenant, grouped by strategy in the file's order. */
export function clientSettings(config: TenantConfig, baseUrl: string, client: InteractiveClient): ClientSettings {
  const strategies = new Map<string, ConnectionSettings[]>();
  for (const connection of config.connections) {
    strategies.set(connection.strategy, [...(strategies.get(connection.strategy) ?? []), connectionSettings(connection)]);
  }
  return {
    id: client.clientId,
    tenant: config.tenant.name,
    subscription: 'enterprise',
    authorize: `${baseUrl}${PREFIX.authorize}`,
    ...(client.callbacks[0] !== undefined && { callback: absolute(baseUrl, client.callbacks[0]) }),
    hasAllowedOrigins: client.allowedOrigins.length + client.webOrigins.length > 0,
    strategies: [...strategies].map(([name, connections]) => ({ name, connections })),
  };
}

/** The script body: one call, JSON as the argument, as Auth0's CDN writes it. */
export const settingsScript = (settings: ClientSettings) => `Auth0.setClient(${JSON.stringify(settings)});`;

/** Mounted at `/client`. */
export function clientSettingsRoutes(deps: Deps) {
  const scripts = new Map(
    deps.config.clients.flatMap((client) => (isInteractive(client) ? [[client.clientId, settingsScript(clientSettings(deps.config, deps.baseUrl, client))]] : [])),
  );

  // A revalidation is a 304 with the ETag, and still readable across origins.
  const revalidate = etag({ retainedHeaders: [...RETAINED_304_HEADERS, 'access-control-allow-origin', 'cross-origin-resource-policy'] });

  return new Hono().get('/:script', revalidate, (c) => {
    const name = c.req.param('script');
    const clientId = name.endsWith('.js') ? name.slice(0, -'.js'.length) : undefined;
    const script = clientId === undefined ? undefined : scripts.get(clientId);
    if (script !== undefined) return c.body(script, 200, HEADERS);

    const client = clientId === undefined ? undefined : findClient(deps.config, clientId);
    const description = clientId === undefined
      ? `Lock's application settings are at /client/<client_id>.js, not /client/${name}.`
      : client
        ? `"${clientId}" is a machine-to-machine application: Lock signs people in to applications of type "spa" or "regular_web".`
        : `No application with client_id "${clientId}".`;
    return c.json({ error: 'not_found', error_description: description }, 404, { ...HEADERS, 'Content-Type': 'application/json' });
  });
}
