/** The development mailer: delivery is keeping the mail in the store, where /dev/outbox reads it. */
import type { Mailer } from '../domain/ports.js';

export const devOutboxMailer: Mailer = {
  keepsBody: true,
  async send() {},
};
