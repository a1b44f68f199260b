import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { SMTPServer } from 'smtp-server';
import type { Mailer, OutgoingMail } from '../../mock-server/domain/ports.js';
import { smtpMailer } from '../../mock-server/mail/smtp.js';
import { ADA, normalized, testServer, ticketFromMail } from './helpers.js';

interface Received { from: string; to: string[]; raw: string }

/** A real SMTP server process-local on loopback, recording what it is handed. */
async function startSmtp() {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { received, url: `smtp://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The text/plain part of a MIME message, quoted-printable decoded. */
function plainText(raw: string): string {
  const part = /Content-Type: text\/plain[^\r\n]*\r\n(?:[^\r\n]+\r\n)*\r\n([\s\S]*?)\r\n(?:--|$)/i.exec(raw)?.[1] ?? '';
  return /Content-Transfer-Encoding: quoted-printable/i.test(raw)
    ? Buffer.from(part.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8')
    : part;
}

describe('mail delivery', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  before(async () => { smtp = await startSmtp(); });
  after(() => smtp.close());

  test('through a real SMTP server: one recipient, the stored address, and a reset link that works', async () => {
    const mailer = smtpMailer(smtp.url, 'login-box demo <no-reply@login-box.test>');
    const server = await testServer({ mailer });
    try {
      assert.equal((await server.requestReset('  ADA@example.com ')).status, 200);
      await server.outbox();
      assert.equal(smtp.received.length, 1);
      const [message] = smtp.received;
      assert.deepEqual(message!.to, [ADA.email], 'the stored address, not the typed one');
      assert.equal(message!.from, 'no-reply@login-box.test');
      assert.match(message!.raw, /^To: ada@example\.com\r$/m);
      assert.doesNotMatch(message!.raw, /^(Cc|Bcc):/im);
      assert.match(message!.raw, /^Subject: Reset your Demo App password\r$/m);
      const ticket = ticketFromMail(plainText(message!.raw));
      assert.equal((await server.reset(ticket, 'Babbage-Engine-1834')).status, 200, 'the mailed link resets the password');
      const [sent] = await server.store.sentMail();
      assert.equal(sent!.text, '', 'a delivered body (a live link) is not kept once a real mail server has it');
    } finally {
      mailer.close();
      server.close();
    }
  });

  test('an SMTP outage changes nothing in the answer; the mail is retried with backoff until it goes out', async () => {
    let failures = 2;
    const delivered: OutgoingMail[] = [];
    const flaky: Mailer = {
      keepsBody: false,
      async send(mail) {
        if (failures-- > 0) throw new Error('connect ECONNREFUSED 127.0.0.1:25');
        delivered.push(mail);
      },
    };
    const healthy = await testServer();
    const outage = await testServer({ mailer: flaky });
    try {
      assert.deepEqual(await normalized(await outage.requestReset()), await normalized(await healthy.requestReset()));
      await outage.outbox();
      assert.equal(delivered.length, 0);
      assert.ok(outage.logs.some((r) => r.event === 'mail_failed' && r.fields.attempts === 1));
      outage.advance(1000);
      await outage.outbox();
      assert.equal(delivered.length, 0, 'second try fails too');
      outage.advance(1999);
      await outage.outbox();
      assert.equal(delivered.length, 0, 'backoff doubles: not due before 2 s');
      outage.advance(1);
      await outage.outbox();
      assert.equal(delivered.length, 1);
      assert.equal(delivered[0]!.to, ADA.email);
    } finally {
      healthy.close();
      outage.close();
    }
  });
});
