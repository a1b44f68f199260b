import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { Logger, Mailer, OutgoingMail, Store } from '../../mock-server/domain/ports.js';
import { MAIL_BATCH, MAIL_GATHER_MS, MAIL_LEASE_MS, createMailSender } from '../../mock-server/mail/sender.js';
import { STORE_KINDS, openStore, recordCalls } from './helpers.js';

const T0 = Date.parse('2026-11-28T12:00:00Z');
const quiet: Logger = { info() {}, warn() {}, error() {} };
const mailTo = (to: string): OutgoingMail => ({ to, subject: 's', text: 't', html: 'h' });
const writes = (calls: string[]) => calls.filter((name) => name === 'claimDueMail' || name === 'markMailSent');

async function queue(store: Store, count: number) {
  for (let i = 0; i < count; i++) await store.queueMail(mailTo(`u${i}@x.test`), T0);
}

function setUp(store: Store, mailer?: Partial<Mailer>) {
  let now = T0;
  const sent: string[] = [];
  const calls = recordCalls(store);
  const sender = createMailSender({ store, clock: { now: () => now }, logger: quiet }, {
    keepsBody: true, async send(mail) { sent.push(mail.to); }, ...mailer,
  });
  return { sender, sent, calls, advance: (ms: number) => { now += ms; } };
}

for (const kind of STORE_KINDS) {
  describe(`mail sender (${kind} store)`, () => {
    let store: Store;
    beforeEach(async () => { store = await openStore(kind); });
    afterEach(() => store.close());

    test('mail queued together goes out with one claim and one sent mark, and no claim that finds nothing', async () => {
      await queue(store, 3);
      const { sender, sent, calls } = setUp(store);
      await sender.deliver();
      assert.deepEqual(sent, ['u0@x.test', 'u1@x.test', 'u2@x.test']);
      assert.deepEqual(writes(calls), ['claimDueMail', 'markMailSent']);
      assert.equal((await store.sentMail()).length, 3);
      assert.equal((await store.claimDueMail(T0 + 2 * MAIL_LEASE_MS, 10, MAIL_LEASE_MS)).length, 0, 'none is due again');
    });

    test(`more than ${MAIL_BATCH} mails go out in batches of ${MAIL_BATCH}`, async () => {
      await queue(store, MAIL_BATCH * 2 + 1);
      const { sender, sent, calls } = setUp(store);
      await sender.deliver();
      assert.equal(new Set(sent).size, MAIL_BATCH * 2 + 1);
      assert.deepEqual(writes(calls), ['claimDueMail', 'markMailSent', 'claimDueMail', 'markMailSent', 'claimDueMail', 'markMailSent']);
    });

    test('deliverSoon() gathers the mail queued meanwhile into one pass; stop() sends what it gathered', async () => {
      const { sender, sent, calls } = setUp(store);
      for (let i = 0; i < 3; i++) {
        await queue(store, 1);
        sender.deliverSoon();
      }
      assert.deepEqual(sent, [], 'nothing before the gathering time');
      for (let i = 0; i < 200 && sent.length < 3; i++) await new Promise((resolve) => setTimeout(resolve, MAIL_GATHER_MS));
      assert.equal(sent.length, 3);
      assert.deepEqual(writes(calls), ['claimDueMail', 'markMailSent']);

      await queue(store, 1);
      sender.deliverSoon();
      await sender.stop();
      assert.equal(sent.length, 4, 'a stop does not strand gathered mail until the next start');
    });

    test('a failed mail is retried later; the rest of its batch is marked sent', async () => {
      await queue(store, 3);
      let failures = 1;
      const { sender, sent, advance } = setUp(store, {
        async send(mail) {
          if (mail.to === 'u1@x.test' && failures-- > 0) throw new Error('mailbox unavailable');
          sent.push(mail.to);
        },
      });
      await sender.deliver();
      assert.deepEqual(sent, ['u0@x.test', 'u2@x.test']);
      assert.deepEqual((await store.sentMail()).map((m) => m.to), ['u0@x.test', 'u2@x.test']);
      advance(1000);
      await sender.deliver();
      assert.deepEqual(sent, ['u0@x.test', 'u2@x.test', 'u1@x.test'], 'retried after its backoff, alone');
    });

    test('a batch whose sending outlasts half its lease stops; the unsent rest goes out once the lease runs out', async () => {
      await queue(store, 3);
      const { sender, sent, advance } = setUp(store, {
        async send(mail) {
          sent.push(mail.to);
          advance(MAIL_LEASE_MS * 0.6); // a slow mail server
        },
      });
      await sender.deliver();
      assert.deepEqual(sent, ['u0@x.test'], 'no mail is sent on a lease another sender may soon take over');
      assert.deepEqual((await store.sentMail()).map((m) => m.to), ['u0@x.test']);
      await sender.deliver();
      assert.equal(sent.length, 1, 'the rest is still claimed');
      advance(MAIL_LEASE_MS * 0.4);
      await sender.deliver();
      assert.deepEqual(sent, ['u0@x.test', 'u1@x.test'], 'due again when the lease ran out (and again stopped at half a lease)');
    });
  });
}
