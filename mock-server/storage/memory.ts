/**
 * The same Store in plain Maps, for the browser host (msw) and fast tests. Each method runs to
 * completion without awaiting, which is what makes its multi-row changes atomic in one JS thread.
 */
import { LOG_RETENTION_MS } from '../domain/log-events.js';
import type { AuthorizationCode, LoginTransaction, Mail, OutgoingMail, RefreshToken, Session, Store, StoredLogEvent, TicketRecord, User } from '../domain/ports.js';

/** Past this many rate-limit windows, ended ones are dropped: memory stays bounded by live windows. */
const SWEEP_ABOVE = 10_000;

export function createMemoryStore(emailKey: (email: string) => string): Store {
  const users = new Map<string, User>();
  const tickets = new Map<string, TicketRecord>();
  const sessions = new Map<string, Session>();
  const transactions = new Map<string, LoginTransaction>();
  const codes = new Map<string, AuthorizationCode>();
  const refreshTokens = new Map<string, RefreshToken>();
  const history = new Map<string, { hash: string; at: number }[]>();
  const mail: Mail[] = [];
  const settings = new Map<string, string>();
  /** Oldest first. */
  const logEvents: StoredLogEvent[] = [];
  /** Rate-limit windows by key. */
  const hits = new Map<string, { count: number; resetAt: number }>();
  /** Failed sign-ins by identifier, then by client address. */
  const failures = new Map<string, Map<string, number>>();

  // Used (or claimed) tickets too: a claim released after a newer link was issued must not make the old link live again.
  const revokeTickets = (userId: string, at: number) =>
    [...tickets.values()].filter((t) => t.userId === userId && t.revokedAt === null).forEach((t) => { t.revokedAt = at; });
  const usable = (ticket: TicketRecord | undefined, userId: string, at: number): ticket is TicketRecord =>
    !!ticket && ticket.userId === userId && ticket.usedAt === null && ticket.revokedAt === null && ticket.expiresAt > at;
  const queue = (outgoing: OutgoingMail, at: number) => {
    mail.push({ ...outgoing, id: mail.length + 1, createdAt: at, status: 'pending', attempts: 0, nextAttemptAt: at, sentAt: null, decoy: false });
  };
  const issueTicket = (ticket: TicketRecord, outgoing: OutgoingMail | null) => {
    revokeTickets(ticket.userId, ticket.createdAt);
    tickets.set(ticket.hash, { ...ticket });
    if (outgoing) queue(outgoing, ticket.createdAt);
  };
  const revokeRefresh = (matches: (token: RefreshToken) => boolean, at: number) => {
    for (const token of refreshTokens.values()) if (matches(token) && token.revokedAt === null) token.revokedAt = at;
  };
  const endSessionsOf = (userId: string, at: number) => {
    for (const session of sessions.values()) if (session.userId === userId && session.endedAt === null) session.endedAt = at;
  };
  // Code-unit order, as SQLite's default BINARY collation sorts.
  const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  // Copies out, so callers cannot change stored rows behind the store's back.
  const copy = <T extends object>(row: T | undefined): T | undefined => row && { ...row };

  return {
    async countUsers() { return users.size; },
    async insertUser(user) {
      const key = emailKey(user.email);
      if (users.has(user.id) || [...users.values()].some((u) => u.connection === user.connection && emailKey(u.email) === key)) {
        throw new Error('user already exists');
      }
      users.set(user.id, { ...user });
    },
    async insertUserIfAbsent(user) {
      const key = emailKey(user.email);
      if ([...users.values()].some((u) => u.connection === user.connection && emailKey(u.email) === key)) return false;
      await this.insertUser(user);
      return true;
    },
    async findUserById(id) { return copy(users.get(id)); },
    async findUserByEmail(connection, key) {
      return copy([...users.values()].find((u) => u.connection === connection && emailKey(u.email) === key));
    },
    async listUsers(filter, offset, limit) {
      const matches = [...users.values()]
        .filter((u) => filter.emailKey === undefined || emailKey(u.email) === filter.emailKey)
        .filter((u) => filter.text === undefined || emailKey(u.email).includes(filter.text) || emailKey(u.name ?? '').includes(filter.text))
        .sort((a, b) => compare(emailKey(a.email), emailKey(b.email)) || compare(a.id, b.id));
      return { users: matches.slice(offset, offset + limit).map((u) => ({ ...u })), total: matches.length };
    },
    async issueTicket(ticket, outgoing) { issueTicket(ticket, outgoing); },
    async findTicket(hash) { return copy(tickets.get(hash)); },
    async recordResetRequest(event, write) {
      // A decoy equals the timing of writes to a disk; in memory there is nothing to equal, so none is kept.
      if ('ticket' in write) issueTicket(write.ticket, write.mail);
      logEvents.push({ ...event, id: logEvents.length === 0 ? 1 : logEvents.at(-1)!.id + 1 });
      while (logEvents[0]!.at < event.at - LOG_RETENTION_MS) logEvents.shift();
    },
    async logEvents(offset, limit) { return logEvents.slice().reverse().slice(offset, offset + limit).map((event) => ({ ...event })); },
    async requirePasswordReset(ticket, outgoing) {
      const user = users.get(ticket.userId);
      if (!user) return false;
      user.passwordResetRequired = true;
      user.updatedAt = ticket.createdAt;
      endSessionsOf(ticket.userId, ticket.createdAt);
      revokeRefresh((token) => token.userId === ticket.userId, ticket.createdAt);
      revokeTickets(ticket.userId, ticket.createdAt);
      tickets.set(ticket.hash, { ...ticket });
      queue(outgoing, ticket.createdAt);
      return true;
    },
    async claimTicket(hash, userId, at) {
      const ticket = tickets.get(hash);
      if (!usable(ticket, userId, at)) return false;
      ticket.usedAt = at;
      return true;
    },
    async releaseTicket(hash, claimedAt) {
      const ticket = tickets.get(hash);
      if (ticket && ticket.usedAt === claimedAt) ticket.usedAt = null;
    },
    async findCodeTicket(userId, at) {
      const live = [...tickets.values()].filter((t) => usable(t, userId, at) && t.codeHash !== null);
      return copy(live.sort((a, b) => b.createdAt - a.createdAt)[0]);
    },
    async recordCodeFailure(hash) {
      const ticket = tickets.get(hash);
      if (ticket) ticket.codeFailures += 1;
    },
    async exchangeCodeTicket(hash, nextHash, at, maxFailures) {
      const ticket = tickets.get(hash);
      if (!usable(ticket, ticket?.userId ?? '', at) || ticket.codeHash === null || ticket.codeFailures >= maxFailures) return false;
      ticket.usedAt = at;
      tickets.set(nextHash, { ...ticket, hash: nextHash, createdAt: at, usedAt: null, codeHash: null, codeFailures: 0 });
      return true;
    },
    async changePassword(change) {
      const user = users.get(change.userId);
      if (!user) return false;
      if (change.ticketHash !== undefined) {
        const ticket = tickets.get(change.ticketHash);
        const ours = change.ticketClaimedAt === undefined
          ? usable(ticket, change.userId, change.at)
          : ticket?.userId === change.userId && ticket.usedAt === change.ticketClaimedAt;
        if (!ours) return false;
        ticket!.usedAt = change.at;
      }
      user.passwordHash = change.passwordHash;
      user.updatedAt = change.at;
      user.lastPasswordReset = change.at;
      user.passwordResetRequired = false;
      if (change.markEmailVerified) user.emailVerified = true;
      if (change.keepHistory > 0) {
        const kept = [{ hash: change.passwordHash, at: change.at }, ...(history.get(change.userId) ?? [])];
        history.set(change.userId, kept.slice(0, change.keepHistory));
      }
      revokeTickets(change.userId, change.at);
      failures.delete(change.loginIdentifier);
      endSessionsOf(change.userId, change.at);
      revokeRefresh((token) => token.userId === change.userId, change.at);
      if (change.mail) queue(change.mail, change.at);
      return true;
    },
    async passwordHistory(userId, limit) { return (history.get(userId) ?? []).slice(0, limit).map((h) => h.hash); },
    async recordLoginFailure(identifier, address) {
      const byAddress = failures.get(identifier) ?? new Map<string, number>();
      const count = (byAddress.get(address) ?? 0) + 1;
      failures.set(identifier, byAddress.set(address, count));
      return count;
    },
    async loginFailures(identifier, address) { return failures.get(identifier)?.get(address) ?? 0; },
    async clearLoginFailures(identifier, address) { failures.get(identifier)?.delete(address); },
    async createSession(session) { sessions.set(session.id, { ...session }); },
    async findSession(id) { return copy(sessions.get(id)); },
    async findSessionBySecret(secretHash) { return copy([...sessions.values()].find((s) => s.secretHash === secretHash)); },
    async touchSession(id, at) { const session = sessions.get(id); if (session) session.lastUsedAt = at; },
    async endSession(id, at) {
      const session = sessions.get(id);
      if (session && session.endedAt === null) session.endedAt = at;
      revokeRefresh((token) => token.sessionId === id, at);
    },
    async createLoginTransaction(transaction) { transactions.set(transaction.id, { ...transaction }); },
    async findLoginTransaction(id) { return copy(transactions.get(id)); },
    async deleteLoginTransaction(id) { transactions.delete(id); },
    async insertAuthorizationCode(code) { codes.set(code.hash, { ...code }); },
    async useAuthorizationCode(hash, at) {
      const code = codes.get(hash);
      if (!code) return undefined;
      const before = { ...code };
      const spent = code.usedAt === null && code.expiresAt > at;
      if (spent) code.usedAt = at;
      return { code: before, spent };
    },
    async setCodeRefreshFamily(hash, family) { const code = codes.get(hash); if (code) code.refreshFamily = family; },
    async insertRefreshToken(token) { refreshTokens.set(token.hash, { ...token }); },
    async rotateRefreshToken(hash, nextHash, at) {
      const token = refreshTokens.get(hash);
      if (!token) return { outcome: 'unknown' };
      const before = { ...token };
      if (token.usedAt !== null || token.revokedAt !== null) {
        revokeRefresh((t) => t.family === token.family, at);
        return { outcome: 'reused', token: before };
      }
      if (token.expiresAt <= at) return { outcome: 'unknown' };
      token.usedAt = at;
      refreshTokens.set(nextHash, { ...before, hash: nextHash, createdAt: at });
      return { outcome: 'rotated', token: before };
    },
    async revokeRefreshFamilyOf(hash, clientId, at) {
      const token = refreshTokens.get(hash);
      if (!token || token.clientId !== clientId) return false;
      revokeRefresh((t) => t.family === token.family, at);
      return true;
    },
    async revokeRefreshFamily(family, at) { revokeRefresh((t) => t.family === family, at); },
    async queueMail(outgoing, at) { queue(outgoing, at); },
    async claimDueMail(now, limit, leaseMs) {
      const due = mail.filter((m) => m.status === 'pending' && m.nextAttemptAt <= now).slice(0, limit);
      for (const row of due) row.nextAttemptAt = now + leaseMs;
      return due.map((m) => ({ ...m }));
    },
    async markMailSent(ids, at, keepBody) {
      for (const id of ids) {
        const row = mail[id - 1];
        if (!row) continue;
        Object.assign(row, { status: 'sent', sentAt: at, attempts: row.attempts + 1 });
        if (!keepBody) Object.assign(row, { text: '', html: '' });
      }
    },
    async markMailFailed(id, nextAttemptAt) {
      const row = mail[id - 1];
      if (row) Object.assign(row, { attempts: row.attempts + 1, nextAttemptAt });
    },
    async sentMail() { return mail.filter((m) => m.status === 'sent').map((m) => ({ ...m })); },
    async getSetting(key) { return settings.get(key); },
    async setSetting(key, value) { settings.set(key, value); },
    async setSettingIfAbsent(key, value) {
      if (!settings.has(key)) settings.set(key, value);
      return settings.get(key)!;
    },
    async countHit(key, windowMs, at) {
      const window = hits.get(key);
      const live = window && window.resetAt > at ? window : { count: 0, resetAt: at + windowMs };
      live.count += 1;
      hits.set(key, live);
      if (hits.size > SWEEP_ABOVE) for (const [k, w] of hits) if (w.resetAt <= at) hits.delete(k);
      return { ...live };
    },
    close() {},
  };
}
