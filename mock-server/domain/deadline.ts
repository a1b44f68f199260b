/** Bounds how long we wait for code we do not control (hooks, custom database scripts). */

export class DeadlineExceeded extends Error {
  override name = 'DeadlineExceeded';
}

/** Runs `work` (sync throws included) and rejects with DeadlineExceeded after `ms`. The work itself is not cancelled. */
export function withDeadline<T>(work: () => T | Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceeded(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([Promise.resolve().then(work), expired]).finally(() => clearTimeout(timer));
}

/** What a thrown value says about itself, for a log line. */
export const describeFailure = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));
