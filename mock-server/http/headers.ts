/** Response headers more than one route family sends. */
import { secureHeaders } from 'hono/secure-headers';

/** Answers that carry tokens, tickets or per-user state are never cached. */
export const NO_STORE = { 'Cache-Control': 'no-store' } as const;

/** Extra sources a tenant's customisation needs (its logo's and its stylesheet's origins). */
export interface CspAllowances {
  styleSrc?: string[];
  imgSrc?: string[];
}

/**
 * The strict CSP of every page we serve: script, style, images and requests from our own origin
 * only, no framing, no plugins; the components need nothing inline. A handler that sets its own
 * Content-Security-Policy (the form_post answer, which must post to the application) keeps it.
 */
export const strictCsp = ({ styleSrc = [], imgSrc = [] }: CspAllowances = {}) =>
  secureHeaders({
    overwrite: false,
    strictTransportSecurity: false, // app.ts's, which follows the public URL (https only)
    referrerPolicy: 'no-referrer',
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", ...styleSrc],
      imgSrc: ["'self'", ...imgSrc],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      frameAncestors: ["'none'"],
      formAction: ["'self'"],
    },
  });
