/**
 * A reset request that sends no mail stores a decoy of the ticket and mail it would have written (issue 12, equal
 * work): a row under a fresh ticket hash, which opens nothing, and a decoy mail, which the sender claims and marks
 * with the real ones but never sends. The stores drop the decoy mail once marked, and keep only about the newest
 * RESET_DECOYS_KEPT decoy rows.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { RESET_DECOYS_KEPT, type LogEvent, type ResetDecoy } from '../../mock-server/domain/ports.js';
import { newSecret } from '../../mock-server/domain/secrets.js';
import { createMailSender } from '../../mock-server/mail/sender.js';
import { openStore, recordCalls, type StoreKind } from './helpers.js';
import { rowCounter } from './mail-queue.js';
import { postgresDatabase } from './postgres-harness.js';

const T0 = 1_000_000;
const event = (n: number): LogEvent => ({
  type: 'fcpr', at: T0 + n, userId: null, userName: `nobody${n}@example.com`, connection: 'db', clientId: null, ip: null, description: 'User does not exist',
});
const MAIL = { to: 'nobody@example.com', subject: 'Reset your password', text: `Reset: ${'t'.repeat(900)}`, html: `<p>${'h'.repeat(1500)}</p>` };
const count = (table: string, where = 'true') => `SELECT count(*) AS n FROM ${table} WHERE ${where}`;

const kinds: [StoreKind, (dir: string) => Promise<string>, string][] = [
  ['sqlite', async (dir) => join(dir, 'store.sqlite'), 'decoy = 1'],
  ['postgres', () => postgresDatabase(), 'decoy'],
];
for (const [kind, location, isDecoy] of kinds) {
  describe(`reset decoys (${kind})`, () => {
    const open = async () => {
      const dir = mkdtempSync(join(tmpdir(), 'login-box-decoys-'));
      const db = await location(dir);
      const store = await openStore(kind, db);
      const counter = await rowCounter(db);
      return { store, counter, close: async () => { await counter.close(); await store.close(); rmSync(dir, { recursive: true, force: true }); } };
    };

    test('a decoy is a row under a fresh hash that opens nothing, and a decoy mail of the real one\'s size', async () => {
      const { store, counter, close } = await open();
      try {
        const decoy: ResetDecoy = { ...(await newSecret()), at: T0, mail: MAIL };
        await store.recordResetRequest(event(0), decoy);
        assert.equal(await counter.count(count('reset_decoys', `hash = '${decoy.hash}'`)), 1);
        assert.equal(await store.findTicket(decoy.hash), undefined, 'a decoy is no ticket');
        assert.equal(await counter.count(count('mail', `${isDecoy} AND status = 'pending' AND length(text) = ${MAIL.text.length} AND length(html) = ${MAIL.html.length}`)), 1);
        assert.equal(await counter.count(count('mail')), 1);
      } finally {
        await close();
      }
    });

    test('the sender claims and marks a decoy mail with the real ones, in the same two writes, and sends only the real ones', async () => {
      const { store, counter, close } = await open();
      try {
        await store.queueMail({ ...MAIL, to: 'ada@example.com' }, T0);
        await store.recordResetRequest(event(1), { ...(await newSecret()), at: T0, mail: MAIL });
        await store.queueMail({ ...MAIL, to: 'grace@example.com' }, T0);
        const calls = recordCalls(store);
        const sent: string[] = [];
        const logged: unknown[] = [];
        const sender = createMailSender({ store, clock: { now: () => T0 }, logger: { info: (...line) => logged.push(line), warn() {}, error() {} } },
          { keepsBody: true, async send(mail) { sent.push(mail.to); } });
        await sender.deliver();
        assert.deepEqual(sent, ['ada@example.com', 'grace@example.com']);
        assert.deepEqual(calls.filter((name) => name === 'claimDueMail' || name === 'markMailSent'), ['claimDueMail', 'markMailSent']);
        assert.equal(await counter.count(count('mail', "status = 'sent'")), 3, 'the decoy mail is marked with the batch');
        assert.deepEqual((await store.sentMail()).map((mail) => mail.to), ['ada@example.com', 'grace@example.com'], 'and never listed');
        assert.equal(logged.length, 2, 'nor logged as sent');
      } finally {
        await close();
      }
    });

    test('decoy mail marked sent goes, and all but the newest decoy rows, every thousandth event', async () => {
      const { store, counter, close } = await open();
      try {
        await store.recordResetRequest(event(0), { hash: 'decoy-0', at: T0, mail: MAIL });
        const [claimed] = await store.claimDueMail(T0, 10, 60_000);
        await store.markMailSent([claimed!.id], T0, true);
        const total = 2 * RESET_DECOYS_KEPT + RESET_DECOYS_KEPT / 2;
        for (let n = 1; n < total; n++) await store.recordResetRequest(event(n), { hash: `decoy-${n}`, at: T0 + n, mail: MAIL });
        // Swept at the 1000th and 2000th event: the newest thousand rows stayed then, and the 500 since joined them.
        assert.equal(await counter.count(count('reset_decoys')), RESET_DECOYS_KEPT + RESET_DECOYS_KEPT / 2);
        assert.equal(await counter.count(count('reset_decoys', `created_at < ${T0 + RESET_DECOYS_KEPT}`)), 0, 'the oldest went first');
        assert.equal(await counter.count(count('mail', "status = 'sent'")), 0, 'the sent decoy mail is gone');
        assert.equal(await counter.count(count('mail', "status = 'pending'")), total - 1, 'the unsent stays until the sender marks it');
        assert.equal((await store.logEvents(0, 1))[0]!.userName, `nobody${total - 1}@example.com`);
      } finally {
        await close();
      }
    });
  });
}
