/** The stores keep log events newest first, paged, for LOG_RETENTION_MS. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LOG_RETENTION_MS } from '../../mock-server/domain/log-events.js';
import type { LogEvent, ResetDecoy } from '../../mock-server/domain/ports.js';
import { openStore, STORE_KINDS } from './helpers.js';

const T0 = 1_000_000;
const event = (at: number, n: number): LogEvent => ({
  type: 'fcpr', at, userId: null, userName: `nobody${n}@example.com`, connection: 'db', clientId: null, ip: null, description: 'User does not exist',
});
const decoy = (at: number, n: number): ResetDecoy => ({ hash: `decoy-${n}`, slot: `db|nobody${n}@example.com`, at, mail: { to: `nobody${n}@example.com`, subject: 'Reset', text: 'link', html: '<a>link</a>' } });

for (const kind of STORE_KINDS) {
  test(`${kind}: log events newest first, paged; those past retention dropped as new ones come`, async () => {
    const store = await openStore(kind);
    try {
      const later = T0 + LOG_RETENTION_MS + 1;
      for (let n = 0; n < 500; n++) await store.recordResetRequest(event(T0, n), decoy(T0, n));
      assert.equal((await store.logEvents(0, 1000)).length, 500);
      for (let n = 500; n < 1000; n++) await store.recordResetRequest(event(later, n), decoy(later, n));
      const kept = await store.logEvents(0, 2000);
      assert.equal(kept.length, 500, 'the 500 events older than the retention are gone');
      assert.ok(kept.every((e) => e.at === later));
      assert.deepEqual((await store.logEvents(1, 2)).map((e) => e.userName), ['nobody998@example.com', 'nobody997@example.com']);
      assert.ok(kept[0]!.id > kept[1]!.id);
    } finally {
      await store.close();
    }
  });
}
