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
 * How long a claim keeps other senders off a mail: well above one delivery attempt. A batch's
 * leases are staggered (the store's claimDueMail): the n-th mail is held for n leases, so each
 * attempt, made one after another, is covered.
 */
export const MAIL_LEASE_MS = 60_000;
/** Mails claimed at once: one claim serves many mails when they come in quickly. */
export const MAIL_BATCH = 10;
/** The server's coalesceMs: mail goes out within about this much of its request. */
export const MAIL_COALESCE_MS = 50;

export interface MailSender {
  /** Delivers everything due now; concurrent calls coalesce into one more pass. */
  deliver(): Promise<void>;
  /** A request queued mail: delivers it now, or with `coalesceMs`, in one pass with what else comes in meanwhile. */
  queued(): void;
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
  /**
   * How long queued() waits to gather mail (default 0: at once). The server waits a little, so that
   * one claim serves many mails and a mail's delivery is not run right behind the request that
   * queued it: what it costs does not show in the timing of that request or the next.
   */
  coalesceMs?: number;
}

export function createMailSender({ store, clock, logger, leaseMs = MAIL_LEASE_MS, coalesceMs = 0 }: MailSenderDeps, mailer: Mailer): MailSender {
  let running: Promise<void> | undefined;
  let again = false;
  let timer: ReturnType<typeof setInterval> | undefined;
  let gathering: ReturnType<typeof setTimeout> | undefined;

  async function pass() {
    const claim = () => store.claimDueMail(clock.now(), MAIL_BATCH, leaseMs);
    // A short batch was all that was due: no need to ask again.
    for (let due = await claim(), full = true; full && due.length > 0; due = full ? await claim() : []) {
      full = due.length === MAIL_BATCH;
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

  const failed = (error: unknown) => logger.error('mail_sender_failed', { error: String(error) });

  return {
    deliver,
    queued() {
      if (coalesceMs <= 0) return void deliver().catch(failed);
      gathering ??= setTimeout(() => {
        gathering = undefined;
        void deliver().catch(failed);
      }, coalesceMs);
    },
    start(intervalMs) {
      timer = setInterval(() => void deliver().catch(failed), intervalMs);
      timer.unref?.();
    },
    async stop() {
      clearInterval(timer);
      if (gathering) { // mail gathered for a pass goes out before the stop, not at the next start
        clearTimeout(gathering);
        gathering = undefined;
        await deliver().catch(failed);
      }
      await running;
    },
  };
}
