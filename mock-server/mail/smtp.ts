/**
 * Real delivery through nodemailer, configured by one URL (SMTP_URL, e.g.
 * smtp://user:pass@mail.example.com:587). Addresses are passed as structured values, never spliced
 * into headers.
 */
import nodemailer from 'nodemailer';
import type { Mailer } from '../domain/ports.js';

export function smtpMailer(smtpUrl: string, from: string): Mailer & { close(): void } {
  // Pooled: a batch of mail reuses a few open connections instead of a new connection (and greeting) per mail.
  const transport = nodemailer.createTransport({ url: smtpUrl, pool: true });
  return {
    keepsBody: false,
    async send(mail) {
      await transport.sendMail({ from, to: { name: '', address: mail.to }, subject: mail.subject, text: mail.text, html: mail.html });
    },
    close() { transport.close(); },
  };
}
