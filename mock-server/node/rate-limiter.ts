/**
 * The Node host's rate limiter: rate-limiter-flexible's in-memory fixed windows, one limiter per
 * bucket with the tenant's limits. One process, so memory is enough; a shared store (Redis,
 * PostgreSQL) slots in here when several instances serve one tenant.
 */
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimits } from '../config.js';
import type { RateLimitBucket, RateLimiter } from '../domain/ports.js';

export function memoryRateLimiter(limits: RateLimits): RateLimiter {
  const limiters = Object.fromEntries(
    Object.entries(limits).map(([bucket, { points, windowSeconds }]) => [bucket, new RateLimiterMemory({ keyPrefix: bucket, points, duration: windowSeconds })]),
  ) as Record<RateLimitBucket, RateLimiterMemory>;

  return {
    async consume(bucket, key) {
      const limiter = limiters[bucket];
      let result: RateLimiterRes;
      let allowed = true;
      try {
        result = await limiter.consume(key);
      } catch (refusal) {
        if (!(refusal instanceof RateLimiterRes)) throw refusal;
        result = refusal;
        allowed = false;
      }
      return { allowed, limit: limiter.points, remaining: result.remainingPoints, resetAt: Date.now() + result.msBeforeNext };
    },
  };
}
