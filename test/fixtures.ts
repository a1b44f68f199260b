/**
 * The demo tenant as the tests know it (mock-server/tenants/demo.json): its people, its connection,
 * its app, and how a reset link looks in a mail. One copy for every suite: the Node tests
 * (test/mock-server, test/src/api), the component tests in the browser (test/src/components) and
 * the end-to-end walks (test/e2e). So it imports nothing, neither from Node nor from the DOM.
 */

/** A seeded user of the demo tenant. */
export const ADA = { email: 'ada@example.com', password: 'Ada-Lovelace-1815' };
/** The demo tenant's dashboard admin. */
export const ADMIN = { email: 'admin@example.com', password: 'Admin-Demo-2026' };
/** A new password the demo policy accepts. */
export const NEW_PASSWORD = 'Countess-of-Lovelace-1852';
/** The demo tenant's database connection (the realm of a password-realm grant). */
export const DB_CONNECTION = 'Username-Password-Authentication';
/** The demo tenant's single-page app. */
export const SPA_CLIENT_ID = 'demo-spa';

/** The body of `POST /dbconnections/change_password` for `email`, as the forgot-password view sends it. */
export const resetRequest = (email: string) => ({ client_id: SPA_CLIENT_ID, email, connection: DB_CONNECTION });

/** The password-realm grant's body, as auth0-js and the components send it for `username`. */
export const passwordRealmGrant = (username: string, password: string) => ({
  grant_type: 'http://auth0.com/oauth/grant-type/password-realm', client_id: SPA_CLIENT_ID,
  username, password, realm: DB_CONNECTION,
});

/** The reset link in a mail body (`<base>/lo/reset?ticket=…#`) and its ticket; throws when there is none. */
export function resetLinkInMail(text: string): { link: string; ticket: string } {
  const match = /(https?:\/\/\S+\/lo\/reset\?ticket=([\w-]+)#)/.exec(text);
  if (!match) throw new Error(`no reset link in mail: ${text}`);
  return { link: match[1]!, ticket: match[2]! };
}

/** The ticket of the reset link in a mail body. */
export const ticketFromMail = (text: string): string => resetLinkInMail(text).ticket;

/**
 * The one-time reset code in a mail body (tenant `resetEmail.method` code or both): 8 digits standing alone, so none
 * is read out of a link's ticket or an address; throws when there is none, or more than one.
 */
export function codeFromMail(text: string): string {
  const codes = new Set(Array.from(text.matchAll(/(?<![\w@.%+-])(\d{8})(?![\w@%+-]|\.\w)/g), (match) => match[1]!));
  if (codes.size !== 1) throw new Error(`expected one reset code in mail, found ${codes.size}: ${text}`);
  return [...codes][0]!;
}
