/** Look-ups in the tenant config that several routes share. */
import { SELF, isDatabase, isInteractive, type Client, type Connection, type DatabaseConnection, type TenantConfig } from '../config.js';
import { DomainError } from './errors.js';

export const findClient = (config: TenantConfig, clientId: string): Client | undefined =>
  config.clients.find((client) => client.clientId === clientId);

export const findConnection = (config: TenantConfig, name: string): Connection | undefined =>
  config.connections.find((connection) => connection.name === name);

/** The database connection the hosted pages sign in to and reset on: the Default Directory, else the first one. */
export const hostedConnection = (config: TenantConfig): string =>
  config.defaultDirectory ?? config.connections.find(isDatabase)?.name ?? '';

/** The database connection named `name`, or the DomainError that explains why it cannot be used. */
export function databaseConnection(config: TenantConfig, name: string): DatabaseConnection {
  const connection = findConnection(config, name);
  if (!connection) throw new DomainError('unknown_connection', `connection not found: ${name}`);
  if (!isDatabase(connection)) {
    throw new DomainError(
      'not_database_connection',
      `"${name}" is a ${connection.strategy} connection: only database connections have passwords here. Reset your password with your identity provider.`,
    );
  }
  return connection;
}

/** An origin from the config, with "self" resolved to our own origin. */
export const configuredOrigin = (baseUrl: string, origin: string): string => (origin === SELF ? new URL(baseUrl).origin : origin);

/** Every origin any client of the tenant allows, with "self" resolved to our own origin. */
export const allowedOrigins = (config: TenantConfig, baseUrl: string): Set<string> =>
  new Set(
    config.clients.flatMap((client) =>
      isInteractive(client) ? [...client.allowedOrigins, ...client.webOrigins].map((origin) => configuredOrigin(baseUrl, origin)) : [],
    ),
  );

/** Resolves a path relative to the public base URL ("/api/v2/" → "<base>/api/v2/"); absolute URLs pass through. */
export const absolute = (baseUrl: string, pathOrUrl: string): string =>
  pathOrUrl.startsWith('/') ? baseUrl.replace(/\/$/, '') + pathOrUrl : pathOrUrl;
