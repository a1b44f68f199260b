/**
 * The "your password was changed" mail (OWASP's Forgot Password cheat sheet, ASVS 6.3.7), after a self-service
 * reset only: the seed says a Management API or dashboard change notifies nobody. Its "this wasn't me" link opens
 * the page that starts a new reset; nothing in it (no ticket, no code, no password) changes anything by itself.
 */
import { NEW_RESET_PAGE, PREFIX } from '../paths.js';
import { mailIn } from './mail-language.js';
import type { Deps, OutgoingMail, User } from './ports.js';
import { userMail } from './template.js';
import { findClient } from './tenant.js';

/**
 * The mail for `user`, naming the application the reset was for, in the first of `languages` (the reset page's),
 * then their stored locale, that the template has; undefined when the tenant turned it off.
 */
export function passwordChangedMail(deps: Deps, user: User, clientId: string | null, languages: readonly string[]): OutgoingMail | undefined {
  const template = deps.config.emailTemplates.passwordChangedEmail;
  if (!template.enabled) return undefined;
  const client = clientId === null ? undefined : findClient(deps.config, clientId);
  return userMail(deps.config, mailIn(template, [...languages, user.locale]), user, client?.name, { url: `${deps.baseUrl}${PREFIX.resetPage}${NEW_RESET_PAGE}` });
}
