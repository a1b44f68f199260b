/**
 * Reset by code (issue 15, item 1): the demo tenant mails an 8-digit code beside the link (`resetEmail.method`
 * both), and POST /lo/reset/code exchanges it for a ticket of its own. The code and the link spend each other,
 * only the newest mail's code works, a code dies after 5 wrong tries (the link does not), and every refusal is
 * the same bytes after the same store calls, for unknown emails too. On every store kind: the store does the
 * counting and the one-winner exchange.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TenantConfigInput } from '../../mock-server/config.js';
import { newResetCode } from '../../mock-server/domain/secrets.js';
import {
  ADA, codeFromMail, DB_CONNECTION, NEW_PASSWORD, normalized, recordCalls, resetRequest, STORE_KINDS, testServer, ticketFromMail,
  type StoreKind, type TestServer,
} from './helpers.js';

const INVALID_CODE = {
  name: 'BadRequestError', code: 'invalid_code', description: 'The code is invalid or has expired. Request a new one.', statusCode: 400,
};

const codeRequest = (email: string, code: string) => ({ client_id: 'demo-spa', connection: DB_CONNECTION, email, code });
/** Another 8-digit code than `code`. */
const wrong = (code: string, by = 1) => String((Number(code) + by) % 100_000_000).padStart(8, '0');

function submit(server: TestServer, email: string, code: string, headers: Record<string, string> = {}) {
  return server.json('/lo/reset/code', codeRequest(email, code), headers);
}

/** Requests a reset for `email` and returns the new mail's link ticket and code. */
async function mailFor(server: TestServer, email = ADA.email, headers: Record<string, string> = {}) {
  const before = (await server.outbox()).length;
  assert.equal((await server.json('/dbconnections/change_password', resetRequest(email), headers)).status, 200);
  const mails = await server.outbox();
  assert.equal(mails.length, before + 1, 'one new mail');
  const mail = mails.at(-1)!;
  return { mail, ticket: ticketFromMail(mail.text), code: codeFromMail(mail.text) };
}

async function assertInvalidCode(response: Response, what: string) {
  assert.equal(response.status, 400, what);
  assert.deepEqual(await response.json(), INVALID_CODE, what);
}

async function exchanged(response: Response): Promise<string> {
  assert.equal(response.status, 200);
  const body = (await response.json()) as { ticket: string };
  assert.deepEqual(Object.keys(body), ['ticket']);
  assert.match(body.ticket, /^[\w-]{43}$/);
  return body.ticket;
}

const ticketInfo = (server: TestServer, ticket: string) => server.json('/lo/reset/ticket', { ticket });

async function withServer(kind: StoreKind, run: (server: TestServer) => Promise<void>, tenant?: (tenant: TenantConfigInput) => void, rateLimited = false) {
  const server = await testServer({ store: kind, rateLimited, ...(tenant && { tenant }) });
  try {
    await run(server);
  } finally {
    await server.close();
  }
}

for (const kind of STORE_KINDS) {
  describe(`POST /lo/reset/code (${kind})`, () => {
    test('a right code gets a ticket that works as a link\'s; the mailed link and the code are then dead', () => withServer(kind, async (server) => {
      const { ticket: link, code } = await mailFor(server);
      const ticket = await exchanged(await submit(server, ADA.email, code));
      assert.notEqual(ticket, link);

      const info = await ticketInfo(server, ticket);
      assert.equal(info.status, 200);
      assert.equal(((await info.json()) as { email: string }).email, ADA.email);
      assert.equal((await ticketInfo(server, link)).status, 400, 'the mailed link is spent');
      await assertInvalidCode(await submit(server, ADA.email, code), 'the code is spent');

      const before = (await server.outbox()).length;
      const reset = await server.reset(ticket, NEW_PASSWORD);
      assert.equal(reset.status, 200);
      assert.equal((await server.login(ADA.email, NEW_PASSWORD)).status, 200, 'the new password signs in');
      const after = await server.outbox();
      assert.equal(after.length, before + 1, 'the "password changed" mail, as after a link');
      assert.equal(after.at(-1)!.to, ADA.email);
      assert.ok(!after.at(-1)!.text.includes(code) && !after.at(-1)!.text.includes(ticket), 'no code or ticket in it');
      assert.equal((await server.reset(ticket, `${NEW_PASSWORD}-2`)).status, 400, 'the exchanged ticket is single-use too');
    }));

    test('5 wrong codes kill the code (then the right one is refused); the link keeps working', () => withServer(kind, async (server) => {
      const { ticket: link, code } = await mailFor(server);
      for (let i = 1; i <= 5; i++) await assertInvalidCode(await submit(server, ADA.email, wrong(code, i)), `wrong code ${i}`);
      await assertInvalidCode(await submit(server, ADA.email, code), 'the right code after 5 wrong ones');
      assert.equal((await ticketInfo(server, link)).status, 200, 'the link still opens');
      assert.equal((await server.reset(link, NEW_PASSWORD)).status, 200, 'and still resets');
    }));

    test('4 wrong codes leave the right one working', () => withServer(kind, async (server) => {
      const { code } = await mailFor(server);
      for (let i = 1; i <= 4; i++) await assertInvalidCode(await submit(server, ADA.email, wrong(code, i)), `wrong code ${i}`);
      await exchanged(await submit(server, ADA.email, code));
    }));

    test('an older mail\'s code dies when a newer mail goes out; the newer one works', () => withServer(kind, async (server) => {
      const older = await mailFor(server);
      const newer = await mailFor(server);
      assert.notEqual(older.code, newer.code);
      await assertInvalidCode(await submit(server, ADA.email, older.code), 'the older code');
      await exchanged(await submit(server, ADA.email, newer.code));
    }));

    test('a spent link kills its code', () => withServer(kind, async (server) => {
      const { ticket, code } = await mailFor(server);
      assert.equal((await server.reset(ticket, NEW_PASSWORD)).status, 200);
      await assertInvalidCode(await submit(server, ADA.email, code), 'the code of a spent link');
    }));

    test('the code expires with its link (the injected clock), and the exchanged ticket keeps the link\'s expiry', () => withServer(kind, async (server) => {
      const first = await mailFor(server);
      server.advance(30 * 60_000);
      const ticket = await exchanged(await submit(server, ADA.email, first.code));
      server.advance(30 * 60_000 + 1);
      assert.equal((await ticketInfo(server, ticket)).status, 400, 'past the mailed link\'s hour, the exchanged ticket is dead too');

      const second = await mailFor(server);
      server.advance(3600_000);
      await assertInvalidCode(await submit(server, ADA.email, second.code), 'a code an hour old');
    }));

    test('16 right codes at once: exactly one ticket', () => withServer(kind, async (server) => {
      const { code } = await mailFor(server);
      const answers = await Promise.all(Array.from({ length: 16 }, () => submit(server, ADA.email, code)));
      const statuses = answers.map((response) => response.status).sort();
      assert.deepEqual(statuses, [200, ...Array<number>(15).fill(400)]);
      const winner = answers.find((response) => response.status === 200)!;
      for (const loser of answers.filter((response) => response !== winner)) await assertInvalidCode(loser, 'a losing submission');
      assert.equal((await ticketInfo(server, await exchanged(winner))).status, 200);
    }));

    test('every refusal is the same bytes after the same store calls: unknown email, no ticket, wrong, dead, expired code', () => withServer(kind, async (server) => {
      const calls = recordCalls(server.store);
      const attempt = async (email: string, code: string) => {
        calls.length = 0;
        const answer = await normalized(await submit(server, email, code));
        return { answer, calls: [...calls] };
      };
      const noTicket = await attempt(ADA.email, '12345678');
      const { code } = await mailFor(server);
      const cases = {
        'no live ticket': noTicket,
        'a wrong code': await attempt(ADA.email, wrong(code)),
        'an unknown email': await attempt('nobody@example.com', code),
        'another connection\'s user (grace signs in with Google)': await attempt('grace@example.com', code),
      };
      for (let i = 2; i <= 5; i++) await submit(server, ADA.email, wrong(code, i));
      const dead = await attempt(ADA.email, code);
      const { code: fresh } = await mailFor(server);
      server.advance(3600_000);
      const expired = await attempt(ADA.email, fresh);

      const reference = cases['a wrong code'];
      assert.equal(reference.answer.status, 400);
      assert.deepEqual(JSON.parse(reference.answer.body), INVALID_CODE);
      assert.deepEqual(reference.calls, ['findUserByEmail', 'findCodeTicket', 'recordCodeFailure']);
      for (const [name, seen] of Object.entries({ ...cases, 'a dead code': dead, 'an expired code': expired })) {
        assert.deepEqual(seen.answer, reference.answer, `${name}: the same answer`);
        assert.deepEqual(seen.calls, reference.calls, `${name}: the same store calls`);
      }
    }));

    test('per-address and per-email limits: 429 with Retry-After in the legacy envelope, unknown emails counted too', () => withServer(kind, async (server) => {
      const { code } = await mailFor(server);
      const from = (address: string) => ({ 'x-test-client-ip': address });
      // Per email, whoever asks: two tries, then 429 from a third address; the same for an unknown email.
      for (const email of [ADA.email, 'nobody@example.com']) {
        await assertInvalidCode(await submit(server, email, wrong(code), from('198.51.100.1')), `${email}: try 1`);
        await assertInvalidCode(await submit(server, email.toUpperCase(), wrong(code), from('198.51.100.2')), `${email}: try 2, the address in capitals`);
        const limited = await submit(server, email, code, from('198.51.100.3'));
        assert.equal(limited.status, 429, `${email}: try 3`);
        assert.equal(limited.headers.get('retry-after'), '600');
        assert.deepEqual(await limited.json(), {
          name: 'TooManyRequestsError', code: 'too_many_requests', description: 'Too many requests. Try again in 600 seconds.', statusCode: 429,
        });
      }
      // Per address, whatever the email: the third try from one address is the last.
      for (const email of ['a@example.com', 'b@example.com', 'c@example.com']) {
        await assertInvalidCode(await submit(server, email, code, from('198.51.100.9')), email);
      }
      assert.equal((await submit(server, 'd@example.com', code, from('198.51.100.9'))).status, 429, 'a fourth email from that address');
      // The windows pass by the injected clock; the code (2 wrong tries so far, an hour to live) works again.
      server.advance(600_000);
      await exchanged(await submit(server, ADA.email, code, from('198.51.100.9')));
    }, (tenant) => {
      tenant.rateLimits = { resetCodePerEmail: { points: 2, windowSeconds: 600 }, resetCodePerAddress: { points: 3, windowSeconds: 600 } };
    }, true));

    test('no code or ticket in the logs', () => withServer(kind, async (server) => {
      const { ticket: link, code } = await mailFor(server);
      await submit(server, ADA.email, wrong(code));
      await submit(server, 'nobody@example.com', code);
      const ticket = await exchanged(await submit(server, ADA.email, code));
      assert.equal((await server.reset(ticket, NEW_PASSWORD)).status, 200);
      const logs = JSON.stringify(server.logs);
      assert.ok(server.logs.some((record) => record.event === 'reset_code_exchanged'), 'the exchange is logged');
      assert.ok(server.logs.some((record) => record.event === 'reset_code_refused'), 'refusals are logged');
      for (const secret of [code, wrong(code), link, ticket]) assert.ok(!logs.includes(secret), 'a code or ticket in the logs');
    }));
  });
}

describe('newResetCode', () => {
  test('8 digits, uniform: a draw at or above the largest multiple of 10^8 below 2^32 is redrawn, not folded', () => {
    const draws = [2 ** 32 - 1, 4_200_000_000, 4_199_999_999, 7];
    const draw = () => draws.shift()!;
    assert.equal(newResetCode(draw), '99999999', 'the two biased draws were redrawn');
    assert.equal(newResetCode(draw), '00000007', 'zero-padded');
    assert.equal(draws.length, 0);
  });
});

describe('POST /lo/reset/code: requests', () => {
  test('malformed bodies: 400 invalid_request naming the field; not JSON: 415; an unknown Origin: 400', () => withServer('memory', async (server) => {
    const cases: [unknown, RegExp][] = [
      [{ connection: DB_CONNECTION, email: ADA.email }, /\bcode\b/],
      [codeRequest(ADA.email, '1234'), /^code must be 8 digits$/],
      [codeRequest(ADA.email, '1234567a'), /^code must be 8 digits$/],
      [{ ...codeRequest(ADA.email, '12345678'), code: 12345678 }, /\bcode\b/],
      [{ client_id: 'demo-spa', email: ADA.email, code: '12345678' }, /\bconnection\b/],
      [codeRequest('not-an-email', '12345678'), /\bemail\b/],
      [{ ...codeRequest(ADA.email, '12345678'), client_id: 7 }, /\bclient_id\b/],
      [[codeRequest(ADA.email, '12345678')], /JSON object/],
    ];
    for (const [body, description] of cases) {
      const response = await server.json('/lo/reset/code', body);
      assert.equal(response.status, 400, JSON.stringify(body));
      const answer = (await response.json()) as { code: string; description: string; statusCode: number };
      assert.equal(answer.code, 'invalid_request', JSON.stringify(body));
      assert.match(answer.description, description, JSON.stringify(body));
    }
    const unknownConnection = await server.json('/lo/reset/code', { ...codeRequest(ADA.email, '12345678'), connection: 'Nope' });
    assert.equal(unknownConnection.status, 400);
    const form = await server.request('/lo/reset/code', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'code=12345678' });
    assert.equal(form.status, 415);
    const foreign = await server.json('/lo/reset/code', codeRequest(ADA.email, '12345678'), { origin: 'https://evil.test' });
    assert.equal(foreign.status, 400);
    assert.match(((await foreign.json()) as { description: string }).description, /Origin https:\/\/evil\.test is not allowed/);
  }));

  test('the demo mail in German and Hebrew carries the code in its own words, in both bodies', () => withServer('memory', async (server) => {
    const de = await mailFor(server, ADA.email, { 'accept-language': 'de' });
    assert.ok(de.mail.text.includes(`Oder geben Sie diesen Code im Anmeldefenster ein: ${de.code}\n`), de.mail.text);
    assert.ok(de.mail.html.includes(`<strong>${de.code}</strong>`), de.mail.html);
    const he = await mailFor(server, ADA.email, { 'accept-language': 'he' });
    assert.ok(he.mail.text.includes(`אפשר גם להזין את הקוד הזה בתיבת הכניסה: ${he.code}\n`), he.mail.text);
    assert.ok(he.mail.html.includes(`<strong>${he.code}</strong>`), he.mail.html);
    await exchanged(await submit(server, ADA.email, he.code));
  }));

  test('method link: no code in the mail, none stored, every code refused', () => withServer('memory', async (server) => {
    const before = (await server.outbox()).length;
    await server.requestReset(ADA.email);
    const mail = (await server.outbox())[before]!;
    assert.ok(!/\{\{\s*code\s*\}\}/.test(mail.text + mail.html), 'no placeholder left');
    assert.throws(() => codeFromMail(mail.text), /found 0/);
    const ticket = ticketFromMail(mail.text);
    assert.equal((await ticketInfo(server, ticket)).status, 200);
    await assertInvalidCode(await submit(server, ADA.email, '00000000'), 'a code where none was mailed');
    assert.equal((await server.store.findCodeTicket((await server.store.listUsers({ emailKey: ADA.email }, 0, 1)).users[0]!.id, server.now().getTime())), undefined);
  }, (tenant) => {
    const template = tenant.emailTemplates.resetEmail;
    template.method = 'link';
    // The demo's code sentences, taken out (a link-only template may not show a code it never gets).
    for (const version of [template, ...Object.values(template.translations ?? {})]) {
      version.text = version.text.replace(/[^\n]*\{\{ code \}\}\n\n/, '');
      version.html = version.html.replace(/<p>[^<]*<strong>\{\{ code \}\}<\/strong><\/p>/, '');
    }
  }));

  test('method code: the mail has no link, and its code works', () => withServer('memory', async (server) => {
    const before = (await server.outbox()).length;
    await server.requestReset(ADA.email);
    const mail = (await server.outbox())[before]!;
    assert.ok(!mail.text.includes('/lo/reset?ticket=') && !mail.html.includes('/lo/reset?ticket='), 'no link');
    const ticket = await exchanged(await submit(server, ADA.email, codeFromMail(mail.text)));
    assert.equal((await server.reset(ticket, NEW_PASSWORD)).status, 200);
  }, (tenant) => {
    const template = tenant.emailTemplates.resetEmail;
    template.method = 'code';
    template.translations = {};
    template.text = 'Hello {{ user.email }},\n\nEnter this code in the sign-in box: {{ code }}\n';
    template.html = '<p>Hello {{ user.email }},</p><p>Enter this code in the sign-in box: <strong>{{ code }}</strong></p>';
  }));

  test('a forced reset\'s mail carries a code too', () => withServer('memory', async (server) => {
    const token = await server.json('/oauth/token', { grant_type: 'client_credentials', client_id: 'demo-m2m', client_secret: 'demo-m2m-secret' });
    const { access_token } = (await token.json()) as { access_token: string };
    const id = (await server.store.listUsers({ emailKey: ADA.email }, 0, 1)).users[0]!.id;
    const forced = await server.request(`/api/v2/users/${encodeURIComponent(id)}/require-password-reset`, { method: 'POST', headers: { authorization: `Bearer ${access_token}` } });
    assert.equal(forced.status, 200);
    const mail = (await server.outbox()).at(-1)!;
    await exchanged(await submit(server, ADA.email, codeFromMail(mail.text)));
  }));
});
