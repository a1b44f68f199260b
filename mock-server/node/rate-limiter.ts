/**
 * The Node host's rate limiter: fixed windows in process memory, one per bucket and key, with the
 * tenant's limits, timed by the injected clock (so tests move time, and nothing reads the wall
 * clock behind it). One process, so memory is enough; several instances need a shared store.
 */
import type { RateLimits } from '../config.js';
import type { Clock, RateLimiter } from '../domain/ports.js';

/** Past this many windows, expired ones are dropped before a new one is opened: memory stays bounded by live windows. */
const SWEEP_ABOVE = 10_000;

export function memoryRateLimiter(limits: RateLimits, clock: Clock): RateLimiter {
  const windows = new Map<string, { count: number; resetAt: number }>();
  const sweep = (now: number) => {
    for (const [id, window] of windows) if (window.resetAt <= now) windows.delete(id);
  };

  return {
    async consume(bucket, key) {
      const { points, windowSeconds } = limits[bucket];
      const now = clock.now();
      const id = `${bucket}\n${key}`;
      let window = windows.get(id);
      if (!window || window.resetAt <= now) {
        if (windows.size > SWEEP_ABOVE) sweep(now);
        window = { count: 0, resetAt: now + windowSeconds * 1000 };
        windows.set(id, window);
      }
      window.count += 1;
      return { allowed: window.count <= points, limit: points, remaining: Math.max(0, points - window.count), resetAt: window.resetAt };
    },
  };
}
