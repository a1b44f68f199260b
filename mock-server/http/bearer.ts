/**
 * Bearer tokens for the Management API, in the style of Hono's requestId middleware: an options
 * object and a named inner function. A valid token puts its scopes and subject on the context and
 * `requireScope` guards each route. Failures are HttpProblems (401, 403) that the Management error
 * handler renders in its envelope.
 */
import { createMiddleware } from 'hono/factory';
import { decodeJwt } from 'jose';
import type { Clock } from '../domain/ports.js';
import type { Signer } from '../domain/tokens.js';
import { HttpProblem } from './request.js';

export interface ManagementEnv { Variables: { scopes: ReadonlySet<string>; actor: string } }

export interface ManagementBearerOptions {
  signer: Signer;
  /** `<base>/api/v2/`. */
  audience: string;
  clock: Clock;
  /**
   * `gty` values whose `scope` claim counts: any other token for this audience carries no
   * Management rights (defence in depth: the password grant already refuses this audience).
   */
  grantTypes: readonly string[];
}

/** RFC 6750's `b64token` grammar: the one way any route reads a bearer token. */
const BEARER = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i;

/** The token of an `Authorization: Bearer …` header, or undefined when there is none of that form. */
export const bearerToken = (authorization: string | undefined): string | undefined => BEARER.exec(authorization ?? '')?.[1];

const unauthorized = (message: string) => new HttpProblem(401, 'invalid_token', message);

/** Only chooses the wording of the 401; nothing from an unverified token is trusted. */
function hasExpired(token: string, now: number): boolean {
  try {
    const { exp } = decodeJwt(token);
    return typeof exp === 'number' && exp * 1000 <= now;
  } catch {
    return false;
  }
}

export function managementBearer({ signer, audience, clock, grantTypes }: ManagementBearerOptions) {
  return createMiddleware<ManagementEnv>(async function managementBearer(c, next) {
    const token = bearerToken(c.req.header('authorization'));
    if (!token) throw unauthorized('Missing authentication');
    const now = clock.now();
    const claims = await signer.verify(token, audience, now);
    if (!claims) throw unauthorized(hasExpired(token, now) ? 'Expired token received for JSON Web Token validation' : 'Invalid token');
    const granted = typeof claims.gty === 'string' && grantTypes.includes(claims.gty) && typeof claims.scope === 'string';
    c.set('scopes', new Set(granted ? (claims.scope as string).split(' ').filter(Boolean) : []));
    c.set('actor', String(claims.sub));
    await next();
  });
}

export function requireScope(scope: string) {
  return createMiddleware<ManagementEnv>(async function requireScope(c, next) {
    if (!c.get('scopes').has(scope)) throw new HttpProblem(403, 'insufficient_scope', `Insufficient scope, expected any of: ${scope}`);
    await next();
  });
}
