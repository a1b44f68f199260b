/**
 * Equal work for existing and unknown emails (issue 12): a reset request makes the same store calls in
 * the same order whether or not the address has an account, so its timing cannot tell them apart
 * (`npm run bench` measures the p50s side by side); each writes one durable record: its log event, which
 * GET /api/v2/logs serves, with a ticket and mail or a decoy of them. The mail itself goes out later, off
 * the request path (the sender is only woken): these tests read the queue instead of letting it run.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ResetDecoy, TicketIssue } from '../../mock-server/domain/ports.js';
import { ADA, BASE, recordCalls, STORE_KINDS, testServer, type TestServer } from './helpers.js';

async function callsFor(server: TestServer, calls: string[], email: string) {
  calls.length = 0;
  const response = await server.requestReset(email);
  assert.equal(response.status, 200);
  return [...calls];
}

/** The addresses of the queued mail that is not a decoy's (the tests do not let the sender run). */
async function realMailQueued(server: TestServer) {
  return (await server.store.claimDueMail(server.now().getTime(), 100, 60_000)).filter((mail) => !mail.decoy).map((mail) => mail.to);
}

async function logs(server: TestServer) {
  const token = await server.json('/oauth/token', {
    grant_type: 'client_credentials', client_id: 'demo-m2m', client_secret: 'demo-m2m-secret', audience: `${BASE}/api/v2/`,
  });
  const { access_token } = (await token.json()) as { access_token: string };
  const response = await server.request('/api/v2/logs?per_page=10', { headers: { authorization: `Bearer ${access_token}` } });
  assert.equal(response.status, 200);
  return (await response.json()) as Record<string, unknown>[];
}

for (const kind of STORE_KINDS) {
  describe(`change_password does the same work for existing and unknown emails (${kind})`, () => {
    test('the same store calls in the same order, one durable write each', async () => {
      let wakeUps = 0;
      const server = await testServer({ store: kind, rateLimited: true, deps: { onMailQueued: () => { wakeUps++; } } });
      try {
        const calls = recordCalls(server.store);
        const existing = await callsFor(server, calls, ADA.email);
        const unknown = await callsFor(server, calls, 'nobody@example.com');
        assert.deepEqual(unknown, existing);
        assert.deepEqual(existing.filter((name) => name === 'recordResetRequest'), ['recordResetRequest']);
        assert.deepEqual(existing.filter((name) => name.startsWith('countHit')),
          ['countHit changePasswordPerAddress', 'countHit changePasswordPerEmail', 'countHit resetMailsPerUser']);
        assert.equal(wakeUps, 2, 'the sender is woken for both: a decoy\'s mail is claimed and marked like a real one');
        assert.deepEqual(await realMailQueued(server), [ADA.email], 'only the existing user gets a mail');
      } finally {
        await server.close();
      }
    });

    test('the unknown address writes a decoy of the ticket and mail the existing user gets: a fresh hash and a mail of the same size', async () => {
      const server = await testServer({ store: kind });
      try {
        const writes: (TicketIssue | ResetDecoy)[] = [];
        const record = server.store.recordResetRequest.bind(server.store);
        server.store.recordResetRequest = (event, write) => { writes.push(write); return record(event, write); };
        await server.requestReset(ADA.email);
        await server.requestReset('nobody@example.com');
        const [issue, decoy] = writes;
        assert.ok(issue && 'ticket' in issue && decoy && !('ticket' in decoy));
        assert.match(decoy.hash, /^[0-9a-f]{64}$/);
        assert.notEqual(decoy.hash, issue.ticket.hash);
        assert.equal(decoy.slot, 'Username-Password-Authentication|nobody@example.com', 'its slot: the address, as a ticket\'s is its user');
        assert.equal(await server.store.findTicket(decoy.hash), undefined);
        assert.equal(decoy.mail.to, 'nobody@example.com');
        assert.equal(decoy.mail.subject, issue.mail.subject);
        for (const part of ['text', 'html'] as const) {
          assert.ok(Math.abs(decoy.mail[part].length - issue.mail[part].length) <= 40, `${part}: ${decoy.mail[part].length} against ${issue.mail[part].length} characters`);
        }
        assert.equal((await server.outbox()).length, 1, 'the decoy is never sent');
      } finally {
        await server.close();
      }
    });

    test('an existing user past the mail limit: the same calls again, and no mail', async () => {
      const server = await testServer({
        store: kind, rateLimited: true, deps: { onMailQueued() {} },
        tenant: (tenant) => { tenant.rateLimits = { resetMailsPerUser: { points: 1, windowSeconds: 3600 } }; },
      });
      try {
        const calls = recordCalls(server.store);
        const first = await callsFor(server, calls, ADA.email);
        const limited = await callsFor(server, calls, ADA.email);
        assert.deepEqual(limited, first);
        assert.deepEqual(await realMailQueued(server), [ADA.email]);
      } finally {
        await server.close();
      }
    });

    test('GET /api/v2/logs: scpr for the user who got a mail, fcpr for the unknown address, newest first, no secrets', async () => {
      const server = await testServer({ store: kind });
      try {
        await server.requestReset(ADA.email, { client_id: 'demo-spa' });
        await server.json('/dbconnections/change_password', { email: 'nobody@example.com', connection: 'Username-Password-Authentication' },
          { 'x-test-client-ip': '203.0.113.9' });
        const [unknown, existing, ...rest] = await logs(server);
        assert.equal(rest.length, 0);
        const adaId = (await server.store.listUsers({ emailKey: ADA.email }, 0, 1)).users[0]!.id;
        assert.deepEqual(existing, {
          log_id: existing!.log_id, date: server.now().toISOString(), type: 'scpr', connection: 'Username-Password-Authentication',
          user_name: ADA.email, user_id: adaId, client_id: 'demo-spa', ip: '127.0.0.1',
        });
        assert.deepEqual(unknown, {
          log_id: unknown!.log_id, date: server.now().toISOString(), type: 'fcpr', connection: 'Username-Password-Authentication',
          user_name: 'nobody@example.com', description: 'User does not exist', ip: '203.0.113.9',
        });
        assert.ok(String(unknown!.log_id) > String(existing!.log_id), 'ids increase, as strings too');
        const ticket = (await server.outbox())[0]!.text.match(/ticket=([^#&\s]+)/)![1]!;
        assert.ok(!JSON.stringify(await logs(server)).includes(ticket), 'no ticket in the logs');
      } finally {
        await server.close();
      }
    });
  });
}
