/** One suite, run against every Store implementation: they must be interchangeable. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import pg from 'pg';
import { emailKey } from '../../mock-server/domain/email.js';
import type { AuthorizationCode, RefreshToken, Session, Store, TicketRecord, User } from '../../mock-server/domain/ports.js';
import { MIGRATIONS } from '../../mock-server/storage/migrations.js';
import { openPostgresStore } from '../../mock-server/storage/postgres.js';
import { openStore, STORE_KINDS } from './helpers.js';
import { postgresDatabase } from './postgres-harness.js';

const T0 = 1_000_000;
/** u1's brute-force identifier, as the domain builds it (loginIdentifier('db', 'Ada@Example.com')). */
const ADA_IDENTIFIER = 'db|ada@example.com';
const user = (id: string, email: string): User => ({
  id, email, connection: 'db', passwordHash: `hash-of-${id}`, name: null, emailVerified: false,
  createdAt: T0, updatedAt: T0, lastPasswordReset: null, passwordResetRequired: false,
});
const ticket = (hash: string, userId: string, createdAt = T0, lifetime = 60_000): TicketRecord => ({
  hash, userId, createdAt, expiresAt: createdAt + lifetime, usedAt: null, revokedAt: null,
  clientId: null, resultUrl: null, markEmailVerified: false, includeEmailInRedirect: false, codeHash: null, codeFailures: 0,
});
const mail = (to: string) => ({ to, subject: 's', text: 't', html: 'h' });
const session = (id: string, userId: string, secretHash: string | null = null): Session =>
  ({ id, userId, clientId: 'c', createdAt: T0, endedAt: null, secretHash, authTime: T0, lastUsedAt: T0 });

const code = (hash: string, expiresAt = T0 + 60_000): AuthorizationCode => ({
  hash, clientId: 'c', redirectUri: 'http://localhost:5173/', codeChallenge: 'x', scope: 'openid', audience: null, nonce: 'n',
  sessionId: 's1', userId: 'u1', createdAt: T0, expiresAt, usedAt: null, refreshFamily: null,
});
const refresh = (hash: string, family: string, sessionId = 's1', createdAt = T0): RefreshToken => ({
  hash, family, userId: 'u1', clientId: 'c', sessionId, scope: 'openid offline_access', audience: null,
  createdAt, expiresAt: T0 + 60_000, usedAt: null, revokedAt: null,
});

for (const kind of STORE_KINDS) {
  describe(`${kind} store`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await openStore(kind);
      await store.insertUser(user('u1', 'Ada@Example.com'));
      await store.insertUser(user('u2', 'grace@example.com'));
    });
    afterEach(() => store.close());

    test('users: look-up by connection and email key; duplicates refused', async () => {
      assert.equal(await store.countUsers(), 2);
      assert.equal((await store.findUserByEmail('db', 'ada@example.com'))?.id, 'u1');
      assert.equal((await store.findUserByEmail('other', 'ada@example.com')), undefined);
      assert.equal((await store.findUserById('u2'))?.email, 'grace@example.com');
      await assert.rejects(store.insertUser(user('u3', 'ADA@example.com')));
      await assert.rejects(store.insertUser(user('u1', 'new@example.com')));
    });

    test('listUsers: exact email key across connections, ASCII-folded text in email or name, ordered pages with a total', async () => {
      await store.insertUser({ ...user('u3', 'ada@example.com'), connection: 'other', name: 'Ada L.' });
      await store.insertUser({ ...user('u4', 'percent%_@example.com'), name: 'Ünïcode NAME' });
      const ids = async (filter: Parameters<Store['listUsers']>[0], offset = 0, limit = 10) => {
        const { users, total } = await store.listUsers(filter, offset, limit);
        return { ids: users.map((u) => u.id), total };
      };
      assert.deepEqual(await ids({}), { ids: ['u1', 'u3', 'u2', 'u4'], total: 4 });
      assert.deepEqual(await ids({}, 1, 2), { ids: ['u3', 'u2'], total: 4 });
      assert.deepEqual(await ids({}, 10, 2), { ids: [], total: 4 });
      assert.deepEqual(await ids({ emailKey: 'ada@example.com' }), { ids: ['u1', 'u3'], total: 2 });
      assert.deepEqual(await ids({ emailKey: 'ada@' }), { ids: [], total: 0 }, 'the key matches whole addresses only');
      assert.deepEqual(await ids({ text: 'ada' }), { ids: ['u1', 'u3'], total: 2 });
      assert.deepEqual(await ids({ text: 'ada l.' }), { ids: ['u3'], total: 1 }, 'names match too');
      assert.deepEqual(await ids({ text: '%_' }), { ids: ['u4'], total: 1 }, 'no LIKE wildcards');
      assert.deepEqual(await ids({ text: 'Ünïcode name'.replace(/[A-Z]/g, (c) => c.toLowerCase()) }), { ids: ['u4'], total: 1 });
      assert.deepEqual(await ids({ text: 'ünïcode' }), { ids: [], total: 0 }, 'only ASCII letters are folded');
      assert.deepEqual(await ids({ emailKey: 'ada@example.com', text: 'l.' }), { ids: ['u3'], total: 1 }, 'filters combine');
    });

    test('reset codes: the newest live ticket with a code; failures counted; the exchange spends it for a successor, once', async () => {
      await store.issueTicket(ticket('link-only', 'u2'), null);
      await store.issueTicket({ ...ticket('a', 'u1', T0, 60_000), codeHash: 'h', resultUrl: '/r', clientId: 'c', markEmailVerified: true }, mail('ada@example.com'));
      assert.equal((await store.findCodeTicket('u1', T0 + 1))?.hash, 'a');
      assert.equal(await store.findCodeTicket('u2', T0 + 1), undefined, 'a ticket without a code');
      assert.equal(await store.findCodeTicket('u1', T0 + 60_000), undefined, 'expired');
      assert.equal(await store.findCodeTicket('', T0 + 1), undefined, 'no user');

      await Promise.all([store.recordCodeFailure('a'), store.recordCodeFailure('a'), store.recordCodeFailure('nope')]);
      assert.equal((await store.findTicket('a'))?.codeFailures, 2);
      assert.equal(await store.exchangeCodeTicket('a', 'next', T0 + 2, 2), false, 'as many failures as allowed: the code is dead');
      assert.equal((await store.findTicket('a'))?.usedAt, null, 'a dead code leaves the link live');

      const exchanges = await Promise.all(Array.from({ length: 8 }, (_, i) => store.exchangeCodeTicket('a', `next${i}`, T0 + 3, 5)));
      assert.equal(exchanges.filter(Boolean).length, 1, 'one winner');
      const winner = `next${exchanges.indexOf(true)}`;
      assert.equal((await store.findTicket('a'))?.usedAt, T0 + 3);
      assert.deepEqual(await store.findTicket(winner), {
        hash: winner, userId: 'u1', createdAt: T0 + 3, expiresAt: T0 + 60_000, usedAt: null, revokedAt: null,
        clientId: 'c', resultUrl: '/r', markEmailVerified: true, includeEmailInRedirect: false, codeHash: null, codeFailures: 0,
      });
      for (const [i, won] of exchanges.entries()) if (!won) assert.equal(await store.findTicket(`next${i}`), undefined, 'a loser stores nothing');
      assert.equal(await store.findCodeTicket('u1', T0 + 4), undefined, 'the successor has no code');
    });

    test('issuing a ticket revokes the user\'s live ones (not other users\') and queues its mail', async () => {
      await store.issueTicket(ticket('a', 'u1'), mail('ada@example.com'));
      await store.issueTicket(ticket('g', 'u2'), null);
      await store.issueTicket(ticket('b', 'u1', T0 + 10), mail('ada@example.com'));
      assert.equal((await store.findTicket('a'))?.revokedAt, T0 + 10);
      assert.equal((await store.findTicket('b'))?.revokedAt, null);
      assert.equal((await store.findTicket('g'))?.revokedAt, null);
      assert.equal((await store.claimDueMail(T0 + 10, 10, 60_000)).length, 2);
    });

    test('changePassword with a ticket: consumes it once, sets the hash, revokes the rest, ends sessions', async () => {
      await store.issueTicket(ticket('a', 'u1'), null);
      await store.createSession(session('s1', 'u1'));
      await store.createSession(session('s2', 'u2'));
      const change = { userId: 'u1', passwordHash: 'new', at: T0 + 5, ticketHash: 'a', keepHistory: 0, markEmailVerified: true, loginIdentifier: ADA_IDENTIFIER };
      assert.equal(await store.changePassword(change), true);
      assert.equal(await store.changePassword({ ...change, passwordHash: 'second' }), false, 'single use');
      const changed = (await store.findUserById('u1'))!;
      assert.deepEqual([changed.passwordHash, changed.lastPasswordReset, changed.emailVerified], ['new', T0 + 5, true]);
      assert.equal((await store.findTicket('a'))?.usedAt, T0 + 5);
      assert.equal((await store.findSession('s1'))?.endedAt, T0 + 5);
      assert.equal((await store.findSession('s2'))?.endedAt, null, 'other users keep their sessions');
    });

    test('requirePasswordReset: flags the user, ends their sessions and refresh tokens, issues the only live ticket with its mail; a password change lifts it', async () => {
      await store.issueTicket(ticket('old', 'u1'), null);
      await store.createSession(session('s1', 'u1'));
      await store.createSession(session('s2', 'u2'));
      await store.insertRefreshToken(refresh('r1', 'f1'));
      assert.equal(await store.requirePasswordReset(ticket('forced', 'u1', T0 + 5), mail('ada@example.com')), true);
      const flagged = (await store.findUserById('u1'))!;
      assert.deepEqual([flagged.passwordResetRequired, flagged.updatedAt], [true, T0 + 5]);
      assert.equal((await store.findUserByEmail('db', 'ada@example.com'))?.passwordResetRequired, true);
      assert.equal((await store.findUserById('u2'))?.passwordResetRequired, false, 'other users are not flagged');
      assert.equal((await store.findSession('s1'))?.endedAt, T0 + 5);
      assert.equal((await store.findSession('s2'))?.endedAt, null, 'other users keep their sessions');
      assert.equal((await store.rotateRefreshToken('r1', 'r2', T0 + 6)).outcome, 'reused', 'the refresh token was revoked');
      assert.equal((await store.findTicket('old'))?.revokedAt, T0 + 5);
      assert.equal((await store.findTicket('forced'))?.revokedAt, null);
      assert.deepEqual((await store.claimDueMail(T0 + 5, 10, 60_000)).map((m) => m.to), ['ada@example.com']);
      assert.equal(await store.requirePasswordReset(ticket('ghost', 'nobody', T0 + 6), mail('x@example.com')), false, 'no such user');
      assert.equal(await store.findTicket('ghost'), undefined);
      assert.equal((await store.claimDueMail(T0 + 6, 10, 60_000)).length, 0, 'nothing queued for a missing user');

      await store.changePassword({ userId: 'u1', passwordHash: 'new', at: T0 + 7, ticketHash: 'forced', keepHistory: 0, loginIdentifier: ADA_IDENTIFIER });
      assert.equal((await store.findUserById('u1'))?.passwordResetRequired, false, 'lifted by the change');
    });

    test('changePassword refuses revoked, expired, unknown and other users\' tickets, changing nothing', async () => {
      await store.issueTicket(ticket('old', 'u1'), null);
      await store.issueTicket(ticket('new', 'u1', T0 + 1), null);
      await store.issueTicket(ticket('g', 'u2'), null);
      const attempt = (ticketHash: string, at = T0 + 2) => store.changePassword({ userId: 'u1', passwordHash: 'x', at, ticketHash, keepHistory: 0, loginIdentifier: ADA_IDENTIFIER });
      assert.equal(await attempt('old'), false, 'revoked');
      assert.equal(await attempt('nope'), false, 'unknown');
      assert.equal(await attempt('g'), false, 'another user\'s ticket');
      assert.equal(await attempt('new', T0 + 1 + 60_000), false, 'expired');
      assert.equal((await store.findUserById('u1'))?.passwordHash, 'hash-of-u1');
      assert.equal((await store.findTicket('new'))?.usedAt, null);
    });

    test('claimTicket: one winner; its claim commits through changePassword, or is released and the ticket is usable again', async () => {
      await store.issueTicket(ticket('a', 'u1'), null);
      const claims = await Promise.all(Array.from({ length: 8 }, () => store.claimTicket('a', 'u1', T0 + 1)));
      assert.equal(claims.filter(Boolean).length, 1, 'one conditional write: one winner');
      assert.equal(await store.claimTicket('a', 'u2', T0 + 1), false, 'another user\'s ticket');
      const change = { userId: 'u1', passwordHash: 'new', at: T0 + 2, ticketHash: 'a', keepHistory: 0, loginIdentifier: ADA_IDENTIFIER };
      assert.equal(await store.changePassword(change), false, 'a claimed ticket is not usable');
      await store.releaseTicket('a', T0 + 1);
      assert.equal((await store.findTicket('a'))?.usedAt, null, 'released: usable again');
      assert.equal(await store.claimTicket('a', 'u1', T0 + 3), true);
      assert.equal(await store.changePassword({ ...change, ticketClaimedAt: T0 + 2 }), false, 'only the claim that stands commits');
      assert.equal(await store.changePassword({ ...change, at: T0 + 4, ticketClaimedAt: T0 + 3 }), true);
      assert.deepEqual([(await store.findUserById('u1'))?.passwordHash, (await store.findTicket('a'))?.usedAt], ['new', T0 + 4]);
      await store.releaseTicket('a', T0 + 3);
      assert.equal((await store.findTicket('a'))?.usedAt, T0 + 4, 'a committed ticket cannot be released');
    });

    test('a claimed ticket superseded by a newer link stays dead when its claim is released', async () => {
      await store.issueTicket(ticket('a', 'u1'), null);
      assert.equal(await store.claimTicket('a', 'u1', T0 + 1), true);
      await store.issueTicket(ticket('b', 'u1', T0 + 2), null);
      await store.releaseTicket('a', T0 + 1);
      assert.equal(await store.claimTicket('a', 'u1', T0 + 3), false, 'only the most recent link is valid');
      assert.equal(await store.claimTicket('b', 'u1', T0 + 3), true);
    });

    test('changePassword without a ticket (direct set) still revokes tickets and ends sessions', async () => {
      await store.issueTicket(ticket('a', 'u1'), null);
      await store.createSession(session('s1', 'u1'));
      assert.equal(await store.changePassword({ userId: 'u1', passwordHash: 'direct', at: T0 + 3, keepHistory: 0, loginIdentifier: ADA_IDENTIFIER }), true);
      assert.equal((await store.findTicket('a'))?.revokedAt, T0 + 3);
      assert.equal((await store.findSession('s1'))?.endedAt, T0 + 3);
    });

    test('login failures: counted per identifier and address, cleared by a success or by a password change', async () => {
      const ada = ADA_IDENTIFIER;
      for (let i = 1; i <= 3; i++) assert.equal(await store.recordLoginFailure(ada, '10.0.0.1', T0 + i), i);
      await store.recordLoginFailure(ada, '10.0.0.2', T0);
      await store.recordLoginFailure('db|nobody@example.com', '10.0.0.1', T0);
      assert.equal(await store.loginFailures(ada, '10.0.0.1'), 3);
      await store.clearLoginFailures(ada, '10.0.0.2');
      assert.equal(await store.loginFailures(ada, '10.0.0.2'), 0);
      await store.changePassword({ userId: 'u1', passwordHash: 'new', at: T0 + 9, keepHistory: 0, loginIdentifier: ADA_IDENTIFIER });
      assert.equal(await store.loginFailures(ada, '10.0.0.1'), 0, 'the user\'s password changed');
      assert.equal(await store.loginFailures('db|nobody@example.com', '10.0.0.1'), 1, 'others keep theirs');
    });

    test('login sessions: found by their secret\'s hash, touched, ended with the refresh tokens they issued', async () => {
      await store.createSession(session('s1', 'u1', 'secret-1'));
      await store.createSession(session('s2', 'u1', 'secret-2'));
      assert.equal((await store.findSessionBySecret('secret-1'))?.id, 's1');
      assert.equal(await store.findSessionBySecret('nope'), undefined);
      await store.touchSession('s1', T0 + 7);
      assert.equal((await store.findSession('s1'))?.lastUsedAt, T0 + 7);
      await store.insertRefreshToken(refresh('r1', 'f1', 's1'));
      await store.insertRefreshToken(refresh('r2', 'f2', 's2'));
      await store.endSession('s1', T0 + 8);
      assert.equal((await store.findSession('s1'))?.endedAt, T0 + 8);
      assert.equal((await store.rotateRefreshToken('r1', 'r1b', T0 + 9)).outcome, 'reused', 'revoked with its session');
      assert.equal((await store.rotateRefreshToken('r2', 'r2b', T0 + 9)).outcome, 'rotated', 'another session\'s token lives');
    });

    test('login transactions are kept whole until deleted', async () => {
      const transaction = {
        id: 'tx', secretHash: 'h', clientId: 'c', redirectUri: 'http://localhost:5173/', responseMode: 'query' as const, state: 's',
        nonce: null, codeChallenge: 'x', scope: 'openid', audience: null, maxAge: 30, loginHint: null, uiLocales: 'fr', createdAt: T0, expiresAt: T0 + 1,
      };
      await store.createLoginTransaction(transaction);
      assert.deepEqual(await store.findLoginTransaction('tx'), transaction);
      await store.deleteLoginTransaction('tx');
      assert.equal(await store.findLoginTransaction('tx'), undefined);
    });

    test('an authorization code is spent once, not after it expires, and remembers its refresh family', async () => {
      await store.createSession(session('s1', 'u1'));
      await store.insertAuthorizationCode(code('c1'));
      await store.insertAuthorizationCode(code('old', T0 + 10));
      const first = await store.useAuthorizationCode('c1', T0 + 5);
      assert.deepEqual([first?.spent, first?.code.usedAt, first?.code.nonce], [true, null, 'n']);
      await store.setCodeRefreshFamily('c1', 'f1');
      const second = await store.useAuthorizationCode('c1', T0 + 6);
      assert.deepEqual([second?.spent, second?.code.usedAt, second?.code.refreshFamily], [false, T0 + 5, 'f1']);
      assert.equal((await store.useAuthorizationCode('old', T0 + 10))?.spent, false, 'expired');
      assert.equal(await store.useAuthorizationCode('nope', T0), undefined);
    });

    test('refresh rotation: each token works once; reusing a retired one revokes its whole family', async () => {
      await store.createSession(session('s1', 'u1'));
      await store.insertRefreshToken(refresh('r1', 'f1'));
      await store.insertRefreshToken(refresh('other', 'f2'));
      const rotated = await store.rotateRefreshToken('r1', 'r2', T0 + 1);
      assert.deepEqual(rotated, { outcome: 'rotated', token: refresh('r1', 'f1') });
      assert.equal((await store.rotateRefreshToken('r1', 'r3', T0 + 2)).outcome, 'reused');
      assert.equal((await store.rotateRefreshToken('r2', 'r4', T0 + 3)).outcome, 'reused', 'the family is revoked');
      assert.equal((await store.rotateRefreshToken('other', 'o2', T0 + 3)).outcome, 'rotated', 'other families live on');
      assert.equal((await store.rotateRefreshToken('nope', 'x', T0)).outcome, 'unknown');
      assert.equal((await store.rotateRefreshToken('o2', 'o3', T0 + 60_000)).outcome, 'unknown', 'expired');
      assert.equal(await store.revokeRefreshFamilyOf('nope', 'c', T0), false);
      assert.equal(await store.revokeRefreshFamilyOf('o2', 'another-client', T0 + 4), false, 'only the client it was issued to');
      assert.equal((await store.rotateRefreshToken('o2', 'o2b', T0 + 4)).outcome, 'rotated');
      assert.equal(await store.revokeRefreshFamilyOf('o2b', 'c', T0 + 4), true);
      assert.equal((await store.rotateRefreshToken('o2b', 'o4', T0 + 5)).outcome, 'reused');
    });

    test('a password change revokes every refresh token of the user', async () => {
      await store.createSession(session('s1', 'u1', 'secret'));
      await store.insertRefreshToken(refresh('r1', 'f1'));
      await store.changePassword({ userId: 'u1', passwordHash: 'new', at: T0 + 1, keepHistory: 0, loginIdentifier: ADA_IDENTIFIER });
      assert.equal((await store.findSessionBySecret('secret'))?.endedAt, T0 + 1);
      assert.equal((await store.rotateRefreshToken('r1', 'r2', T0 + 2)).outcome, 'reused');
    });

    test('password history keeps the newest N hashes', async () => {
      for (const [i, hash] of ['h1', 'h2', 'h3'].entries()) {
        await store.changePassword({ userId: 'u1', passwordHash: hash, at: T0 + i, keepHistory: 2, loginIdentifier: ADA_IDENTIFIER });
      }
      assert.deepEqual(await store.passwordHistory('u1', 24), ['h3', 'h2']);
      assert.deepEqual(await store.passwordHistory('u1', 1), ['h3']);
      assert.deepEqual(await store.passwordHistory('u2', 24), []);
    });

    test('mail: claimed oldest first, retried later after a failure, listed once sent, body scrubbed on request', async () => {
      const LEASE = 60_000;
      await store.queueMail(mail('a@x.test'), T0);
      await store.queueMail(mail('b@x.test'), T0 + 1);
      const [a] = await store.claimDueMail(T0, 10, LEASE);
      assert.equal(a?.to, 'a@x.test', 'only what is due');
      const [b, ...rest] = await store.claimDueMail(T0 + 1, 10, LEASE);
      assert.deepEqual([b?.to, rest.length], ['b@x.test', 0], 'a claimed mail is not handed out again');
      await store.markMailFailed(a!.id, T0 + 1000);
      assert.equal((await store.claimDueMail(T0 + 999, 10, LEASE)).length, 0);
      await store.markMailSent([b!.id], T0 + 2, false);
      const [retried] = await store.claimDueMail(T0 + 1000, 10, LEASE);
      assert.equal(retried!.attempts, 1);
      await store.markMailSent([retried!.id], T0 + 1000, true);
      const sent = await store.sentMail();
      assert.deepEqual(sent.map((m) => [m.to, m.text, m.sentAt]), [['a@x.test', 't', T0 + 1000], ['b@x.test', '', T0 + 2]]);
      assert.equal((await store.claimDueMail(T0 + 10_000, 10, LEASE)).length, 0);
    });

    test('mail claimed by a sender that died is due again once its lease runs out', async () => {
      await store.queueMail(mail('a@x.test'), T0);
      assert.equal((await store.claimDueMail(T0, 10, 1000)).length, 1);
      assert.equal((await store.claimDueMail(T0 + 999, 10, 1000)).length, 0);
      assert.deepEqual((await store.claimDueMail(T0 + 1000, 10, 1000)).map((m) => m.to), ['a@x.test']);
    });

    test('settings; setSettingIfAbsent keeps the first writer\'s value', async () => {
      assert.equal(await store.getSetting('k'), undefined);
      await store.setSetting('k', 'v1');
      await store.setSetting('k', 'v2');
      assert.equal(await store.getSetting('k'), 'v2');
      assert.equal(await store.setSettingIfAbsent('new', 'first'), 'first');
      assert.equal(await store.setSettingIfAbsent('new', 'second'), 'first');
    });

    test('insertUserIfAbsent: once per connection and email key', async () => {
      assert.equal(await store.insertUserIfAbsent(user('u9', 'ADA@example.com')), false, 'u1 has that email');
      assert.equal(await store.insertUserIfAbsent(user('u9', 'nine@example.com')), true);
      assert.equal(await store.countUsers(), 3);
    });

    test('rate-limit windows: counted per key, a new window once one ends', async () => {
      assert.deepEqual(await store.countHit('k', 1000, T0), { count: 1, resetAt: T0 + 1000 });
      assert.deepEqual(await store.countHit('k', 1000, T0 + 999), { count: 2, resetAt: T0 + 1000 });
      assert.deepEqual(await store.countHit('other', 1000, T0 + 999), { count: 1, resetAt: T0 + 1999 });
      assert.deepEqual(await store.countHit('k', 1000, T0 + 1000), { count: 1, resetAt: T0 + 2000 });
    });
  });
}

describe('sqlite file', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'login-box-store-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('keeps everything across close and reopen, and never holds a raw ticket once mail is delivered', async () => {
    const file = join(dir, 'db.sqlite');
    const rawTicket = 'Zr4wT1ck3t-Zr4wT1ck3t-Zr4wT1ck3t-Zr4wT1ck3';
    let store = await openStore('sqlite', file);
    await store.insertUser(user('u1', 'ada@example.com'));
    await store.issueTicket(ticket('digest-only', 'u1'), { ...mail('ada@example.com'), text: `link ?ticket=${rawTicket}#`, html: `<a href="?ticket=${rawTicket}#">` });
    const [queued] = await store.claimDueMail(T0, 1, 60_000);
    await store.markMailSent([queued!.id], T0 + 1, false);
    store.close();

    store = await openStore('sqlite', file);
    assert.equal((await store.findUserByEmail('db', 'ada@example.com'))?.id, 'u1');
    assert.equal((await store.findTicket('digest-only'))?.userId, 'u1');
    store.close();
    for (const name of ['db.sqlite', 'db.sqlite-wal']) {
      let bytes = '';
      try { bytes = readFileSync(join(dir, name)).toString('latin1'); } catch { continue; }
      assert.ok(!bytes.includes(rawTicket), `${name} holds the raw ticket`);
    }
  });
});

describe('postgres: several instances on one database', () => {
  const INSTANCES = 4;
  let url: string;
  let stores: Store[];
  beforeEach(async () => {
    url = await postgresDatabase();
    // All at once on an empty database: each migrates under the advisory lock, so one of them applies the schema.
    stores = await Promise.all(Array.from({ length: INSTANCES }, () => openPostgresStore(url, emailKey)));
  });
  afterEach(() => Promise.all(stores.map((store) => store.close())));
  const anyStore = (i: number) => stores[i % INSTANCES]!;

  test('started together on an empty database: each schema version applied exactly once', async () => {
    const client = new pg.Client(url);
    await client.connect();
    try {
      const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_version ORDER BY version');
      assert.deepEqual(rows.map((row) => row.version), MIGRATIONS.map((_, i) => i + 1));
    } finally {
      await client.end();
    }
    await (await openPostgresStore(url, emailKey)).close(); // a later start finds nothing to do
  });

  test('32 concurrent uses of one ticket over all instances: exactly one wins', async () => {
    await stores[0]!.insertUser(user('u1', 'ada@example.com'));
    await stores[0]!.issueTicket(ticket('t', 'u1'), null);
    const results = await Promise.all(Array.from({ length: 32 }, (_, i) => anyStore(i).changePassword({
      userId: 'u1', passwordHash: `hash-${i}`, at: T0 + 1, ticketHash: 't', keepHistory: 3, loginIdentifier: ADA_IDENTIFIER,
    })));
    assert.equal(results.filter(Boolean).length, 1);
    const winner = results.indexOf(true);
    assert.equal((await stores[1]!.findUserById('u1'))?.passwordHash, `hash-${winner}`);
    assert.deepEqual(await stores[2]!.passwordHistory('u1', 10), [`hash-${winner}`]);
  });

  test('a code and a refresh token are each spent once under concurrent use', async () => {
    await stores[0]!.insertUser(user('u1', 'ada@example.com'));
    await stores[0]!.createSession(session('s1', 'u1'));
    await stores[0]!.insertAuthorizationCode(code('c1'));
    await stores[0]!.insertRefreshToken(refresh('r1', 'f1'));
    const codes = await Promise.all(Array.from({ length: 16 }, (_, i) => anyStore(i).useAuthorizationCode('c1', T0 + 1)));
    assert.equal(codes.filter((use) => use?.spent).length, 1);
    assert.ok(codes.every((use) => use?.spent || use?.code.usedAt === T0 + 1), 'the losers see the code as spent, not as expired');
    const uses = await Promise.all(Array.from({ length: 16 }, (_, i) => anyStore(i).rotateRefreshToken('r1', `r2-${i}`, T0 + 1)));
    assert.deepEqual([uses.filter((use) => use.outcome === 'rotated').length, uses.filter((use) => use.outcome === 'reused').length], [1, 15]);
  });

  test('concurrent senders claim each due mail exactly once', async () => {
    for (let i = 0; i < 50; i++) await anyStore(i).queueMail(mail(`m${i}@x.test`), T0);
    const claims = await Promise.all(Array.from({ length: 20 }, (_, i) => anyStore(i).claimDueMail(T0, 5, 60_000)));
    const ids = claims.flat().map((m) => m.id);
    assert.equal(ids.length, 50);
    assert.equal(new Set(ids).size, 50, 'no mail handed to two senders');
  });

  test('rate-limit hits, first-writer settings and seeding are counted once across instances', async () => {
    const counts = await Promise.all(Array.from({ length: 24 }, (_, i) => anyStore(i).countHit('k', 60_000, T0 + i)));
    assert.deepEqual(counts.map((hit) => hit.count).sort((a, b) => a - b), Array.from({ length: 24 }, (_, i) => i + 1));
    assert.equal(new Set(counts.map((hit) => hit.resetAt)).size, 1, 'one window');
    const keys = await Promise.all(stores.map((store, i) => store.setSettingIfAbsent('signing-key', `key-${i}`)));
    assert.equal(new Set(keys).size, 1, 'every instance got the first writer\'s key');
    const inserted = await Promise.all(stores.map((store, i) => store.insertUserIfAbsent(user(`u-${i}`, 'Ada@Example.com'))));
    assert.deepEqual([inserted.filter(Boolean).length, await stores[0]!.countUsers()], [1, 1]);
  });
});
