/**
 * A reset request that sends no mail stores a decoy of the ticket and mail it would have written (issue 12, equal
 * work): the decoy is durable like them, opens nothing, and only about the newest RESET_DECOYS_KEPT are kept.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { RESET_DECOYS_KEPT, type LogEvent, type ResetDecoy } from '../../mock-server/domain/ports.js';
import { newSecret } from '../../mock-server/domain/secrets.js';
import { openStore, type StoreKind } from './helpers.js';
import { rowCounter } from './mail-queue.js';
import { postgresDatabase } from './postgres-harness.js';

const T0 = 1_000_000;
const event = (n: number): LogEvent => ({
  type: 'fcpr', at: T0 + n, userId: null, userName: `nobody${n}@example.com`, connection: 'db', clientId: null, ip: null, description: 'User does not exist',
});
const MAIL = { to: 'nobody@example.com', subject: 'Reset your password', text: `Reset: ${'t'.repeat(900)}`, html: `<p>${'h'.repeat(1500)}</p>` };

const kinds: [StoreKind, (dir: string) => Promise<string>][] = [
  ['sqlite', async (dir) => join(dir, 'store.sqlite')],
  ['postgres', () => postgresDatabase()],
];
for (const [kind, location] of kinds) {
  test(`${kind}: a decoy is stored whole beside its log event, opens nothing, and the oldest go as new ones come`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'login-box-decoys-'));
    const db = await location(dir);
    const store = await openStore(kind, db);
    const counter = await rowCounter(db);
    try {
      const first: ResetDecoy = { ...(await newSecret()), at: T0, mail: MAIL };
      await store.recordResetRequest(event(0), first);
      assert.equal(await counter.count('SELECT count(*) AS n FROM reset_decoys'), 1);
      assert.equal(await counter.count(`SELECT count(*) AS n FROM reset_decoys WHERE hash = '${first.hash}' AND length(text) = ${MAIL.text.length} AND length(html) = ${MAIL.html.length}`), 1,
        'the decoy holds a mail of the real one\'s size');
      assert.equal(await store.findTicket(first.hash), undefined, 'a decoy is no ticket');
      assert.equal(await counter.count('SELECT count(*) AS n FROM mail'), 0, 'nor a mail');

      const total = 2 * RESET_DECOYS_KEPT + RESET_DECOYS_KEPT / 2;
      for (let n = 1; n < total; n++) await store.recordResetRequest(event(n), { hash: `decoy-${n}`, at: T0 + n, mail: MAIL });
      // Swept at the 1000th and 2000th event: the newest thousand stayed then, and the 500 since joined them.
      assert.equal(await counter.count('SELECT count(*) AS n FROM reset_decoys'), RESET_DECOYS_KEPT + RESET_DECOYS_KEPT / 2);
      assert.equal(await counter.count(`SELECT count(*) AS n FROM reset_decoys WHERE created_at < ${T0 + RESET_DECOYS_KEPT}`), 0, 'the oldest went first');
      assert.equal((await store.logEvents(0, 1))[0]!.userName, `nobody${total - 1}@example.com`);
    } finally {
      await counter.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
