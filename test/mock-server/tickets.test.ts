/** Reset tickets carry their creation time, so their keys grow in time order; links mailed before that keep working. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sha256Hex } from '../../mock-server/domain/secrets.js';
import { newTicket, newTicketRecord, ticketKey } from '../../mock-server/domain/tickets.js';
import { ADA, DB_CONNECTION, NEW_PASSWORD, testServer, type TestServer } from './helpers.js';

describe('reset tickets', () => {
  let server: TestServer;
  before(async () => { server = await testServer(); });
  after(() => server.close());

  test('the mailed secret starts with the creation time in hex; the stored key starts with it too, then the SHA-256 of the secret', async () => {
    const ticket = await server.ticketFor();
    const time = server.now().getTime().toString(16).padStart(12, '0');
    assert.match(ticket, new RegExp(`^${time}[\\w-]{43}$`));
    const key = await ticketKey(ticket);
    assert.equal(key, time + (await sha256Hex(ticket)));
    assert.equal((await server.store.findTicket(key))?.userId, (await server.store.findUserByEmail(DB_CONNECTION, ADA.email))!.id);
  });

  test('keys of later tickets sort after earlier ones, whatever their random part', async () => {
    const keys = [];
    for (const at of [1, 2, 15, 16, 255, 256, 1_700_000_000_000, 1_700_000_000_001]) keys.push((await newTicket(at)).hash);
    assert.deepEqual([...keys].sort(), keys);
    assert.equal(new Set(keys.map((key) => key.slice(12))).size, keys.length, 'the hashes differ');
  });

  test('a link mailed before tickets carried their time (43 characters, stored under its SHA-256) still sets the password, once', async () => {
    const legacy = 'A'.repeat(20) + 'b'.repeat(23);
    const user = (await server.store.findUserByEmail(DB_CONNECTION, ADA.email))!;
    await server.store.issueTicket(newTicketRecord(await sha256Hex(legacy), user.id, server.now().getTime(), 3600), null);
    assert.equal((await server.json('/lo/reset/ticket', { ticket: legacy })).status, 200);
    assert.equal((await server.reset(legacy, NEW_PASSWORD)).status, 200);
    assert.equal((await server.reset(legacy, NEW_PASSWORD)).status, 400, 'spent');
  });
});
