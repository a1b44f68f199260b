/**
 * The dashboard's only network code: the admin sign-in, then the Management API with the token
 * kept in memory (never in storage: a reload signs the admin out), plus the Authentication API's
 * reset request. Every answer is parsed with the shared contract; failures come back as values
 * carrying the server's message, never as throws.
 */
import * as z from 'zod/mini';
import {
  ManagementConnection, ManagementError, ManagementUser, ManagementUsersPage,
  OAuthError, PasswordChangeTicketResponse, TokenResponse,
} from '../../src/api/contract.js';

export type Reply<T> = { ok: true; data: T } | { ok: false; status: number; message: string };

const failure = (status: number, message: string): Reply<never> => ({ ok: false, status, message });

/** The server's own message from an error body: the Management API's envelope, or the Authentication API's. */
function messageOf(body: unknown, status: number): string {
  const management = ManagementError.safeParse(body);
  if (management.success) return management.data.message;
  const oauth = OAuthError.safeParse(body);
  return (oauth.success && oauth.data.error_description) || `The server answered ${status}.`;
}

/** `text`: the success body is text (the reset request's fixed sentence), not JSON. */
async function send<T>(path: string, init: RequestInit, schema: z.ZodMiniType<T>, text = false): Promise<Reply<T>> {
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch {
    return failure(0, 'The server cannot be reached. Check that it is running.');
  }
  const body: unknown = await (response.ok && text ? response.text() : response.json()).catch(() => undefined);
  if (!response.ok) return failure(response.status, messageOf(body, response.status));
  const parsed = schema.safeParse(body);
  return parsed.success ? { ok: true, data: parsed.data } : failure(response.status, 'The server sent an answer this page does not understand.');
}

const json = (method: string, body: unknown, headers: Record<string, string> = {}): RequestInit =>
  ({ method, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });

export async function signIn(email: string, password: string): Promise<Reply<ManagementClient>> {
  const result = await send('/dashboard/session', json('POST', { email, password }), TokenResponse);
  return result.ok ? { ok: true, data: new ManagementClient(result.data.access_token) } : result;
}

export class ManagementClient {
  constructor(private readonly token: string) {}

  private get auth() {
    return { Authorization: `Bearer ${this.token}` };
  }

  searchUsers(query: string) {
    const params = new URLSearchParams({ include_totals: 'true', per_page: '50', search_engine: 'v3' });
    if (query.trim()) params.set('q', query.trim());
    return send(`/api/v2/users?${params}`, { headers: this.auth }, ManagementUsersPage);
  }

  user(id: string) {
    return send(`/api/v2/users/${encodeURIComponent(id)}`, { headers: this.auth }, ManagementUser);
  }

  async connection(name: string): Promise<Reply<ManagementConnection>> {
    const result = await send(`/api/v2/connections?name=${encodeURIComponent(name)}`, { headers: this.auth }, z.array(ManagementConnection));
    if (!result.ok) return result;
    return result.data[0] ? { ok: true, data: result.data[0] } : failure(404, `The connection ${name} does not exist.`);
  }

  setPassword(id: string, password: string, connection: string) {
    return send(`/api/v2/users/${encodeURIComponent(id)}`, json('PATCH', { password, connection }, this.auth), ManagementUser);
  }

  /** Ours, not Auth0's: ends the user's sessions, refuses their password sign-in until they reset, and mails them a link. */
  requirePasswordReset(id: string) {
    return send(`/api/v2/users/${encodeURIComponent(id)}/require-password-reset`, { method: 'POST', headers: this.auth }, ManagementUser);
  }

  createTicket(userId: string) {
    return send('/api/v2/tickets/password-change', json('POST', { user_id: userId }, this.auth), PasswordChangeTicketResponse);
  }

  /** The Authentication API's reset request, as the user's own "forgot password" would send it. */
  sendResetEmail(email: string, connection: string) {
    return send('/dbconnections/change_password', json('POST', { email, connection }), z.string(), true);
  }
}
