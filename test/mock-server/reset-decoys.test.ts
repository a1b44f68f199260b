/**
 * A reset request that sends no mail stores a decoy of the ticket and mail it would have written (issue 12, equal
 * work): a row under a fresh ticket hash, which opens nothing, and a decoy mail, which the sender claims and marks
 * with the real ones but never sends. The stores drop the decoy mail once marked, and the decoys as old as the log
 * events they drop.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { LOG_RETENTION_MS } from '../../mock-server/domain/log-events.js';
import type { LogEvent, ResetDecoy } from '../../mock-server/domain/ports.js';
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
/** The address's identifier, which a decoy revokes the earlier decoys of (as a ticket its user's tickets). */
const SLOT = 'db|nobody@example.com';
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
        const decoy: ResetDecoy = { ...(await newSecret()), slot: SLOT, at: T0, mail: MAIL };
        await store.recordResetRequest(event(0), decoy);
        assert.equal(await counter.count(count('reset_decoys', `hash = '${decoy.hash}'`)), 1);
        assert.equal(await store.findTicket(decoy.hash), undefined, 'a decoy is no ticket');
        assert.equal(await counter.count(count('mail', `${isDecoy} AND status = 'pending' AND length(text) = ${MAIL.text.length} AND length(html) = ${MAIL.html.length}`)), 1);
        assert.equal(await counter.count(count('mail')), 1);
      } finally {
        await close();
      }
    });

    test('a decoy revokes the earlier decoys of its slot, as a ticket its user\'s tickets, and no other slot\'s', async () => {
      const { store, counter, close } = await open();
      try {
        const other = 'db|someone@example.com';
        await store.recordResetRequest(event(0), { hash: 'd0', slot: SLOT, at: T0, mail: MAIL });
        await store.recordResetRequest(event(1), { hash: 'd1', slot: other, at: T0 + 1, mail: MAIL });
        await store.recordResetRequest(event(2), { hash: 'd2', slot: SLOT, at: T0 + 2, mail: MAIL });
        assert.equal(await counter.count(count('reset_decoys', 'revoked_at IS NULL')), 2);
        assert.equal(await counter.count(count('reset_decoys', "revoked_at IS NULL AND hash IN ('d1', 'd2')")), 2, 'the newest of each slot stays');
        assert.equal(await counter.count(count('reset_decoys', `hash = 'd0' AND revoked_at = ${T0 + 2}`)), 1, 'revoked when d2 was made');
      } finally {
        await close();
      }
    });

    test('the sender claims and marks a decoy mail with the real ones, in the same two writes, and sends only the real ones', async () => {
      const { store, counter, close } = await open();
      try {
        await store.queueMail({ ...MAIL, to: 'ada@example.com' }, T0);
        await store.recordResetRequest(event(1), { ...(await newSecret()), slot: SLOT, at: T0, mail: MAIL });
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

    test('every thousandth event, the decoys past the log retention go, and the decoy mail marked sent', async () => {
      const { store, counter, close } = await open();
      try {
        await store.recordResetRequest(event(0), { hash: 'decoy-0', slot: SLOT, at: T0, mail: MAIL });
        const [claimed] = await store.claimDueMail(T0, 10, 60_000);
        await store.markMailSent([claimed!.id], T0, true);
        // 1 200 decoys made on day one, then 800 a retention later: the sweep at the 2000th event finds the first 1 200 too old.
        const at = (n: number) => (n < 1200 ? T0 + n : T0 + LOG_RETENTION_MS + n);
        for (let n = 1; n < 2000; n++) await store.recordResetRequest({ ...event(n), at: at(n) }, { hash: `decoy-${n}`, slot: SLOT, at: at(n), mail: MAIL });
        assert.equal(await counter.count(count('reset_decoys')), 800, 'the sweep at the 1000th event found none that old');
        assert.equal(await counter.count(count('reset_decoys', `created_at < ${T0 + LOG_RETENTION_MS}`)), 0, 'the old ones went');
        assert.equal(await counter.count(count('mail', "status = 'sent'")), 0, 'the sent decoy mail is gone');
        assert.equal(await counter.count(count('mail', "status = 'pending'")), 1999, 'the unsent stays until the sender marks it');
        assert.equal((await store.logEvents(0, 1))[0]!.userName, 'nobody1999@example.com');

        // A sweep at an event that writes a ticket, a retention after the last decoy: no decoy is new enough, all go.
        const later = T0 + 2 * LOG_RETENTION_MS + 2000;
        await store.insertUser({ id: 'u1', email: 'ada@example.com', connection: 'db', passwordHash: 'h', name: null, emailVerified: false,
          createdAt: later, updatedAt: later, lastPasswordReset: null, passwordResetRequired: false });
        for (let n = 2000; n < 3000; n++) {
          const ticket = { hash: `ticket-${n}`, userId: 'u1', createdAt: later + n, expiresAt: later + n + 60_000, usedAt: null, revokedAt: null,
            clientId: null, resultUrl: null, markEmailVerified: false, includeEmailInRedirect: false, codeHash: null, codeFailures: 0 };
          await store.recordResetRequest({ ...event(n), type: 'scpr', at: later + n, userId: 'u1' }, { ticket, mail: MAIL });
        }
        assert.equal(await counter.count(count('reset_decoys')), 0);
        assert.equal(await counter.count(count('tickets')), 1000, 'tickets stay');
      } finally {
        await close();
      }
    });
  });
}
