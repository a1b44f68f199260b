/**
 * Applies the host's rate limiter to a request: Auth0's X-RateLimit-* headers on every counted
 * answer, and a 429 with Retry-After (in the caller's envelope) once the limit is reached.
 */
import type { Context } from 'hono';
import type { Deps, RateLimitBucket } from '../domain/ports.js';
import { HttpProblem } from './request.js';

export const clientAddress = (c: Context, deps: Deps): string => deps.clientAddress?.(c.req.raw, c.env) ?? 'unknown';

export async function enforceRateLimit(c: Context, deps: Deps, bucket: RateLimitBucket, key: string): Promise<void> {
  if (!deps.rateLimiter) return;
  const result = await deps.rateLimiter.consume(bucket, key);
  c.header('X-RateLimit-Limit', String(result.limit));
  c.header('X-RateLimit-Remaining', String(result.remaining));
  c.header('X-RateLimit-Reset', String(Math.ceil(result.resetAt / 1000)));
  if (!result.allowed) {
    const seconds = Math.max(1, Math.ceil((result.resetAt - deps.clock.now()) / 1000));
    c.header('Retry-After', String(seconds));
    throw new HttpProblem(429, 'too_many_requests', `Too many requests. Try again in ${seconds} seconds.`);
  }
}
