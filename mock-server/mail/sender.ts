/**
 * Delivers queued mail off the request path: a reset request only commits the mail to the store,
 * so its answer (and its timing) never depends on the mail server, and a crash loses nothing.
 * Failed deliveries are retried with exponential backoff. Senders claim mail before sending it, so
 * with several instances on one store each mail goes out once; mail claimed by a sender that died
 * is due again when its lease runs out.
 */
import type { Clock, Logger, Mailer, Store } from '../domain/ports.js';

const MAX_BACKOFF_MS = 5 * 60_000;
/**
 * How long a claim keeps other senders off a mail: well above one delivery attempt. Mail is
 * claimed one at a time, so the lease covers one attempt, not a batch sent one after another.
 */
export const MAIL_LEASE_MS = 60_000;

export interface MailSender {
  /** Delivers everything due now; concurrent calls coalesce into one more pass. */
  deliver(): Promise<void>;
  /** Polls for due mail (retries, mail left by a crash) until stop(). */
  start(intervalMs: number): void;
  stop(): Promise<void>;
}

export interface MailSenderDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  /** Default MAIL_LEASE_MS. */
  leaseMs?: number;
}

export function createMailSender({ store, clock, logger, leaseMs = MAIL_LEASE_MS }: MailSenderDeps, mailer: Mailer): MailSender {
  let running: Promise<void> | undefined;
  let again = false;
  let timer: ReturnType<typeof setInterval> | undefined;

  async function pass() {
    const claim = () => store.claimDueMail(clock.now(), 1, leaseMs);
    for (let due = await claim(); due.length > 0; due = await claim()) {
      for (const mail of due) {
        try {
          await mailer.send(mail);
          await store.markMailSent(mail.id, clock.now(), mailer.keepsBody);
          logger.info('mail_sent', { mail_id: mail.id });
        } catch (error) {
          const delay = Math.min(1000 * 2 ** mail.attempts, MAX_BACKOFF_MS);
          await store.markMailFailed(mail.id, clock.now() + delay);
          logger.warn('mail_failed', { mail_id: mail.id, attempts: mail.attempts + 1, retry_in_ms: delay, error: error instanceof Error ? error.message : String(error) });
        }
      }
    }
  }

  function deliver(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await pass();
      } while (again);
    })().finally(() => { running = undefined; });
    return running;
  }

  return {
    deliver,
    start(intervalMs) {
      timer = setInterval(() => void deliver().catch((error) => logger.error('mail_sender_failed', { error: String(error) })), intervalMs);
      timer.unref?.();
    },
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
