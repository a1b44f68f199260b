/**
 * Delivers queued mail off the request path: a reset request only commits the mail to the store,
 * so its answer (and its timing) never depends on the mail server, and a crash loses nothing.
 * Failed deliveries are retried with exponential backoff. Senders claim mail in batches before
 * sending it, so with several instances on one store each mail goes out once; mail claimed by a
 * sender that died is due again when its lease runs out.
 */
import type { Clock, Logger, Mail, Mailer, Store } from '../domain/ports.js';

const MAX_BACKOFF_MS = 5 * 60_000;
/** How long a claim keeps other senders off a mail: well above one batch's delivery (see BATCH_TIME_SHARE). */
export const MAIL_LEASE_MS = 60_000;
/** The most mails one claim takes: their sent marks are one write too. */
export const MAIL_BATCH = 50;
/**
 * How long deliverSoon() gathers mail before a pass: one claim and one mark then serve every mail
 * queued meanwhile, instead of three writes per mail landing between the requests that queued them.
 */
export const MAIL_GATHER_MS = 10;
/** A batch stops being sent once this share of its lease is gone; the rest is due again when the lease runs out. */
const BATCH_TIME_SHARE = 0.5;

export interface MailSender {
  /** Delivers everything due now; concurrent calls coalesce into one more pass. */
  deliver(): Promise<void>;
  /** Delivers within MAIL_GATHER_MS, together with whatever else is queued by then (the request path's call). */
  deliverSoon(): void;
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
  let soon: ReturnType<typeof setTimeout> | undefined;

  /** Sends one claimed batch; marks the sent ones in one write (a crash before it sends them again once their lease runs out). */
  async function send(due: Mail[], claimedAt: number) {
    const sent: number[] = [];
    try {
      for (const mail of due) {
        if (clock.now() - claimedAt > leaseMs * BATCH_TIME_SHARE) break;
        // A reset decoy's (ports.ts ResetDecoy): marked with the batch, so its claim and mark cost what a real mail's do.
        if (mail.decoy) {
          sent.push(mail.id);
          continue;
        }
        try {
          await mailer.send(mail);
          sent.push(mail.id);
          logger.info('mail_sent', { mail_id: mail.id });
        } catch (error) {
          const delay = Math.min(1000 * 2 ** mail.attempts, MAX_BACKOFF_MS);
          await store.markMailFailed(mail.id, clock.now() + delay);
          logger.warn('mail_failed', { mail_id: mail.id, attempts: mail.attempts + 1, retry_in_ms: delay, error: error instanceof Error ? error.message : String(error) });
        }
      }
    } finally {
      if (sent.length > 0) await store.markMailSent(sent, clock.now(), mailer.keepsBody);
    }
  }

  async function pass() {
    // A batch short of MAIL_BATCH was all that was due: no closing claim that finds nothing.
    for (let full = true; full;) {
      const claimedAt = clock.now();
      const due = await store.claimDueMail(claimedAt, MAIL_BATCH, leaseMs);
      await send(due, claimedAt);
      full = due.length === MAIL_BATCH;
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
  const deliverInBackground = () => void deliver().catch((error) => logger.error('mail_sender_failed', { error: String(error) }));

  return {
    deliver,
    deliverSoon() {
      soon ??= setTimeout(() => {
        soon = undefined;
        deliverInBackground();
      }, MAIL_GATHER_MS);
    },
    start(intervalMs) {
      timer = setInterval(deliverInBackground, intervalMs);
      timer.unref?.();
    },
    /** Stops polling; mail gathered for deliverSoon() still goes out first. */
    async stop() {
      clearInterval(timer);
      if (soon) {
        clearTimeout(soon);
        soon = undefined;
        await deliver();
      }
      await running;
    },
  };
}
