/**
 * The rate limiter on top of the store: fixed windows counted in the store, so every instance on
 * one database counts the same requests, timed by the injected clock.
 */
import type { RateLimits } from '../config.js';
import type { Clock, RateLimiter, Store } from './ports.js';

export function storeRateLimiter(store: Store, limits: RateLimits, clock: Clock): RateLimiter {
  return {
    async consume(bucket, key) {
      const { points, windowSeconds } = limits[bucket];
      const { count, resetAt } = await store.countHit(`${bucket}\n${key}`, windowSeconds * 1000, clock.now());
      return { allowed: count <= points, limit: points, remaining: Math.max(0, points - count), resetAt };
    },
  };
}
