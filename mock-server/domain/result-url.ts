/**
 * Where a password-change ticket may send the user afterwards (security checklist §42: no open
 * redirect). Only to a URL some application of the tenant lists in `allowedResultUrls`: the same
 * scheme, host and port, and a path at or under the listed one. Anything a browser might read
 * differently from us (scheme-relative, backslashes, whitespace or control characters, userinfo)
 * is refused outright instead of being normalised into something acceptable.
 */
import { isInteractive, type TenantConfig } from '../config.js';
import { absolute } from './tenant.js';

const ABSOLUTE_HTTP = /^https?:\/\//i;
// Space and below, DEL, C1 controls, the Unicode line separators, and backslash (read as "/" by browsers).
const AMBIGUOUS = /[\u0000-\u0020\u007f-\u009f\u2028\u2029\\]/;

const within = (path: string, prefix: string) =>
  path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`);

/** The normalised URL when `candidate` is allowed, otherwise undefined. */
export function allowedResultUrl(config: TenantConfig, baseUrl: string, candidate: string): string | undefined {
  if (!ABSOLUTE_HTTP.test(candidate) || AMBIGUOUS.test(candidate) || !URL.canParse(candidate)) return undefined;
  const url = new URL(candidate);
  if (url.username !== '' || url.password !== '') return undefined;
  // Our own pages are always safe; otherwise a URL an application lists as a result or callback URL.
  const allowed = ['/', ...config.clients.flatMap((client) => (isInteractive(client) ? [...client.allowedResultUrls, ...client.callbacks] : []))];
  const match = allowed.some((entry) => {
    const listed = new URL(absolute(baseUrl, entry));
    return url.origin === listed.origin && within(url.pathname, listed.pathname);
  });
  return match ? url.href : undefined;
}
