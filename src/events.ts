/**
 * The public events: one Event subclass each, payload in readonly fields. All bubble and are
 * composed (the components are top-level widgets that host apps may nest in their own shadow
 * roots). They fire only in response to what the user did, never when a property is set.
 */
import type { TokenResponse } from './api/contract.js';
import type { ErrorCode } from './api/errors.js';

/** The user signed in. */
export class LoginEvent extends Event {
  constructor(readonly email: string, readonly tokens: TokenResponse) {
    super('login', { bubbles: true, composed: true });
  }
}

/** The user asked to reset their password. Cancel it to handle that yourself (no view change, no navigation). */
export class ForgotPasswordEvent extends Event {
  constructor(readonly email: string) {
    super('forgot-password', { bubbles: true, composed: true, cancelable: true });
  }
}

/** The reset email was requested (the server answers the same whether or not the account exists). */
export class ResetEmailSentEvent extends Event {
  constructor(readonly email: string) {
    super('reset-email-sent', { bubbles: true, composed: true });
  }
}

/** Signing in failed; `code` is the client's stable error code, `retryAfter` the seconds to wait on 429. */
export class LoginFailedEvent extends Event {
  constructor(readonly code: ErrorCode, readonly retryAfter?: number) {
    super('login-failed', { bubbles: true, composed: true });
  }
}

/**
 * The new password is set. `resultUrl` is where the server sends the user next, if anywhere.
 * Cancelable: cancel it to stay on the confirmation and navigate yourself.
 */
export class PasswordChangedEvent extends Event {
  constructor(readonly email: string, readonly resultUrl?: string) {
    super('password-changed', { bubbles: true, composed: true, cancelable: true });
  }
}

/** Setting the new password failed; `code` is the client's stable error code (`invalid_password`, `invalid_ticket`, `network`, …), `retryAfter` the seconds to wait on 429. */
export class ResetFailedEvent extends Event {
  constructor(readonly code: ErrorCode, readonly retryAfter?: number) {
    super('reset-failed', { bubbles: true, composed: true });
  }
}

/** The user asked for a new reset link. Cancel it to handle that yourself (no built-in forgot-password view). */
export class RequestNewLinkEvent extends Event {
  constructor() {
    super('request-new-link', { bubbles: true, composed: true, cancelable: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'password-changed': PasswordChangedEvent;
    'reset-failed': ResetFailedEvent;
    'request-new-link': RequestNewLinkEvent;
    login: LoginEvent;
    'forgot-password': ForgotPasswordEvent;
    'reset-email-sent': ResetEmailSentEvent;
    'login-failed': LoginFailedEvent;
  }
}
