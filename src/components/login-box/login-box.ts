import { html, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ForgotPasswordEvent, LoginEvent, LoginFailedEvent, ResetEmailSentEvent } from '../../events.js';
import type { HostedLoginResponse, TokenResponse } from '../../api/contract.js';
import type { Messages } from '../../i18n/messages.js';
import { AuthElement } from '../auth-element.js';

export type LoginBoxView = 'sign-in' | 'forgot-password' | 'email-sent';

/**
 * Email/password sign-in with a "Don't remember your password?" link that opens a forgot-password
 * view (or your own page). The form renders in light DOM so password managers see its inputs;
 * styles are one constructed sheet scoped by tag name, and nothing is inline, so it runs under
 * `default-src 'self'`.
 *
 * @summary Sign-in box with password reset, talking to an Auth0-compatible server.
 *
 * @fires {LoginEvent} login - The user signed in; `email` and `tokens` (the token response).
 * @fires {ForgotPasswordEvent} forgot-password - The user activated the forgot-password link; `email` holds what they typed. Cancelable: cancel it to handle the request yourself (no view change, no navigation).
 * @fires {ResetEmailSentEvent} reset-email-sent - The reset email was requested for `email`.
 * @fires {LoginFailedEvent} login-failed - Signing in failed; `code` is a stable error code, `retryAfter` the seconds to wait on `too_many_requests`.
 *
 * @cssprop [--login-box-accent=#1f5fd1] - Submit button and link colour (dark: #8ab4f8).
 * @cssprop [--login-box-on-accent=#fff] - Text on the accent colour.
 * @cssprop [--login-box-text=#1b1f24] - Text colour.
 * @cssprop [--login-box-muted=#57606a] - Secondary text colour.
 * @cssprop [--login-box-surface=#fff] - Background of the box.
 * @cssprop [--login-box-field=#fff] - Background of the inputs.
 * @cssprop [--login-box-border=#6e7781] - Border colour of inputs and the show-password toggle.
 * @cssprop [--login-box-error=#b3261e] - Error text colour.
 * @cssprop [--login-box-radius=0.5rem] - Corner radius of the box (controls get half).
 * @cssprop [--login-box-gap=1rem] - Space between fields.
 * @cssprop [--login-box-width=24rem] - Maximum width.
 * @cssprop [--login-box-padding=1.5rem] - Padding of the box.
 * @cssprop [--login-box-font=inherit] - Font family.
 */
@customElement('login-box')
export class LoginBox extends AuthElement {
  protected override readonly ownStyles = undefined;

  /** What the user typed as their email, carried between the views. */
  @state() private email = '';

  /** Which view is open: `sign-in`, `forgot-password` or `email-sent`. Reflects the user's navigation. */
  @property({ reflect: true }) view: LoginBoxView = 'sign-in';

  /** Send "Don't remember your password?" to this URL instead of opening the built-in view (like Lock's `forgotPasswordLink`). */
  @property({ attribute: 'forgot-href' }) forgotHref = '';

  /** Hide the "Don't remember your password?" link. */
  @property({ type: Boolean, attribute: 'without-forgot-link' }) withoutForgotLink = false;

  /**
   * Hosted mode (the server's Universal Login page sets it): the login transaction to sign in to.
   * The box then posts to the server's own `/u/login` and follows its answer back to the application,
   * firing no `login` event (the application gets its tokens through the code flow).
   */
  @property() transaction = '';

  /** The email to start with (Universal Login's `login_hint`), until the user types their own. */
  @property({ attribute: 'login-hint' }) loginHint = '';

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('view') && changed.get('view') !== undefined) {
      this.error = undefined;
      this.fieldErrors = {};
    }
    if (changed.has('loginHint') && !this.email) this.email = this.loginHint;
  }

  /** A view change the user asked for: render it, then move focus to where the view starts. */
  private async openView(view: LoginBoxView): Promise<void> {
    this.view = view;
    this.passwordVisible = false;
    await this.updateComplete;
    this.querySelector<HTMLElement>(view === 'email-sent' ? `#${this.uid}-sent` : 'input')?.focus();
  }

  private handleEmailInput(event: Event): void {
    this.email = (event.target as HTMLInputElement).value;
  }

  private async handleSignInSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.waiting) return;
    const form = event.target as HTMLFormElement;
    if (!this.validate(form)) return;
    const email = (this.email = this.fieldValue(form, 'username').trim());
    const password = this.fieldValue(form, 'password');
    const result = await this.send<TokenResponse | HostedLoginResponse>((signal) => this.transaction
      ? this.api.hostedLogin({ state: this.transaction, username: email, password }, { signal })
      : this.api.login({ username: email, password, realm: this.connection }, { signal }));
    if (!result) return;
    if (result.ok) {
      this.notice = this.t.signedIn;
      const { data } = result;
      if ('location' in data) location.assign(data.location);
      else this.dispatchEvent(new LoginEvent(email, data));
    } else {
      this.showError(result.error);
      this.dispatchEvent(new LoginFailedEvent(result.error.code, result.error.retryAfter));
    }
  }

  private async handleForgotSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    if (this.waiting || !this.validate(form)) return;
    const email = (this.email = this.fieldValue(form, 'email').trim());
    const result = await this.send((signal) => this.api.requestPasswordReset({ email, connection: this.connection }, { signal, language: this.language }));
    if (!result) return;
    if (!result.ok) {
      this.showError(result.error);
      return;
    }
    await this.openView('email-sent');
    this.dispatchEvent(new ResetEmailSentEvent(email));
  }

  private handleForgotClick(event: Event): void {
    const accepted = this.dispatchEvent(new ForgotPasswordEvent(this.email.trim()));
    if (!accepted || !this.forgotHref) event.preventDefault();
    if (accepted && !this.forgotHref) void this.openView('forgot-password');
  }

  private handleBackClick(): void {
    void this.openView('sign-in');
  }

  protected override renderView(t: Messages) {
    return this.view === 'forgot-password' ? this.renderForgot(t) : this.view === 'email-sent' ? this.renderSent(t) : this.renderSignIn(t);
  }

  private renderEmail(t: Messages, name: string, autocomplete: string) {
    const id = `${this.uid}-${name}`;
    const own = this.fieldMessage(id, name, `${this.uid}-error`);
    return html`<div>
      <label for=${id}>${t.emailLabel}</label>
      <input id=${id} name=${name} type="email" autocomplete=${autocomplete} required maxlength="254"
        spellcheck="false" .value=${this.email} @input=${this.handleEmailInput}
        aria-invalid=${this.error === 'invalid_grant' || this.fieldErrors[name] ? 'true' : 'false'} aria-describedby=${own.describedBy}>
      ${own.message}
    </div>`;
  }

  private renderSignIn(t: Messages) {
    const forgot = this.withoutForgotLink ? '' : this.renderLink(t.forgotLink, this.handleForgotClick, this.forgotHref);
    return html`<h2 id="${this.uid}-title">${t.signInTitle}</h2>
      <form method="post" novalidate aria-labelledby="${this.uid}-title" aria-busy=${this.request.busy ? 'true' : 'false'}
        @input=${this.handleFieldInput} @submit=${this.handleSignInSubmit}>
        ${this.renderEmail(t, 'username', 'username')}
        ${this.renderPassword({
          name: 'password', label: t.passwordLabel, autocomplete: 'current-password', describedBy: `${this.uid}-error`, invalid: this.error === 'invalid_grant',
        })}
        ${forgot}
        ${this.renderWaitingButton(t.signInSubmit)}
      </form>`;
  }

  private renderForgot(t: Messages) {
    return html`<h2 id="${this.uid}-title">${t.forgotTitle}</h2>
      <p class="lb-hint" id="${this.uid}-hint">${t.forgotInstructions}</p>
      <form method="post" novalidate aria-labelledby="${this.uid}-title" aria-describedby="${this.uid}-hint" aria-busy=${this.request.busy ? 'true' : 'false'}
        @input=${this.handleFieldInput} @submit=${this.handleForgotSubmit}>
        ${this.renderEmail(t, 'email', 'email')}
        ${this.renderWaitingButton(t.forgotSubmit)}
        ${this.renderLink(t.backToSignIn, this.handleBackClick)}
      </form>`;
  }

  private renderSent(t: Messages) {
    return html`<h2>${t.sentTitle}</h2>
      <p id="${this.uid}-sent" tabindex="-1">${t.sentMessage}</p>
      ${this.renderLink(t.backToSignIn, this.handleBackClick)}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'login-box': LoginBox;
  }
}
