import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Mailer, OutgoingMail } from '../../mock-server/domain/ports.js';
import { smtpMailer } from '../../mock-server/mail/smtp.js';
import { ADA, normalized, testServer, ticketFromMail } from './helpers.js';
import { plainText, startSmtp } from './smtp-server.js';

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

  test('the received text is whole when a quoted-printable line starts with "--" (a link cut by a soft line break)', async () => {
    const mailer = smtpMailer(smtp.url, 'login-box demo <no-reply@login-box.test>');
    const link = `http://127.0.0.1:41421/lo/reset?ticket=${'-'.repeat(80)}#`;
    try {
      await mailer.send({ to: ADA.email, subject: 'A long link', text: `Open this link:\n\n${link}\n`, html: `<p><a href="${link}">Reset</a></p>` });
      const message = smtp.received.find((m) => /^Subject: A long link\r$/m.test(m.raw));
      assert.match(message!.raw, /=\r\n---/, 'the sender wrapped the link with a line that starts with "--"');
      assert.equal(plainText(message!.raw).replace(/\r\n/g, '\n'), `Open this link:\n\n${link}\n`);
    } finally {
      mailer.close();
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
