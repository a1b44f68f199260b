/**
 * Real delivery through nodemailer, configured by one URL (SMTP_URL, e.g.
 * smtp://user:pass@mail.example.com:587). Addresses are passed as structured values, never spliced
 * into headers.
 */
import nodemailer from 'nodemailer';
import type { Mailer } from '../domain/ports.js';

export function smtpMailer(smtpUrl: string, from: string): Mailer & { close(): void } {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    keepsBody: false,
    async send(mail) {
      await transport.sendMail({ from, to: { name: '', address: mail.to }, subject: mail.subject, text: mail.text, html: mail.html });
    },
    close() { transport.close(); },
  };
}
